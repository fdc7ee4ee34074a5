import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { elementwiseCompute, termKernel } from './spec_kit';
import { BROADCAST_SHAPE_MISMATCH } from './shared_pitfalls';
import { SHAPES } from './shapes';


const kernel = termKernel((x, y, _param, out) => {
    const m = 1 - y * x;
    const active = m > 0 ? 1 : 0;
    out[0] = active * m;
    out[1] = -active * y;
    out[2] = -active * x;
});

export const spec: LossSpec = {
  id: 'hinge_loss',
  title: 'Hinge loss',
  family: 'margin',
  summary: 'max(0, 1 − y·x) with labels ±1: the linear SVM loss; zero once a sample is on the right side with margin 1.',
  formula: { unicode: 'ℓᵢ = max(0, 1 − yᵢ·xᵢ)', latex: '\\ell_i = \\max(0,\\ 1 - y_i x_i)' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Decision scores x (real numbers, not probabilities).' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Labels y ∈ {−1, +1}.' },
  ],
  options: [
    reductionOption('over all elements'),
  ],
  shapes: SHAPES.elementwise,
  spellings: [
    { framework: 'keras', kind: 'string', name: 'hinge', note: "compile(loss='hinge'): keras.losses.Hinge (0/1 labels mapped to ±1)." },
    { framework: 'sklearn', kind: 'string', name: 'hinge', note: "SGDClassifier(loss='hinge'): the linear SVM hinge max(0, 1 − y·x)." },
  ],
  whenToUse: ['Binary classification with ±1 labels where only the decision matters (linear SVMs, margin heads).', 'Scores rather than probabilities are wanted.'],
  pitfalls: [
    { id: 'hinge-labels-01', title: '0/1 labels', detail: 'With 0/1 labels a negative (y = 0) gives a constant loss of 1 and no gradient. Keras maps all-0/1 labels to ±1 itself; PyTorch and optax do not.' },
    { id: 'hinge-no-probabilities', title: 'Scores are not probabilities', detail: 'The hinge is indifferent to how far beyond the margin a sample is: its scores are not calibrated. Use logistic/BCE losses when probabilities are needed.' },

    BROADCAST_SHAPE_MISMATCH,
  ],
  gradient: 'd/dx = −y inside the margin (y·x < 1), 0 outside: only margin violators are pushed.',
  references: [
    { title: 'Cortes, C. & Vapnik, V. (1995). Support-vector networks. Machine Learning 20.' },
    { title: 'sklearn.metrics.hinge_loss — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.hinge_loss.html' },

  ],
  expects: { prediction: 'scores', target: 'plus_minus_one' },
  compute: elementwiseCompute(() => spec, kernel, () => 0),
};
