import type { LossSpec } from '../catalog/types';
import { computedAs } from './framework_defined';
import { BATCH_COMPOSITION, EMBEDDING_ARGS, NORMALISED_EMBEDDINGS } from './metric_learning_catalog';
import { SHAPES } from './shapes';

export const spec: LossSpec = {
  id: 'supcon_loss',
  title: 'Supervised contrastive loss (SupCon)',
  family: 'embedding',
  summary: 'Per anchor, the mean log-probability of each of its positives under a softmax over all other samples of the batch (cosine similarity / τ): every same-label sample is a positive.',
  formula: {
    unicode: 'ℓᵢ = −(1/|P(i)|) Σ_{p∈P(i)} log( e^{sᵢₚ/τ} / Σ_{a≠i} e^{sᵢₐ/τ} );  ℓ = mean of the non-zero ℓᵢ',
    latex: '\\ell_i = -\\frac{1}{|P(i)|} \\sum_{p \\in P(i)} \\log \\frac{e^{s_{ip}/\\tau}}{\\sum_{a \\ne i} e^{s_{ia}/\\tau}}',
  },
  args: EMBEDDING_ARGS,
  options: [{ name: 'temperature', type: 'number', default: 0.1, range: { min: 0, exclusiveMin: true }, meaning: 'Softmax temperature τ.', tunable: { min: 0.01, max: 1, step: 0.01 } }],
  shapes: SHAPES.embeddingsLabels,
  spellings: [{ framework: 'pytorch-metric-learning', kind: 'module', name: 'pytorch_metric_learning.losses.SupConLoss', note: 'This definition (the L_out form of Khosla et al.).' }],
  whenToUse: ['Supervised pre-training of encoders with labels, as a replacement for cross-entropy before a linear probe.', 'Multi-view batches (two augmentations per image) with class labels.'],
  pitfalls: [
    { id: 'supcon-temperature', title: 'Low temperatures need large batches', detail: 'τ = 0.1 (default) is tuned for batches of hundreds; small batches with small τ give noisy, very large gradients.' },
    NORMALISED_EMBEDDINGS,
    BATCH_COMPOSITION,
  ],
  gradient: 'd ℓᵢ/d sᵢₐ = (softmax_a − [a ∈ P(i)]/|P(i)|)/τ; through the normalisation onto the embeddings; averaged over the anchors with a non-zero loss.',
  references: [{ title: 'Khosla et al., Supervised Contrastive Learning, NeurIPS 2020', url: 'https://arxiv.org/abs/2004.11362' }],
  expects: { prediction: 'embeddings', target: 'class_indices' },
  compute: computedAs('pytorch_metric_learning.losses.SupConLoss'),
};
