import type { LossSpec } from '../catalog/types';
import { computedAs } from './framework_defined';
import { BATCH_COMPOSITION, EMBEDDING_ARGS, NORMALISED_EMBEDDINGS } from './metric_learning_catalog';
import { SHAPES } from './shapes';

export const spec: LossSpec = {
  id: 'contrastive_loss',
  title: 'Contrastive (pair) loss',
  family: 'embedding',
  summary: 'Pulls same-label pairs within pos_margin and pushes different-label pairs beyond neg_margin, on Euclidean distances of L2-normalised embeddings (pytorch-metric-learning\'s form of Hadsell et al.).',
  formula: {
    unicode: 'ℓ = avg≠0 over positive pairs of relu(d − m₊) + avg≠0 over negative pairs of relu(m₋ − d),  d = ‖uᵢ − uⱼ‖, u = x/‖x‖',
    latex: '\\ell = \\overline{[d_{ij} - m_+]_+}^{\\,\\ne 0}_{y_i = y_j} + \\overline{[m_- - d_{ij}]_+}^{\\,\\ne 0}_{y_i \\ne y_j}',
  },
  args: EMBEDDING_ARGS,
  options: [
    { name: 'pos_margin', type: 'number', default: 0, meaning: 'Positive pairs closer than this cost nothing.', tunable: { min: 0, max: 1, step: 0.05 } },
    { name: 'neg_margin', type: 'number', default: 1, meaning: 'Negative pairs farther than this cost nothing.', tunable: { min: 0, max: 2, step: 0.05 } },
  ],
  shapes: SHAPES.embeddingsLabels,
  spellings: [{ framework: 'pytorch-metric-learning', kind: 'module', name: 'pytorch_metric_learning.losses.ContrastiveLoss', note: 'This definition (all pairs, AvgNonZeroReducer per kind).' }],
  whenToUse: ['Siamese networks and verification (same / not same) with pair labels.', 'A simple first metric-learning baseline.'],
  pitfalls: [
    { id: 'contrastive-not-squared', title: 'Distances are not squared', detail: 'Hadsell et al. square the distances; PML uses plain Euclidean distances of normalised embeddings, so margins from the paper do not transfer.' },
    { id: 'contrastive-avg-nonzero', title: 'Averages over the pairs that still cost something', detail: 'Each term is the mean over its non-zero pairs: as pairs get satisfied the loss does not shrink towards 0 in proportion, and the printed value says little about how many pairs remain active.' },
    NORMALISED_EMBEDDINGS,
    BATCH_COMPOSITION,
  ],
  gradient: 'Along uᵢ − uⱼ (unit direction) for each active pair, ±1/(number of active pairs of its kind); inactive pairs contribute nothing (relu\'(0) = 0); then through the normalisation.',
  references: [
    { title: 'Hadsell, Chopra & LeCun, Dimensionality Reduction by Learning an Invariant Mapping, CVPR 2006' },
    { title: 'pytorch-metric-learning ContrastiveLoss', url: 'https://kevinmusgrave.github.io/pytorch-metric-learning/losses/#contrastiveloss' },
  ],
  expects: { prediction: 'embeddings', target: 'class_indices' },
  compute: computedAs('pytorch_metric_learning.losses.ContrastiveLoss'),
};
