import type { LossSpec } from '../catalog/types';
import { computedAs } from './framework_defined';
import { BATCH_COMPOSITION, EMBEDDING_ARGS } from './metric_learning_catalog';
import { SHAPES } from './shapes';

export const spec: LossSpec = {
  id: 'ntxent_loss',
  title: 'NT-Xent (normalised temperature-scaled cross-entropy, InfoNCE)',
  family: 'embedding',
  summary: 'The contrastive loss of SimCLR: each positive pair is classified against the anchor\'s negatives by a softmax over cosine similarities divided by a temperature.',
  formula: {
    unicode: 'ℓ = mean over positive pairs (i, j) of −log( e^{sᵢⱼ/τ} / (e^{sᵢⱼ/τ} + Σ_{k: yₖ≠yᵢ} e^{sᵢₖ/τ}) ),  s = cosine similarity',
    latex: '\\ell = \\frac{1}{|P|} \\sum_{(i,j)\\in P} -\\log \\frac{e^{s_{ij}/\\tau}}{e^{s_{ij}/\\tau} + \\sum_{k: y_k \\ne y_i} e^{s_{ik}/\\tau}}',
  },
  args: EMBEDDING_ARGS,
  options: [{ name: 'temperature', type: 'number', default: 0.07, range: { min: 0, exclusiveMin: true }, meaning: 'Softmax temperature τ: smaller values focus on the hardest negatives.', tunable: { min: 0.01, max: 1, step: 0.01 } }],
  shapes: SHAPES.embeddingsLabels,
  spellings: [
    { framework: 'jax', kind: 'functional', name: 'optax.losses.ntxent', note: 'This definition; squared norms clipped at float64 eps; NaN without positive pairs.' },
    { framework: 'pytorch-metric-learning', kind: 'module', name: 'pytorch_metric_learning.losses.NTXentLoss', note: 'Adds finfo.tiny inside the log; 0 without positive or negative pairs.' },
  ],
  whenToUse: ['Self-supervised contrastive learning (SimCLR, MoCo-style) with two augmented views sharing a label.', 'Supervised retrieval embeddings with many negatives per batch.'],
  pitfalls: [
    { id: 'ntxent-temperature', title: 'The temperature is the most sensitive knob', detail: 'τ = 0.07 to 0.5 is typical; too small makes gradients explode on the hardest negative, too large makes all negatives look alike.' },
    { id: 'ntxent-batch-size', title: 'Needs large batches', detail: 'The negatives are the other samples of the batch: small batches give few, easy negatives and weak representations (SimCLR used 4096).' },
    BATCH_COMPOSITION,
  ],
  gradient: 'Per positive pair: (p − 1)/τ on its own similarity and p_k/τ on each negative\'s, with p the softmax over {positive, negatives}; through the L2 normalisation onto the embeddings (no gradient along an embedding\'s own direction).',
  references: [
    { title: 'Chen et al., A Simple Framework for Contrastive Learning of Visual Representations (SimCLR), ICML 2020', url: 'https://arxiv.org/abs/2002.05709' },
    { title: 'van den Oord et al., Representation Learning with Contrastive Predictive Coding (InfoNCE), 2018' },
  ],
  expects: { prediction: 'embeddings', target: 'class_indices' },
  compute: computedAs('optax.losses.ntxent'),
};
