import type { ElementwiseForm, LossSpec, Options, PointwiseKernel } from '../catalog/types';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { LEGACY_REDUCTION_OPTIONS, reductionOption } from './option_specs';
import { computePointwise } from './pointwise';
import { BROADCAST_SHAPE_MISMATCH, MSE_FOR_CLASSIFICATION, NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';
import { SHAPES } from './shapes';

const squaredError: PointwiseKernel = (x, y, values, gx, gy, scale) => {
  let sum = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - y[i]!;
    const v = d * d;
    sum += v;
    if (values !== null) values[i] = v;
    if (gx !== null && gy !== null) {
      const g = 2 * d * scale;
      gx[i] = g;
      gy[i] = -g;
    }
  }
  return sum;
};

function elementwise(options: Options): ElementwiseForm {
  return { kernel: squaredError, param: 0, reduction: readReduction(callOptions(spec, options), true) };
}

export const spec: LossSpec = {
  id: 'mse_loss',
  title: 'Mean squared error (MSE, squared L2)',
  family: 'regression',
  summary: 'Squared difference between prediction and target, averaged: the default regression loss, Gaussian noise assumed.',
  formula: {
    unicode: 'ℓᵢ = (xᵢ − yᵢ)²;  mean: (1/n) Σᵢ ℓᵢ,  sum: Σᵢ ℓᵢ',
    latex: '\\ell_i = (x_i - y_i)^2, \\qquad \\mathcal{L}_{\\text{mean}} = \\frac{1}{n}\\sum_{i=1}^{n} (x_i - y_i)^2',
  },
  args: [
    { name: 'input', shape: '(*), any shape', dtype: 'float', differentiable: true, meaning: 'Predictions x.' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Targets y, same units as input.' },
  ],
  options: [...LEGACY_REDUCTION_OPTIONS, reductionOption('over all elements')],
  shapes: SHAPES.elementwiseBroadcastWarning,
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.MSELoss', positional: ['size_average', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.mse_loss', positional: ['input', 'target', 'size_average', 'reduce', 'reduction'] },
    {
      framework: 'keras', kind: 'module', name: 'keras.losses.MeanSquaredError', argMap: { y_true: 'target', y_pred: 'input' },
      note: 'Called as loss(y_true, y_pred): target first. Averages over the last axis, then over the batch (same number when every sample has the same size).',
    },
    { framework: 'keras', kind: 'functional', name: 'keras.losses.mean_squared_error', argMap: { y_true: 'target', y_pred: 'input' }, note: 'Returns one value per sample (mean over the last axis), no batch reduction.' },
    { framework: 'keras', kind: 'string', name: 'mse', note: "compile(loss='mse'): Keras's MeanSquaredError." },
    { framework: 'keras', kind: 'string', name: 'mean_squared_error', note: "compile(loss='mean_squared_error'): Keras's MeanSquaredError." },
    { framework: 'jax', kind: 'functional', name: 'optax.squared_error', argMap: { predictions: 'input', targets: 'target' }, note: "Elementwise (x − y)² like reduction='none'; take .mean() yourself." },
    { framework: 'jax', kind: 'functional', name: 'optax.l2_loss', argMap: { predictions: 'input', targets: 'target' }, note: "Elementwise 0.5·(x − y)²: half of PyTorch's value and gradient." },
    { framework: 'sklearn', kind: 'functional', name: 'sklearn.metrics.mean_squared_error', argMap: { y_true: 'target', y_pred: 'input' }, note: 'A metric on arrays (no gradients); y_true first; multioutput averages the per-output errors.' },
    { framework: 'sklearn', kind: 'string', name: 'squared_error', note: "SGDRegressor(loss='squared_error') minimises 0.5·(x − y)² plus a penalty: half of PyTorch's value." },
  ],
  whenToUse: [
    'Regression with roughly Gaussian noise, where large errors should cost much more than small ones.',
    'When you want the model to predict the conditional mean of the target.',
    'Smooth targets such as normalised coordinates, pixel values or value-function estimates.',
  ],
  pitfalls: [
    {
      id: 'outliers-dominate-mse',
      title: 'Outliers dominate',
      detail:
        'The loss and its gradient grow with the square of the error, so a few wrong or extreme targets can dominate ' +
        'training and pull predictions toward them. With heavy-tailed noise or label errors prefer huber_loss, ' +
        'smooth_l1_loss or l1_loss.',
    },
    MSE_FOR_CLASSIFICATION,
    {
      id: 'unscaled-targets',
      title: 'Targets in large units',
      detail: 'The value scales with the square of the target units (metres vs millimetres differ by 10⁶): standardise the targets, or the learning rate that works for one scale explodes on another.',
    },
    BROADCAST_SHAPE_MISMATCH,
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx = 2(x − y) (divided by n for mean): linear in the error, so it vanishes smoothly near the optimum and grows without bound for large errors. ' +
    'd/dy = −2(x − y). Gradients with respect to broadcast arguments are summed back to their own shape.',
  references: [
    { title: 'torch.nn.MSELoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.MSELoss.html' },
    { title: 'torch.nn.functional.mse_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.mse_loss.html' },
    { title: 'keras.losses.MeanSquaredError — Keras API reference', url: 'https://keras.io/api/losses/regression_losses/' },
    { title: 'sklearn.metrics.mean_squared_error — scikit-learn', url: 'https://scikit-learn.org/stable/modules/generated/sklearn.metrics.mean_squared_error.html' },
  ],
  expects: { prediction: 'values', target: 'values' },
  elementwise,
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    return computePointwise(
      { loss: 'mse_loss', ...elementwise(options), boolOperands: 'as-integers', integerPair: 'rejected', integerInput: 'allowed', mixedDtypeBackward: 'rejected' },
      args,
      wantGrad,
    );
  },
};
