import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { elementwiseCompute, termKernel } from './spec_kit';
import { BROADCAST_SHAPE_MISMATCH } from './shared_pitfalls';
import { SHAPES } from './shapes';


const kernel = termKernel((x, y, _param, out) => {
    const d = Math.log1p(x) - Math.log1p(y);
    out[0] = d * d;
    out[1] = (2 * d) / (1 + x);
    out[2] = (-2 * d) / (1 + y);
});

export const spec: LossSpec = {
  id: 'mean_squared_log_error',
  title: 'Mean squared logarithmic error',
  family: 'regression',
  summary: '(log(1 + x) − log(1 + y))²: squared error of the logs, for positive targets spanning orders of magnitude.',
  formula: { unicode: 'ℓᵢ = (log(1 + xᵢ) − log(1 + yᵢ))²', latex: '\\ell_i = \\bigl(\\log(1 + x_i) - \\log(1 + y_i)\\bigr)^2' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Predictions x.' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Targets y.' },
  ],
  options: [
    reductionOption('over all elements'),
  ],
  shapes: SHAPES.elementwise,
  spellings: [
    { framework: 'keras', kind: 'string', name: 'msle', note: "compile(loss='msle'): keras.losses.MeanSquaredLogarithmicError." },
  ],
  whenToUse: ['Positive targets over several orders of magnitude (counts, prices) where relative error matters.', 'When under-prediction should cost more than over-prediction of the same size.'],
  pitfalls: [
    { id: 'msle-negative', title: 'Negative values', detail: 'log(1 + x) is undefined for x ≤ −1: scikit-learn rejects any negative value, Keras clips both arguments at 1e-7 — a model producing negatives trains silently against a clipped target. Use a softplus or exp output.' },

    BROADCAST_SHAPE_MISMATCH,
  ],
  gradient: 'd/dx = 2(log(1 + x) − log(1 + y))/(1 + x): relative errors count, so large targets get small gradients.',
  references: [
    { title: 'sklearn.metrics.mean_squared_log_error — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.mean_squared_log_error.html' },
    { title: 'keras.losses.MeanSquaredLogarithmicError — Keras API reference', url: 'https://keras.io/api/losses/regression_losses/' },

  ],
  expects: { prediction: 'values', target: 'values' },
  compute: elementwiseCompute(() => spec, kernel, () => 0),
};
