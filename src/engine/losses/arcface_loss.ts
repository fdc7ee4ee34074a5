import type { LossSpec } from '../catalog/types';
import { computedAs } from './framework_defined';
import { EMBEDDING_ARGS } from './metric_learning_catalog';
import { SHAPES } from './shapes';

export const spec: LossSpec = {
  id: 'arcface_loss',
  title: 'ArcFace (additive angular margin) loss',
  family: 'embedding',
  summary: 'Softmax cross-entropy on scaled cosine logits against learned class centres, with an additive angular margin m on the true class: cos(θ_y + m).',
  formula: {
    unicode: 'ℓᵢ = −log( e^{s·cos(θ_y + m)} / (e^{s·cos(θ_y + m)} + Σ_{k≠y} e^{s·cos θₖ}) ),  cos θₖ = ûᵢ·ŵₖ (cos θ_y − m·sin m when θ_y > π − m)',
    latex: '\\ell_i = -\\log \\frac{e^{s \\cos(\\theta_{y_i} + m)}}{e^{s \\cos(\\theta_{y_i} + m)} + \\sum_{k \\ne y_i} e^{s \\cos \\theta_k}}',
  },
  args: [
    ...EMBEDDING_ARGS,
    { name: 'W', shape: '(D, C)', dtype: 'float', differentiable: false, meaning: 'Class centres (the loss\'s parameter), one column per class; normalised inside.' },
  ],
  options: [
    { name: 'num_classes', type: 'integer', default: null, meaning: 'Number of classes C (required).' },
    { name: 'embedding_size', type: 'integer', default: null, meaning: 'Embedding dimension D (required).' },
    { name: 'margin', type: 'number', default: 28.6, meaning: 'Additive angular margin in degrees (28.6° ≈ 0.5 rad).', tunable: { min: 0, max: 60, step: 0.5 } },
    { name: 'scale', type: 'number', default: 64, meaning: 'Logit scale s.', tunable: { min: 1, max: 128, step: 1 } },
  ],
  shapes: SHAPES.embeddingsLabels,
  spellings: [{ framework: 'pytorch-metric-learning', kind: 'module', name: 'pytorch_metric_learning.losses.ArcFaceLoss', note: 'This definition; W is a parameter of the loss module: give it to the optimiser.' }],
  whenToUse: ['Face recognition and other open-set identification with many classes.', 'Fine-grained retrieval when class labels are available for training.'],
  pitfalls: [
    { id: 'arcface-optimise-w', title: 'The loss has parameters: optimise them', detail: 'W lives in the loss module; forgetting loss_fn.parameters() in the optimiser leaves the class centres random.' },
    { id: 'arcface-margin-degrees', title: 'PML takes the margin in degrees', detail: 'insightface uses m = 0.5 rad; PML\'s 28.6 is the same angle in degrees. Passing 0.5 gives almost no margin.' },
    { id: 'arcface-scale', title: 'Large scale with few classes saturates', detail: 's = 64 suits thousands of classes; with few classes the softmax saturates early and gradients vanish; try s ≈ 16–32.' },
  ],
  gradient: 'Cross-entropy gradient on the scaled logits; on the true class multiplied by sin(θ + m)/sin θ (the derivative of cos(θ + m) in cos θ); through the normalisation onto the embeddings.',
  references: [
    { title: 'Deng et al., ArcFace: Additive Angular Margin Loss for Deep Face Recognition, CVPR 2019', url: 'https://arxiv.org/abs/1801.07698' },
    { title: 'pytorch-metric-learning ArcFaceLoss', url: 'https://kevinmusgrave.github.io/pytorch-metric-learning/losses/#arcfaceloss' },
  ],
  expects: { prediction: 'embeddings', target: 'class_indices' },
  compute: computedAs('pytorch_metric_learning.losses.ArcFaceLoss'),
};
