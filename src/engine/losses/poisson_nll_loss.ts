import { LossError } from '../errors';
import type { ElementwiseForm, LossSpec, Options, OptionValue, PointwiseKernel } from '../catalog/types';
import type { Tensor } from '../tensor';
import { broadcastAll, gradFor, valuesAt } from '../kernels/broadcast_operands';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { requireArg } from './common';
import { LEGACY_REDUCTION_OPTIONS, reductionOption } from './option_specs';
import { applyElementwise } from './pointwise';
import { small } from './number_words';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';
import { SHAPES } from './shapes';

const ID = 'poisson_nll_loss';
const TWO_PI = 2 * Math.PI;

export const spec: LossSpec = {
  id: ID,
  title: 'Poisson negative log-likelihood',
  family: 'probabilistic',
  summary: 'Negative log-likelihood of count targets under a Poisson distribution whose rate the model predicts (as a log-rate by default).',
  formula: {
    unicode: 'log_input: ℓᵢ = e^(xᵢ) − yᵢ·xᵢ;  otherwise ℓᵢ = xᵢ − yᵢ·log(xᵢ + eps);  full adds yᵢ·log yᵢ − yᵢ + ½·log(2π·yᵢ) where yᵢ > 1',
    latex: '\\ell_i = e^{x_i} - y_i x_i \\;\\text{(log input)}, \\qquad \\ell_i = x_i - y_i \\log(x_i + \\epsilon); \\quad \\text{full: } + y_i \\log y_i - y_i + \\tfrac12 \\log(2\\pi y_i)\\,[y_i > 1]',
  },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Predicted log-rate log λ (log_input=True) or rate λ ≥ 0 (log_input=False).' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Observed counts y ≥ 0 (PyTorch does not check).' },
  ],
  options: [
    {
      name: 'log_input',
      type: 'boolean',
      default: true,
      meaning: 'If true, input is the log-rate and the loss is e^x − y·x; if false, input is the rate and the loss is x − y·log(x + eps).',
      explain: (v: OptionValue) =>
        v === false ? 'input is the rate λ itself (must be ≥ 0, e.g. after softplus); eps guards log(0)' : 'input is the log-rate: any real number, the rate is e^input (the stable choice)',
    },
    {
      name: 'full',
      type: 'boolean',
      default: false,
      meaning: 'Adds the Stirling approximation of log(y!) for targets above 1, making the value the full negative log-likelihood (gradients w.r.t. input are unchanged).',
      explain: (v: OptionValue) =>
        v === true ? 'adds y·log y − y + ½·log(2πy) where y > 1 so the value is the full NLL; the input gradient does not change' : 'drops the log(y!) term, which does not depend on the prediction',
    },
    ...LEGACY_REDUCTION_OPTIONS,
    {
      name: 'eps',
      type: 'number',
      default: 1e-8,
      range: { min: 0 },
      meaning: 'Added to the rate inside the log when log_input is false, to avoid log(0).',
      explain: (v: OptionValue) => (typeof v === 'number' ? `log(input + ${small(v)}) is used when log_input=False; it has no effect with log_input=True` : 'a small positive number'),
      tunable: { min: 1e-12, max: 1e-2, step: 1e-8 },
    },
    { ...reductionOption('over all elements'), choices: ['none', 'mean', 'sum'] },
  ],
  shapes: SHAPES.elementwise,
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.PoissonNLLLoss', positional: ['log_input', 'full', 'size_average', 'eps', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.poisson_nll_loss', positional: ['input', 'target', 'log_input', 'full', 'size_average', 'eps', 'reduce', 'reduction'] },
    {
      framework: 'keras', kind: 'module', name: 'keras.losses.Poisson', argMap: { y_true: 'target', y_pred: 'input' },
      note: 'y_pred is the rate (log_input=False) and the loss is y_pred − y_true·log(y_pred + ε), averaged over the last axis.',
    },
    { framework: 'keras', kind: 'functional', name: 'keras.losses.poisson', argMap: { y_true: 'target', y_pred: 'input' }, note: 'Per-sample mean over the last axis; rate, not log-rate.' },
    { framework: 'keras', kind: 'string', name: 'poisson', note: "compile(loss='poisson'): the model must output a positive rate (e.g. exponential or softplus activation)." },
    {
      framework: 'keras', kind: 'functional', name: 'tensorflow.nn.log_poisson_loss', argMap: { log_input: 'input', targets: 'target', compute_full_loss: 'full' },
      note: 'TensorFlow: log-rate input as log_input=True here; elementwise; compute_full_loss adds the same Stirling term.',
    },
    {
      framework: 'sklearn', kind: 'string', name: 'poisson',
      note: "HistGradientBoostingRegressor(loss='poisson') and PoissonRegressor minimise the Poisson deviance with a log link, i.e. this loss with log_input=True up to constants.",
    },
  ],
  whenToUse: [
    'Count targets: events per interval, photon counts, clicks, cases, sales units.',
    'When the variance grows with the mean (a Poisson-like noise model).',
    'Keep log_input=True and let the model output a log-rate: no positivity constraint and a stable loss.',
  ],
  pitfalls: [
    {
      id: 'poisson-log-input-confusion',
      title: 'log_input does not match what the model outputs',
      detail:
        'With the default log_input=True the input is a log-rate; passing a rate (after exp or softplus) makes the loss e^λ − y·λ, which fits the wrong scale. ' +
        'With log_input=False a negative input gives log of a negative number (NaN). Match the flag to the last layer.',
    },
    {
      id: 'poisson-exp-overflow',
      title: 'Large log-rates overflow',
      detail: 'e^x overflows to inf above x ≈ 709 in float64 (≈ 88 in float32): an exploding model output turns the loss into inf/NaN. Clip the output or lower the learning rate.',
    },
    {
      id: 'poisson-full-target-gradient',
      title: 'full=True gives NaN target gradients at zero counts',
      detail: 'PyTorch masks the Stirling term after computing log y, so a differentiable target with zeros gets NaN gradients when full=True. Targets are normally data, so detach them.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'log_input: d/dx = e^x − y, zero when the predicted rate equals the count and growing exponentially when the rate is over-predicted; ' +
    'otherwise d/dx = 1 − y/(x + eps), which explodes as the rate approaches 0. d/dy = −x (or −log(x + eps)), plus log y + 1/(2y) where y > 1 with full=True. Divided by n for mean.',
  references: [
    { title: 'torch.nn.PoissonNLLLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.PoissonNLLLoss.html' },
    { title: 'torch.nn.functional.poisson_nll_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.poisson_nll_loss.html' },
    { title: 'Keras probabilistic losses (Poisson)', url: 'https://keras.io/api/losses/probabilistic_losses/' },
  ],
  expects: { prediction: 'values', target: 'counts' },
  elementwise,
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const form = elementwise(options);
    const input = requireArg(ID, args, 'input');
    const target = requireArg(ID, args, 'target');
    const shape = broadcastAll(ID, [['input', input.shape], ['target', target.shape]]);
    const { value, gx, gy } = applyElementwise(form, valuesAt(input, shape), valuesAt(target, shape), shape, wantGrad);
    const grad: Record<string, Tensor> = {};
    if (gx && gy) {
      grad['input'] = gradFor(gx, shape, input);
      grad['target'] = gradFor(gy, shape, target);
    }
    return { value, grad };
  },
};

