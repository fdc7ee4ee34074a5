import type { ElementwiseForm, LossSpec, Options, PointwiseKernel } from '../catalog/types';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { LEGACY_REDUCTION_OPTIONS, reductionOption } from './option_specs';
import { computePointwise } from './pointwise';
import { BROADCAST_SHAPE_MISMATCH, MSE_FOR_CLASSIFICATION, NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';
import { SHAPES } from './shapes';

/** |x − y| with PyTorch's sign, (0 < d) − (d < 0): 0 at the kink and for NaN. */
const absoluteError: PointwiseKernel = (x, y, values, gx, gy, scale) => {
  let sum = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - y[i]!;
    const v = Math.abs(d);
    sum += v;
    if (values !== null) values[i] = v;
    if (gx !== null && gy !== null) {
      const g = (+(d > 0) - +(d < 0)) * scale;
      gx[i] = g;
      gy[i] = -g;
    }
  }
  return sum;
};

function elementwise(options: Options): ElementwiseForm {
  return { kernel: absoluteError, param: 0, reduction: readReduction(callOptions(spec, options), true) };
}

export const spec: LossSpec = {
  id: 'l1_loss',
  title: 'Mean absolute error (MAE, L1)',
  family: 'regression',
  summary: 'Absolute difference between prediction and target, averaged: robust to outliers, predicts the median.',
  formula: {
    unicode: 'ℓᵢ = |xᵢ − yᵢ|;  mean: (1/n) Σᵢ ℓᵢ,  sum: Σᵢ ℓᵢ',
    latex: '\\ell_i = \\lvert x_i - y_i \\rvert, \\qquad \\mathcal{L}_{\\text{mean}} = \\frac{1}{n}\\sum_{i=1}^{n} \\lvert x_i - y_i \\rvert',
  },
  args: [
    { name: 'input', shape: '(*), any shape', dtype: 'float or int', differentiable: true, meaning: 'Predictions x.' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float or int', differentiable: true, meaning: 'Targets y, same units as input.' },
  ],
  options: [...LEGACY_REDUCTION_OPTIONS, reductionOption('over all elements')],
  shapes: SHAPES.elementwiseBroadcastWarning,
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.L1Loss', positional: ['size_average', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.l1_loss', positional: ['input', 'target', 'size_average', 'reduce', 'reduction'] },
    {
      framework: 'keras', kind: 'module', name: 'keras.losses.MeanAbsoluteError', argMap: { y_true: 'target', y_pred: 'input' },
      note: 'Called as loss(y_true, y_pred): target first. Averages over the last axis, then over the batch.',
    },
    { framework: 'keras', kind: 'functional', name: 'keras.losses.mean_absolute_error', argMap: { y_true: 'target', y_pred: 'input' }, note: 'Returns one value per sample (mean over the last axis), no batch reduction.' },
    { framework: 'keras', kind: 'string', name: 'mae', note: "compile(loss='mae'): Keras's MeanAbsoluteError." },
    { framework: 'keras', kind: 'string', name: 'mean_absolute_error', note: "compile(loss='mean_absolute_error'): Keras's MeanAbsoluteError." },
    { framework: 'sklearn', kind: 'functional', name: 'sklearn.metrics.mean_absolute_error', argMap: { y_true: 'target', y_pred: 'input' }, note: 'A metric on arrays (no gradients); y_true first.' },
  ],
  whenToUse: [
    'Regression with outliers or heavy-tailed noise: every error costs in proportion to its size.',
    'When the conditional median, not the mean, is the right prediction.',
    'Reporting an error in the units of the target (MAE is easy to read).',
  ],
  pitfalls: [
    {
      id: 'constant-gradient-near-optimum',
      title: 'Gradient does not shrink near the optimum',
      detail:
        'The gradient is ±1 (÷n) however small the error, so with a fixed learning rate the parameters keep jumping around ' +
        'the optimum. Decay the learning rate, or use smooth_l1_loss / huber_loss to get a quadratic bowl near zero.',
    },
    MSE_FOR_CLASSIFICATION,
    BROADCAST_SHAPE_MISMATCH,
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx = sign(x − y) (÷n for mean), with sign(0) = 0 at the kink (and 0 for NaN) as in PyTorch; d/dy = −sign(x − y). ' +
    'Bounded: outliers cannot dominate, but the step does not shrink as the error goes to zero.',
  references: [
    { title: 'torch.nn.L1Loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.L1Loss.html' },
    { title: 'torch.nn.functional.l1_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.l1_loss.html' },
    { title: 'keras.losses.MeanAbsoluteError — Keras API reference', url: 'https://keras.io/api/losses/regression_losses/' },
    { title: 'sklearn.metrics.mean_absolute_error — scikit-learn', url: 'https://scikit-learn.org/stable/modules/generated/sklearn.metrics.mean_absolute_error.html' },
  ],
  expects: { prediction: 'values', target: 'values' },
  elementwise,
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    return computePointwise(
      { loss: 'l1_loss', ...elementwise(options), boolOperands: 'rejected', integerPair: 'sum-or-none', integerInput: 'allowed', mixedDtypeBackward: 'allowed' },
      args,
      wantGrad,
    );
  },
};
