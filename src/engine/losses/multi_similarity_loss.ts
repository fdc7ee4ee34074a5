import type { LossSpec } from '../catalog/types';
import { computedAs } from './framework_defined';
import { BATCH_COMPOSITION, EMBEDDING_ARGS, NORMALISED_EMBEDDINGS } from './metric_learning_catalog';
import { SHAPES } from './shapes';

export const spec: LossSpec = {
  id: 'multi_similarity_loss',
  title: 'Multi-similarity loss',
  family: 'embedding',
  summary: 'Per anchor, a soft-max weighting of all its positive and negative pairs by self- and relative similarity (Wang et al.): hard positives and hard negatives dominate.',
  formula: {
    unicode: 'ℓᵢ = (1/α)·log(1 + Σ_pos e^{−α(sᵢₚ − λ)}) + (1/β)·log(1 + Σ_neg e^{β(sᵢₙ − λ)});  ℓ = meanᵢ ℓᵢ',
    latex: '\\ell_i = \\frac{1}{\\alpha}\\log\\Big(1 + \\sum_{p} e^{-\\alpha (s_{ip} - \\lambda)}\\Big) + \\frac{1}{\\beta}\\log\\Big(1 + \\sum_{n} e^{\\beta (s_{in} - \\lambda)}\\Big)',
  },
  args: EMBEDDING_ARGS,
  options: [
    { name: 'alpha', type: 'number', default: 2, meaning: 'Scale of the positive terms.', tunable: { min: 0.5, max: 10, step: 0.5 } },
    { name: 'beta', type: 'number', default: 50, meaning: 'Scale of the negative terms.', tunable: { min: 1, max: 100, step: 1 } },
    { name: 'base', type: 'number', default: 0.5, meaning: 'Similarity offset λ.', tunable: { min: 0, max: 1, step: 0.05 } },
  ],
  shapes: SHAPES.embeddingsLabels,
  spellings: [{ framework: 'pytorch-metric-learning', kind: 'module', name: 'pytorch_metric_learning.losses.MultiSimilarityLoss', note: 'This definition (no MS pair mining unless a miner is given).' }],
  whenToUse: ['Image retrieval benchmarks (CUB, Cars, SOP), usually with MultiSimilarityMiner.'],
  pitfalls: [
    { id: 'ms-needs-miner', title: 'The paper pairs the loss with its miner', detail: 'Without MultiSimilarityMiner every pair is weighted; the published results mine informative pairs first.' },
    NORMALISED_EMBEDDINGS,
    BATCH_COMPOSITION,
  ],
  gradient: 'Each pair gets the softmax weight of its term within the anchor\'s positives (with the 1 of log(1 + ·)) or negatives: −w on positive and +w on negative similarities, divided by N.',
  references: [{ title: 'Wang et al., Multi-Similarity Loss with General Pair Weighting for Deep Metric Learning, CVPR 2019', url: 'https://arxiv.org/abs/1904.06627' }],
  expects: { prediction: 'embeddings', target: 'class_indices' },
  compute: computedAs('pytorch_metric_learning.losses.MultiSimilarityLoss'),
};