function elementwise(options: Options): ElementwiseForm {
  const legacy = [options['size_average'], options['reduce']].some((v) => v !== undefined && v !== null);
  // F.poisson_nll_loss checks reduction itself and does not take the old 'elementwise_mean' alias.
  if (!legacy && options['reduction'] === 'elementwise_mean') throw new LossError(ID, 'reduction', "'elementwise_mean' is not a valid value (use 'none', 'mean' or 'sum')");
  const read = callOptions(spec, options);
  const reduction = readReduction(read, true);
  const logInput = read.boolean('log_input');
  const full = read.boolean('full');
  const eps = read.number('eps');
  return { kernel: poissonKernel(logInput, full, eps), param: 0, reduction };
}

function poissonKernel(logInput: boolean, full: boolean, eps: number): PointwiseKernel {
  return (x, y, values, gx, gy, scale) => {
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const yi = y[i]!;
      let l = logInput ? Math.exp(xi) - yi * xi : xi - yi * Math.log(xi + eps);
      if (full && yi > 1) l += yi * Math.log(yi) - yi + 0.5 * Math.log(TWO_PI * yi);
      if (values !== null) values[i] = l;
      sum += l;
      if (gx !== null && gy !== null) {
        let dy: number;
        if (logInput) {
          gx[i] = (Math.exp(xi) - yi) * scale;
          dy = -xi * scale;
        } else {
          gx[i] = (1 - yi / (xi + eps)) * scale;
          dy = -Math.log(xi + eps) * scale;
        }
        if (full) dy += stirlingGrad(yi > 1 ? scale : 0, yi);
        gy[i] = dy;
      }
    }
    return sum;
  };
}

/** Backward of y·log y − y + ½·log(2πy) for upstream g, term by term as autograd does, so that the
 *  masked entries (g = 0) still give 0·log 0 = NaN at y = 0 like PyTorch. */
function stirlingGrad(g: number, y: number): number {
  return g * Math.log(y) + (g * y) / y - g + ((0.5 * g) / (TWO_PI * y)) * TWO_PI;
}
