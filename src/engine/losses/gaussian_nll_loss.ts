import { LossError } from '../errors';
import type { LossSpec, OptionValue } from '../catalog/types';
import { Tensor, formatShape, sameShape } from '../tensor';
import { broadcastAll, gradFor, valuesAt } from '../kernels/broadcast_operands';
import { callOptions, rejectUnknownNames } from './call_options';
import { reduce, requireArg } from './common';
import { reductionOption } from './option_specs';
import { small } from './number_words';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';

const ID = 'gaussian_nll_loss';
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

export const spec: LossSpec = {
  id: ID,
  title: 'Gaussian negative log-likelihood',
  family: 'probabilistic',
  summary: 'Negative log-likelihood of the target under a Gaussian with the predicted mean and variance: regression that also learns its own uncertainty.',
  formula: {
    unicode: 'ℓᵢ = ½·(log max(varᵢ, eps) + (xᵢ − yᵢ)² / max(varᵢ, eps))  (+ ½·log 2π with full);  mean: (1/n) Σᵢ ℓᵢ',
    latex: '\\ell_i = \\frac12\\left(\\log\\max(\\sigma_i^2, \\epsilon) + \\frac{(x_i - y_i)^2}{\\max(\\sigma_i^2, \\epsilon)}\\right) \\;\\bigl(+\\tfrac12\\log 2\\pi\\bigr)',
  },
  args: [
    { name: 'input', shape: '(N, *) or (*)', dtype: 'float', differentiable: true, meaning: 'Predicted means μ.' },
    { name: 'target', shape: 'broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Observed values y.' },
    {
      name: 'var', shape: 'same as input, or input with the last dimension 1 or dropped (one variance per sample)', dtype: 'float', differentiable: true,
      meaning: 'Predicted variances σ² ≥ 0 (e.g. softplus or exp of a network output); clamped at eps for stability.',
    },
  ],
  options: [
    {
      name: 'full',
      type: 'boolean',
      default: false,
      meaning: 'Adds the constant ½·log(2π), making the value the exact negative log-likelihood; gradients do not change.',
      explain: (v: OptionValue) => (v === true ? 'adds the constant ½·log 2π ≈ 0.919 per element: the exact NLL, same gradients' : 'drops the constant ½·log 2π, which does not affect training'),
    },
    {
      name: 'eps',
      type: 'number',
      default: 1e-6,
      range: { min: 0 },
      meaning: 'Variances below eps are clamped to eps (outside autograd: the gradient is taken at the clamped value as if there were no clamp).',
      explain: (v: OptionValue) =>
        typeof v === 'number' && v > 0
          ? `variances below ${small(v)} count as ${small(v)}, so a perfect prediction's loss cannot drop below ½·log(${small(v)}) ≈ ${Number((0.5 * Math.log(v)).toPrecision(3))} per element`
          : 'a small positive number',
      tunable: { min: 1e-9, max: 1e-1, step: 1e-6 },
    },
    reductionOption('over all elements'),
  ],
  shapes: {
    input: '(N, *) or (*)',
    target: 'same shape as input (broadcastable)',
    output: "scalar; with reduction='none', the broadcast shape of input, target and var",
  },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.GaussianNLLLoss', positional: [] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.gaussian_nll_loss', positional: ['input', 'target', 'var', 'full', 'eps', 'reduction'] },
  ],
  whenToUse: [
    'Heteroscedastic regression: the model outputs a mean and a variance per prediction and should say where it is unsure.',
    'Probabilistic forecasting and uncertainty-aware regression heads (ensembles, active learning, robotics).',
    'Homoscedastic noise with one learned variance per sample: pass var of shape (N) or (N, 1).',
  ],
  pitfalls: [
    {
      id: 'gaussian-nll-variance-collapse',
      title: 'Variance collapse and ignored hard points',
      detail:
        'The model can lower the loss by shrinking the variance on easy points (the loss goes towards −½·log eps) and inflating it on hard ones, which then stop being fitted. ' +
        'Keep eps, warm up with MSE, or use a β-weighted variant; watch the mean error separately from the NLL.',
    },
    {
      id: 'gaussian-nll-std-vs-var',
      title: 'Passing a standard deviation or log-variance as var',
      detail: 'var is the variance σ², not σ or log σ². A log-variance output must go through exp first; negative entries raise "var has negative entry".',
    },
    {
      id: 'gaussian-nll-negative-values',
      title: 'The loss is negative and unbounded below',
      detail: 'With small variances the NLL is below zero; a falling negative loss is normal and not comparable with MSE values.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx = (x − y)/v: the squared-error gradient scaled down where the model claims high variance. d/dv = ½·(1/v − (x − y)²/v²), zero when v equals the squared error. ' +
    'd/dy = −(x − y)/v. v = max(var, eps) is clamped without autograd, so below eps the gradient is the one at eps, not zero. Divided by n for mean.',
  references: [
    { title: 'torch.nn.GaussianNLLLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.GaussianNLLLoss.html' },
    { title: 'torch.nn.functional.gaussian_nll_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.gaussian_nll_loss.html' },
    { title: 'Nix, Weigend, Estimating the mean and variance of the target probability distribution, 1994' },
    { title: 'Seitzer et al., On the Pitfalls of Heteroscedastic Uncertainty Estimation with Probabilistic Neural Networks, ICLR 2022' },
  ],
  expects: { prediction: 'values', target: 'values' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const read = callOptions(spec, options);
    const full = read.boolean('full');
    const eps = read.number('eps');
    const input = requireArg(ID, args, 'input');
    const target = requireArg(ID, args, 'target');
    const variance = requireArg(ID, args, 'var');
    const varShape = homoscedasticShape(input.shape, variance.shape);
    const reductionName = read.string('reduction');
    if (reductionName !== 'none' && reductionName !== 'mean' && reductionName !== 'sum') {
      throw new LossError(ID, 'reduction', `${JSON.stringify(reductionName)} is not valid (use 'none', 'mean' or 'sum')`);
    }
    for (let i = 0; i < variance.size; i++) {
      if (variance.data[i]! < 0) throw new LossError(ID, 'var', `has negative entry/entries (var[${i}] = ${variance.data[i]})`);
    }
    const varView = variance.reshape(varShape);
    const shape = broadcastAll(ID, [['input', input.shape], ['target', target.shape], ['var', varShape]]);
    const x = valuesAt(input, shape);
    const y = valuesAt(target, shape);
    const v = valuesAt(varView, shape);
    const n = x.length;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const vi = Math.max(v[i]!, eps);
      const d = x[i]! - y[i]!;
      const l = 0.5 * (Math.log(vi) + (d * d) / vi);
      values[i] = full ? l + HALF_LOG_TWO_PI : l;
    }
    const { value, scale } = reduce(values, shape, reductionName);
    const grad: Record<string, Tensor> = {};
    if (wantGrad) {
      const gx = new Float64Array(n);
      const gy = new Float64Array(n);
      const gv = new Float64Array(n);
      const half = 0.5 * scale;
      for (let i = 0; i < n; i++) {
        const vi = Math.max(v[i]!, eps);
        const d = x[i]! - y[i]!;
        const dd = 2 * d * (half / vi);
        gx[i] = dd;
        gy[i] = -dd;
        gv[i] = half / vi - (half * (d * d)) / (vi * vi);
      }
      grad['input'] = gradFor(gx, shape, input);
      grad['target'] = gradFor(gy, shape, target);
      grad['var'] = gradFor(gv, shape, varView).reshape(variance.shape);
    }
    return { value, grad };
  },
};

/** PyTorch 1.13's accepted var shapes: input's shape; input's shape without its last dimension
 *  (unsqueezed to size 1 there); or input's leading dimensions with a last dimension of 1. */
function homoscedasticShape(input: readonly number[], variance: readonly number[]): readonly number[] {
  if (sameShape(input, variance)) return variance;
  const lead = input.slice(0, -1);
  if (sameShape(lead, variance)) return [...variance, 1];
  if (variance.length > 0 && sameShape(lead, variance.slice(0, -1)) && variance[variance.length - 1] === 1) return variance;
  throw new LossError(ID, 'var', `is of incorrect size ${formatShape(variance)} for input ${formatShape(input)} (use the input shape, or the input shape with the last dimension 1 or dropped)`);
}
