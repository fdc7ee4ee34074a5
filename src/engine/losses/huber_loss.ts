import { LossError } from '../errors';
import type { ElementwiseForm, LossSpec, Options, PointwiseKernel } from '../catalog/types';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { fmt, reductionOption } from './option_specs';
import { computePointwise } from './pointwise';
import { BROADCAST_SHAPE_MISMATCH, NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';
import { SHAPES } from './shapes';

/** ATen's huber forward and backward for one error d (the path for NaN, infinities, overflow). */
function huberValue(d: number, delta: number): number {
  const a = Math.abs(d);
  return a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
}

function huberGrad(d: number, delta: number, scale: number): number {
  return d < -delta ? -delta * scale : d > delta ? delta * scale : d * scale;
}

/** Random errors make ATen's `|d| < δ` branch unpredictable, so the loop selects with a 0/1
 *  mask instead (V8 compiles the comparison to a flag, not a jump). Exactly one of the two
 *  products is kept and the other is multiplied by 0, so finite results round exactly like
 *  ATen's; a NaN (from d NaN or ±inf, or ½d² overflowing) sends that element down ATen's branches. */
const huber: PointwiseKernel = (x, y, values, gx, gy, scale, delta) => {
  let sum = 0;
  const n = x.length;
  const halfDelta = 0.5 * delta;
  const cappedGrad = delta * scale;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - y[i]!;
    const a = Math.abs(d);
    const quadratic = +(a < delta);
    const linear = 1 - quadratic;
    let v = quadratic * (0.5 * d * d) + linear * (delta * (a - halfDelta));
    let g = quadratic * (d * scale) + linear * (cappedGrad * (+(d > 0) - +(d < 0)));
    if (v !== v) {
      v = huberValue(d, delta);
      g = huberGrad(d, delta, scale);
    }
    sum += v;
    if (values !== null) values[i] = v;
    if (gx !== null && gy !== null) {
      gx[i] = g;
      gy[i] = -g;
    }
  }
  return sum;
};

function elementwise(options: Options): ElementwiseForm {
  const read = callOptions(spec, options);
  const reduction = readReduction(read, false);
  const delta = read.number('delta');
  if (!(delta > 0)) throw new LossError('huber_loss', 'delta', `must be positive, got ${delta}`);
  return { kernel: huber, param: delta, reduction };
}

export const spec: LossSpec = {
  id: 'huber_loss',
  title: 'Huber loss',
  family: 'regression',
  summary: 'Squared error for small errors, absolute error (scaled by delta) for large ones: MSE near the target, robust to outliers.',
  formula: {
    unicode: 'ℓᵢ = ½(xᵢ − yᵢ)² if |xᵢ − yᵢ| < δ, else δ·(|xᵢ − yᵢ| − ½δ)',
    latex:
      '\\ell_i = \\begin{cases} \\tfrac12 (x_i - y_i)^2 & \\lvert x_i - y_i \\rvert < \\delta \\\\ \\delta\\,\\bigl(\\lvert x_i - y_i \\rvert - \\tfrac12\\delta\\bigr) & \\text{otherwise} \\end{cases}',
  },
  args: [
    { name: 'input', shape: '(*), any shape', dtype: 'float', differentiable: true, meaning: 'Predictions x.' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Targets y, same units as input.' },
  ],
  options: [
    reductionOption('over all elements'),
    {
      name: 'delta',
      type: 'number',
      default: 1.0,
      range: { min: 0, exclusiveMin: true },
      meaning: 'Error size where the loss switches from quadratic to linear; in the units of the target. Must be positive.',
      explain: (v) =>
        typeof v === 'number' && v > 0
          ? `quadratic for |error| < ${fmt(v)}, linear beyond (slope ±${fmt(v)}): errors larger than ${fmt(v)} count like outliers`
          : `delta must be positive (PyTorch raises for ${JSON.stringify(v)})`,
      tunable: { min: 0.05, max: 5, step: 0.05 },
    },
  ],
  shapes: SHAPES.elementwiseBroadcastWarning,
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.HuberLoss', positional: ['reduction', 'delta'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.huber_loss', positional: ['input', 'target', 'reduction', 'delta'] },
    {
      framework: 'keras', kind: 'module', name: 'keras.losses.Huber', argMap: { y_true: 'target', y_pred: 'input', delta: 'delta' },
      note: 'Called as loss(y_true, y_pred): target first. Same formula and default delta 1.0; averages over the last axis, then over the batch.',
    },
    { framework: 'keras', kind: 'functional', name: 'keras.losses.huber', argMap: { y_true: 'target', y_pred: 'input', delta: 'delta' }, note: 'One value per sample (mean over the last axis).' },
    { framework: 'keras', kind: 'string', name: 'huber', note: "compile(loss='huber'): keras.losses.Huber with delta 1.0." },
    { framework: 'jax', kind: 'functional', name: 'optax.huber_loss', argMap: { predictions: 'input', targets: 'target', delta: 'delta' }, note: "Elementwise like reduction='none'; same formula and default delta 1.0." },
    {
      framework: 'sklearn', kind: 'string', name: 'huber', argMap: { epsilon: 'delta' },
      note: "SGDRegressor(loss='huber', epsilon=...): same piecewise form with delta = epsilon, whose default is 0.1, not 1.0.",
    },
  ],
  whenToUse: [
    'Regression with occasional outliers: behaves like MSE for errors below delta, like L1 above it.',
    'Value targets in reinforcement learning (DQN clips the TD error this way).',
    'When you know the error size beyond which a residual should be treated as an outlier: set delta to it.',
  ],
  pitfalls: [
    {
      id: 'huber-delta-units',
      title: 'delta is in the units of the target',
      detail:
        'delta = 1 means "1 unit": with targets in thousands nearly every error is in the linear (L1) regime, with targets ' +
        'in [0, 0.01] nearly every error is quadratic and Huber is just MSE/2. Choose delta from the scale of typical residuals.',
    },
    {
      id: 'huber-vs-smooth-l1',
      title: 'Not the same as smooth_l1_loss for delta ≠ 1',
      detail: 'huber_loss(δ) = δ · smooth_l1_loss(β = δ): same shape, the gradient of Huber is capped at ±δ while smooth L1 is capped at ±1. Swapping one for the other changes the effective learning rate.',
    },
    BROADCAST_SHAPE_MISMATCH,
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx = (x − y) when |x − y| ≤ δ, ±δ beyond (÷n for mean); d/dy is its negative. Continuous, bounded by δ: outliers ' +
    'pull with a constant force while small errors give MSE-like, shrinking steps.',
  references: [
    { title: 'torch.nn.HuberLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.HuberLoss.html' },
    { title: 'torch.nn.functional.huber_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.huber_loss.html' },
    { title: 'keras.losses.Huber — Keras API reference', url: 'https://keras.io/api/losses/regression_losses/' },
    { title: 'Huber, P. J. (1964). Robust Estimation of a Location Parameter. Annals of Mathematical Statistics 35(1).' },
  ],
  expects: { prediction: 'values', target: 'values' },
  elementwise,
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    return computePointwise(
      { loss: 'huber_loss', ...elementwise(options), boolOperands: 'as-integers', integerPair: 'rejected', integerInput: 'rejected', mixedDtypeBackward: 'rejected' },
      args,
      wantGrad,
    );
  },
};
