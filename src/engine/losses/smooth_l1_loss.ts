import { LossError } from '../errors';
import type { ElementwiseForm, LossSpec, Options, PointwiseKernel } from '../catalog/types';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { LEGACY_REDUCTION_OPTIONS, fmt, reductionOption } from './option_specs';
import { computePointwise } from './pointwise';
import { BROADCAST_SHAPE_MISMATCH, NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';
import { SHAPES } from './shapes';

/** ATen's smooth_l1 value and backward for one error d (the backward with input and target
 *  swapped gives the target gradient, which is not the negative of the input's at d = 0 when
 *  β = 0: PyTorch 1.13 returns −1 for both there). */
function smoothL1Value(d: number, beta: number): number {
  const a = Math.abs(d);
  return a < beta ? (0.5 * a * a) / beta : a - 0.5 * beta;
}

function smoothL1Grad(d: number, beta: number, scale: number): number {
  return d <= -beta ? -scale : d >= beta ? scale : (scale * d) / beta;
}

/** ATen's branches element by element: used for β = 0, where the masked form below would divide by zero. */
const smoothL1Branches: PointwiseKernel = (x, y, values, gx, gy, scale, beta) => {
  let sum = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - y[i]!;
    const v = smoothL1Value(d, beta);
    sum += v;
    if (values !== null) values[i] = v;
    if (gx !== null && gy !== null) {
      gx[i] = smoothL1Grad(d, beta, scale);
      gy[i] = smoothL1Grad(-d, beta, scale);
    }
  }
  return sum;
};

/** For β > 0 the regions are |d| < β (quadratic) and |d| ≥ β for value and both gradients alike,
 *  so one 0/1 mask selects them without unpredictable branches; the kept product rounds exactly
 *  like ATen's and the other is multiplied by 0. NaN (d NaN or ±inf, overflow) takes ATen's branches. */
const smoothL1: PointwiseKernel = (x, y, values, gx, gy, scale, beta) => {
  if (!(beta > 0)) return smoothL1Branches(x, y, values, gx, gy, scale, beta);
  let sum = 0;
  const n = x.length;
  const halfBeta = 0.5 * beta;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - y[i]!;
    const a = Math.abs(d);
    const quadratic = +(a < beta);
    const linear = 1 - quadratic;
    let v = quadratic * ((0.5 * a * a) / beta) + linear * (a - halfBeta);
    let g = quadratic * ((scale * d) / beta) + linear * (scale * (+(d > 0) - +(d < 0)));
    let gt = quadratic * ((scale * -d) / beta) - linear * (scale * (+(d > 0) - +(d < 0)));
    if (v !== v) {
      v = smoothL1Value(d, beta);
      g = smoothL1Grad(d, beta, scale);
      gt = smoothL1Grad(-d, beta, scale);
    }
    sum += v;
    if (values !== null) values[i] = v;
    if (gx !== null && gy !== null) {
      gx[i] = g;
      gy[i] = gt;
    }
  }
  return sum;
};

function elementwise(options: Options): ElementwiseForm {
  const read = callOptions(spec, options);
  const reduction = readReduction(read, true);
  const beta = read.number('beta');
  if (!(beta >= 0)) throw new LossError('smooth_l1_loss', 'beta', `must not be negative, got ${beta}`);
  return { kernel: smoothL1, param: beta, reduction };
}

export const spec: LossSpec = {
  id: 'smooth_l1_loss',
  title: 'Smooth L1 loss',
  family: 'regression',
  summary: 'L1 with the kink rounded off: quadratic (scaled by 1/beta) below beta, |error| − beta/2 above. The box-regression loss of Fast R-CNN.',
  formula: {
    unicode: 'ℓᵢ = ½(xᵢ − yᵢ)²/β if |xᵢ − yᵢ| < β, else |xᵢ − yᵢ| − ½β',
    latex:
      '\\ell_i = \\begin{cases} \\tfrac{1}{2\\beta}(x_i - y_i)^2 & \\lvert x_i - y_i \\rvert < \\beta \\\\ \\lvert x_i - y_i \\rvert - \\tfrac12\\beta & \\text{otherwise} \\end{cases}',
  },
  args: [
    { name: 'input', shape: '(*), any shape', dtype: 'float', differentiable: true, meaning: 'Predictions x.' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float or int', differentiable: true, meaning: 'Targets y, same units as input.' },
  ],
  options: [
    ...LEGACY_REDUCTION_OPTIONS,
    reductionOption('over all elements'),
    {
      name: 'beta',
      type: 'number',
      default: 1.0,
      range: { min: 0 },
      meaning: 'Error size where the loss switches from quadratic to linear; 0 gives plain L1. Must not be negative.',
      explain: (v) => {
        if (v === 0) return 'beta 0: exactly the L1 loss |error|';
        if (typeof v === 'number' && v > 0) return `quadratic (|error|²/${fmt(2 * v)}) for |error| < ${fmt(v)}, linear with slope ±1 beyond`;
        return `beta must be ≥ 0 (PyTorch raises for ${JSON.stringify(v)})`;
      },
      tunable: { min: 0, max: 5, step: 0.05 },
    },
  ],
  shapes: SHAPES.elementwiseBroadcastWarning,
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.SmoothL1Loss', positional: ['size_average', 'reduce', 'reduction', 'beta'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.smooth_l1_loss', positional: ['input', 'target', 'size_average', 'reduce', 'reduction', 'beta'] },
  ],
  whenToUse: [
    'Bounding-box regression in detectors (Fast/Faster R-CNN, SSD): robust to badly matched boxes.',
    'Regression where you want L1 robustness but a smooth minimum (gradients shrink near zero error).',
  ],
  pitfalls: [
    {
      id: 'smooth-l1-small-beta',
      title: 'Small beta makes the quadratic zone very steep',
      detail:
        'Below beta the loss is error²/(2β): with β = 0.01 the curvature is 100, so errors smaller than β get large, ' +
        'oscillating steps. Either use β = 0 (pure L1) or a β close to the typical residual size.',
    },
    {
      id: 'huber-vs-smooth-l1',
      title: 'Not the same as huber_loss for beta ≠ 1',
      detail: 'smooth_l1_loss(β) = huber_loss(δ = β) / β: the linear part always has slope ±1 here. Keras and optax only have Huber.',
    },
    BROADCAST_SHAPE_MISMATCH,
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx = (x − y)/β when |x − y| < β, ±1 beyond (÷n for mean); d/dy is the same expression with x and y swapped. ' +
    'Bounded by 1. With β = 0 it is sign(x − y), except that PyTorch returns −1 (not 0) at exactly zero error, for input and for target.',
  references: [
    { title: 'torch.nn.SmoothL1Loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.SmoothL1Loss.html' },
    { title: 'torch.nn.functional.smooth_l1_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.smooth_l1_loss.html' },
    { title: 'Girshick, R. (2015). Fast R-CNN. ICCV.', url: 'https://arxiv.org/abs/1504.08083' },
  ],
  expects: { prediction: 'values', target: 'values' },
  elementwise,
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    return computePointwise(
      { loss: 'smooth_l1_loss', ...elementwise(options), boolOperands: 'as-integers', integerPair: 'rejected', integerInput: 'allowed', mixedDtypeBackward: 'allowed' },
      args,
      wantGrad,
    );
  },
};
