import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { OptionReader } from './common';
import { readReduction, rejectUnknownNames } from './call_options';
import { LEGACY_REDUCTION_OPTIONS, fmt, reductionOption } from './option_specs';
import { computePointwise, type PointwiseKernel } from './pointwise';
import { BROADCAST_SHAPE_MISMATCH, NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';

/** ATen's smooth_l1 forward and backward. The target gradient is ATen's backward evaluated with
 *  input and target swapped, which is not the exact negative of the input gradient at d = 0 when
 *  β = 0 (both are −1 there, as PyTorch 1.13 returns). */
const smoothL1: PointwiseKernel = (x, y, values, gx, gy, scale, beta) => {
  let sum = 0;
  const n = x.length;
  const halfBeta = 0.5 * beta;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - y[i]!;
    const a = Math.abs(d);
    const v = a < beta ? (0.5 * d * d) / beta : a - halfBeta;
    sum += v;
    if (values) values[i] = v;
    if (gx && gy) {
      gx[i] = d <= -beta ? -scale : d >= beta ? scale : (scale * d) / beta;
      const e = -d;
      gy[i] = e <= -beta ? -scale : e >= beta ? scale : (scale * e) / beta;
    }
  }
  return sum;
};

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
  shapes: {
    input: '(*)',
    target: '(*), same shape as input (other broadcastable shapes are broadcast with a warning)',
    output: "scalar; with reduction='none', the broadcast shape of input and target",
  },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.SmoothL1Loss' },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.smooth_l1_loss' },
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
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const reduction = readReduction('smooth_l1_loss', options, true);
    const beta = new OptionReader('smooth_l1_loss', options).number('beta', 1.0);
    if (!(beta >= 0)) throw new LossError('smooth_l1_loss', 'beta', `must not be negative, got ${beta}`);
    return computePointwise(
      { loss: 'smooth_l1_loss', kernel: smoothL1, param: beta, reduction, boolOperands: 'as-integers', integerPair: 'rejected', integerInput: 'allowed', mixedDtypeBackward: 'allowed' },
      args,
      wantGrad,
    );
  },
};
