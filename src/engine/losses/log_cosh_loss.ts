import type { LossSpec, PointwiseKernel } from '../catalog/types';
import { reductionOption } from './option_specs';
import { elementwiseCompute } from './spec_kit';
import { fastExp as fastExpImport } from '../kernels/fast_exp';
import { BROADCAST_SHAPE_MISMATCH } from './shared_pitfalls';
import { SHAPES } from './shapes';
import { log1pUnit as log1pUnitImport } from '../kernels/fast_log1p';
import { logCoshSimd } from '../kernels/elementwise_simd';

// The hot loops' alias of fastExp (why: fast_exp.ts).
const fastExp = fastExpImport;
const log1pUnit = log1pUnitImport;

const LOG2 = Math.log(2);

/** Its own loop rather than a term for termKernel: a loop shared by many losses calls a different
 *  term per loss at one site, which V8 cannot inline (about 3× slower here). One exponential gives
 *  both the value, |d| + log(1 + e^(−2|d|)) − log 2, and the gradient, tanh(d) = sign(d)·(1 − e)/(1 + e).
 *  Where WebAssembly SIMD runs, the same arithmetic two at a time (elementwise_simd.ts). */
export const logCoshLoop: PointwiseKernel = (x, y, values, gx, gy, scale) => {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - y[i]!;
    const a = Math.abs(d);
    const e = fastExp(-2 * a);
    const v = a + log1pUnit(e) - LOG2;
    sum += v;
    if (values !== null) values[i] = v;
    if (gx !== null && gy !== null) {
      // 1 − e loses digits for small |d|: expm1 there.
      const t = (a < 0.1 ? -Math.expm1(-2 * a) : 1 - e) / (1 + e);
      const g = (d < 0 ? -t : t) * scale;
      gx[i] = g;
      gy[i] = -g;
    }
  }
  return sum;
};

const kernel: PointwiseKernel = (x, y, values, gx, gy, scale, param) =>
  logCoshSimd(x, y, values, gx, gy, scale) ?? logCoshLoop(x, y, values, gx, gy, scale, param);

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
