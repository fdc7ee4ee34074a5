import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { elementwiseCompute, termKernel } from './spec_kit';
import { BROADCAST_SHAPE_MISMATCH } from './shared_pitfalls';
import { SHAPES } from './shapes';


const kernel = termKernel((x, y, _param, out) => {
    const h = Math.max(0, 1 - y * x);
    out[0] = h * h;
    out[1] = -2 * h * y;
    out[2] = -2 * h * x;
});

export const spec: LossSpec = {
  id: 'squared_hinge_loss',
  title: 'Squared hinge loss',
  family: 'margin',
  summary: 'max(0, 1 − y·x)² with labels ±1: the L2-SVM loss; differentiable at the margin.',
  formula: { unicode: 'ℓᵢ = max(0, 1 − yᵢ·xᵢ)²', latex: '\\ell_i = \\max(0,\\ 1 - y_i x_i)^2' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Decision scores x (real numbers, not probabilities).' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Labels y ∈ {−1, +1}.' },
  ],
  options: [
    reductionOption('over all elements'),
  ],
  shapes: SHAPES.elementwise,
  spellings: [
    { framework: 'keras', kind: 'string', name: 'squared_hinge', note: "compile(loss='squared_hinge'): keras.losses.SquaredHinge." },
    { framework: 'sklearn', kind: 'string', name: 'squared_hinge', note: "SGDClassifier(loss='squared_hinge'): the L2-SVM loss." },
  ],
  whenToUse: ['Margin classification with a smooth (once-differentiable) loss: L2-SVMs.', 'When larger margin violations should be penalised more than linearly.'],
  pitfalls: [
    { id: 'sqhinge-labels-01', title: '0/1 labels', detail: 'Labels must be ±1; Keras converts all-0/1 labels, other frameworks do not.' },
    { id: 'sqhinge-outliers', title: 'Sensitive to mislabelled points', detail: 'The squared violation lets a few badly wrong samples dominate, unlike the plain hinge.' },

    BROADCAST_SHAPE_MISMATCH,
  ],
  gradient: 'd/dx = −2·y·max(0, 1 − y·x): continuous, growing with the violation.',
  references: [
    { title: 'keras.losses.SquaredHinge — Keras API reference', url: 'https://keras.io/api/losses/hinge_losses/' },
    { title: 'Lee, C.-P. & Lin, C.-J. (2013). A Study on L2-Loss (Squared Hinge-Loss) Multiclass SVM. Neural Computation 25(5).' },

  ],
  expects: { prediction: 'scores', target: 'plus_minus_one' },
  compute: elementwiseCompute(() => spec, kernel, () => 0),
};
