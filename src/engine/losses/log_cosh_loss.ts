import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { elementwiseCompute, termKernel } from './spec_kit';
import { BROADCAST_SHAPE_MISMATCH } from './shared_pitfalls';
import { SHAPES } from './shapes';

const LOG2 = Math.log(2);

const kernel = termKernel((x, y, _param, out) => {
    const d = x - y;
    const a = Math.abs(d);
    out[0] = a + Math.log1p(Math.exp(-2 * a)) - LOG2;
    out[1] = Math.tanh(d);
    out[2] = -out[1];
});

export const spec: LossSpec = {
  id: 'log_cosh_loss',
  title: 'Log-cosh loss',
  family: 'regression',
  summary: 'log(cosh(x − y)): about ½(x − y)² for small errors and |x − y| − log 2 for large ones; smooth everywhere, like a Huber loss without a delta.',
  formula: { unicode: 'ℓᵢ = log cosh(xᵢ − yᵢ)', latex: '\\ell_i = \\log\\cosh(x_i - y_i)' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Predictions x.' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Targets y.' },
  ],
  options: [
    reductionOption('over all elements'),
  ],
  shapes: SHAPES.elementwise,
  spellings: [
    { framework: 'keras', kind: 'string', name: 'log_cosh', note: "compile(loss='log_cosh'): keras.losses.LogCosh." },
  ],
  whenToUse: ['Regression with some outliers when you want a smooth loss (second derivative everywhere) without choosing a delta.', 'A drop-in for MSE in models where large errors should not dominate.'],
  pitfalls: [
    { id: 'logcosh-scale', title: 'Behaves like L1 beyond |error| ≈ 1', detail: 'Log-cosh is quadratic only for errors well below 1 unit of the target; with targets in thousands it is essentially L1 − log 2. Normalise the targets.' },
    { id: 'logcosh-overflow', title: 'cosh overflows when computed naively', detail: 'log(cosh(x)) written literally overflows for |x| > 710; use |x| + log1p(e^(−2|x|)) − log 2 (as here, and as Keras writes it with softplus).' },

    BROADCAST_SHAPE_MISMATCH,
  ],
  gradient: 'd/dx = tanh(x − y), bounded by ±1 like Huber with δ = 1 but smooth; d/dy is its negative.',
  references: [
    { title: 'keras.losses.LogCosh — Keras API reference', url: 'https://keras.io/api/losses/regression_losses/' },
    { title: 'Chen, P. et al. (2019). Log Hyperbolic Cosine Loss Improves Variational Auto-Encoder. ICLR OpenReview.' },

  ],
  expects: { prediction: 'values', target: 'values' },
  compute: elementwiseCompute(() => spec, kernel, () => 0),
};
