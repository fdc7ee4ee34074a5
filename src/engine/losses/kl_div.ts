import { LossError } from '../errors';
import type { LossSpec, OptionValue } from '../catalog/types';
import { Tensor } from '../tensor';
import { broadcastAll, gradFor, valuesAt } from '../kernels/broadcast_operands';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { requireArg } from './common';
import { LEGACY_REDUCTION_OPTIONS } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';
import { SHAPES } from './shapes';

const ID = 'kl_div';

export const spec: LossSpec = {
  id: ID,
  title: 'Kullback–Leibler divergence',
  family: 'probabilistic',
  summary: "Pointwise KL divergence y·(log y − x) between a target distribution y and log-probabilities x; 'batchmean' gives the true KL per sample.",
  formula: {
    unicode: 'ℓᵢ = yᵢ·(log yᵢ − xᵢ)  (0 where yᵢ = 0);  log_target: ℓᵢ = e^(yᵢ)·(yᵢ − xᵢ);  batchmean: Σᵢ ℓᵢ / N',
    latex: '\\ell_i = y_i(\\log y_i - x_i), \\qquad \\mathcal{L}_{\\text{batchmean}} = \\frac{1}{N}\\sum_i \\ell_i = \\frac{1}{N}\\sum_n D_{\\mathrm{KL}}(y_n \\,\\|\\, e^{x_n})',
  },
  args: [
    { name: 'input', shape: '(*), typically (N, C)', dtype: 'float', differentiable: true, meaning: 'Log-probabilities x of the model distribution (log_softmax output).' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Target probabilities y (or log-probabilities with log_target=True).' },
  ],
  options: [
    ...LEGACY_REDUCTION_OPTIONS,
    {
      name: 'reduction',
      type: 'enum',
      default: 'mean',
      choices: ['none', 'batchmean', 'sum', 'mean'],
      meaning: "'batchmean' divides the sum by the batch size (the mathematically correct KL per sample); 'mean' divides by the number of elements; 'sum' and 'none' as usual.",
      explain: (v: OptionValue) => {
        if (v === 'batchmean') return 'sum of the pointwise terms divided by the batch size input.size(0): the KL divergence per sample';
        if (v === 'mean') return "divides by every element (batch × classes), so the value is KL/C, not the KL divergence; PyTorch warns and recommends 'batchmean'";
        if (v === 'sum') return 'sum over all elements: the KL divergence summed over the batch';
        if (v === 'none') return 'pointwise terms y·(log y − x), same shape as the inputs';
        return `${JSON.stringify(v)} is not a valid reduction (use 'none', 'batchmean', 'sum' or 'mean')`;
      },
    },
    {
      name: 'log_target',
      type: 'boolean',
      default: false,
      meaning: 'Whether target is given as log-probabilities (more stable when it has tiny probabilities).',
      explain: (v: OptionValue) => (v === true ? 'target holds log-probabilities: ℓ = e^y·(y − x)' : 'target holds probabilities: ℓ = y·(log y − x), with 0·log 0 = 0'),
    },
  ],
  shapes: SHAPES.elementwise,
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.KLDivLoss', positional: ['size_average', 'reduce', 'reduction', 'log_target'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.kl_div', positional: ['input', 'target', 'size_average', 'reduce', 'reduction', 'log_target'] },
    {
      framework: 'keras', kind: 'module', name: 'keras.losses.KLDivergence', argMap: { y_true: 'target', y_pred: 'input' },
      note: 'Takes probabilities for both (y_pred is not in log space), clips them to [ε, 1], and sums over the last axis: like batchmean on log(y_pred).',
    },
    { framework: 'keras', kind: 'functional', name: 'keras.losses.kl_divergence', argMap: { y_true: 'target', y_pred: 'input' }, note: 'Per-sample KL over the last axis, probabilities for both arguments.' },
    { framework: 'keras', kind: 'string', name: 'kl_divergence', note: "compile(loss='kl_divergence'): y_pred are probabilities (softmax output)." },
    { framework: 'keras', kind: 'string', name: 'kld', note: "Alias of 'kl_divergence'." },
    {
      framework: 'jax', kind: 'functional', name: 'optax.kl_divergence', argMap: { log_predictions: 'input', targets: 'target' },
      note: 'Same argument convention (log-predictions, probability targets); sums over the last axis, one value per example.',
    },
    {
      framework: 'jax', kind: 'functional', name: 'optax.kl_divergence_with_log_targets', argMap: { log_predictions: 'input', log_targets: 'target' },
      note: 'log_target=True; sums over the last axis.',
    },
  ],
  whenToUse: [
    'Knowledge distillation: match the student log-probabilities to the teacher (temperature-softened) probabilities.',
    'Matching a predicted distribution to a target distribution (label distributions, policy distillation, VAE-style regularisers on discrete distributions).',
    "Use reduction='batchmean' to get the KL divergence per sample.",
  ],
  pitfalls: [
    {
      id: 'kl-div-argument-order',
      title: 'Arguments are log-probabilities and probabilities, in that order',
      detail:
        'kl_div(input, target) computes KL(target ‖ exp(input)): input must be log-probabilities (log_softmax), target probabilities. ' +
        'Passing probabilities as input or logits as target gives a number that is not a divergence and can be negative.',
    },
    {
      id: 'kl-div-mean-reduction',
      title: "reduction='mean' is not the KL divergence",
      detail: "'mean' divides by the number of elements (batch × classes). Use 'batchmean' for the per-sample KL divergence; 'mean' is C times smaller.",
    },
    {
      id: 'kl-div-zero-target-gradient',
      title: 'Target gradient is NaN where the target is exactly 0',
      detail:
        'PyTorch 1.13 computes y·log y with xlogy, whose derivative with respect to y at y = 0 is 0/0: the value is fine (0) but a differentiable target with zeros ' +
        'gets NaN gradients. Detach the target (the usual case) or use log_target=True.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx = −y (−e^y with log_target): constant in x, so the log_softmax before it shapes the signal (p − y per logit for batchmean over a softmax). ' +
    'd/dy = log y + 1 − x (NaN at y = 0, as PyTorch 1.13\'s xlogy gives); with log_target e^y·(y − x + 1). Divided by the element count for mean, by N for batchmean.',
  references: [
    { title: 'torch.nn.KLDivLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.KLDivLoss.html' },
    { title: 'torch.nn.functional.kl_div — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.kl_div.html' },
    { title: 'Hinton, Vinyals, Dean, Distilling the Knowledge in a Neural Network, 2015' },
    { title: 'optax losses (kl_divergence)', url: 'https://optax.readthedocs.io/en/latest/api/losses.html' },
  ],
  expects: { prediction: 'log_probabilities', target: 'class_probabilities' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const requested = options['reduction'];
    const legacy = [options['size_average'], options['reduce']].some((v) => v !== undefined && v !== null);
    const batchmean = requested === 'batchmean';
    // F.kl_div computes 'batchmean' as 'sum' and then divides by input.size(0) (also after a legacy reduction).
    const opt = callOptions(spec, options);
    const reduction = legacy || !batchmean ? readReduction(opt, true) : 'sum';
    const logTarget = opt.boolean('log_target');
    const input = requireArg(ID, args, 'input');
    const target = requireArg(ID, args, 'target');
    if (!input.isFloating || !target.isFloating) throw new LossError(ID, input.isFloating ? 'target' : 'input', 'integral inputs are not supported (use floating point)');
    const shape = broadcastAll(ID, [['input', input.shape], ['target', target.shape]]);
    const x = valuesAt(input, shape);
    const y = valuesAt(target, shape);
    const n = x.length;
    const values = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const yi = y[i]!;
      const l = logTarget ? Math.exp(yi) * (yi - xi) : xlogy(yi, yi) - yi * xi;
      values[i] = l;
      sum += l;
    }
    const batchDivisor = batchmean && input.ndim !== 0 ? input.shape[0]! : 1;
    let scale = 1;
    let value: Tensor;
    if (reduction === 'none') {
      if (batchDivisor !== 1) for (let i = 0; i < n; i++) values[i]! /= batchDivisor;
      value = new Tensor(shape, values);
    } else if (reduction === 'sum') {
      value = Tensor.scalar(sum / batchDivisor);
    } else {
      value = Tensor.scalar(sum / n / batchDivisor);
      scale = 1 / n;
    }
    const grad: Record<string, Tensor> = {};
    if (wantGrad) {
      const g = scale / batchDivisor;
      const gx = new Float64Array(n);
      const gy = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const xi = x[i]!;
        const yi = y[i]!;
        if (logTarget) {
          const e = Math.exp(yi);
          gx[i] = -e * g;
          gy[i] = g * (yi - xi) * e + g * e;
        } else {
          gx[i] = -yi * g;
          // Autograd of xlogy(y, y) − y·x: the first slot's grad is masked to 0 at y = 0, the second is g·y/y (NaN at 0).
          const first = yi === 0 ? 0 : xlogy(g, yi);
          gy[i] = first + (g * yi) / yi - g * xi;
        }
      }
      grad['input'] = gradFor(gx, shape, input);
      grad['target'] = gradFor(gy, shape, target);
    }
    return { value, grad };
  },
};

/** x·log(y) with 0·log(y) = 0 (torch.xlogy), NaN when y is NaN. */
function xlogy(a: number, b: number): number {
  if (b !== b) return NaN;
  if (a === 0) return 0;
  return a * Math.log(b);
}
