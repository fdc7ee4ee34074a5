import type { LossSpec } from '../catalog/types';
import { computedAs } from './framework_defined';
import { NAIVE_LOSS_COMBINATION } from './shared_pitfalls';

export const spec: LossSpec = {
  id: 'ranking_softmax_loss',
  title: 'Softmax ranking loss (ListNet)',
  family: 'ranking',
  summary: 'Listwise cross-entropy between graded relevance labels and the softmax of the scores over each list (ListNet with top-1 probabilities, as optax computes it).',
  formula: {
    unicode: 'ℓ_list = −Σᵢ yᵢ·log softmax(s)ᵢ over the valid items;  ℓ = mean over lists with a valid item',
    latex: '\\ell = -\\sum_i y_i \\log \\frac{e^{s_i}}{\\sum_j e^{s_j}}',
  },
  args: [
    { name: 'logits', shape: '(…, L)', dtype: 'float', differentiable: true, meaning: 'Scores of the L items of each list.' },
    { name: 'labels', shape: '(…, L)', dtype: 'float', differentiable: false, meaning: 'Graded relevance (0 = irrelevant).' },
    { name: 'where', shape: '(…, L)', dtype: 'int', differentiable: false, meaning: 'Valid items (0/1).', optional: true },
    { name: 'weights', shape: '(…, L)', dtype: 'float', differentiable: false, meaning: 'Per-item weights multiplying the labels.', optional: true },
  ],
  options: [{ name: 'reduce_fn', type: 'enum', default: 'mean', choices: ['mean', 'sum'], meaning: "'mean' over lists with a valid item, 'sum', or None for one loss per list." }],
  shapes: { input: '(…, L)', target: '(…, L)', output: 'scalar; (…) with reduce_fn None' },
  spellings: [{ framework: 'jax', kind: 'functional', name: 'optax.losses.ranking_softmax_loss', note: 'This definition.' }],
  whenToUse: ['Learning to rank with graded relevance (search, recommendation), a strong listwise baseline.'],
  pitfalls: [
    { id: 'listnet-unnormalised-labels', title: 'Labels are not normalised', detail: 'Lists with more (or higher) relevance labels weigh more; normalise labels per list to give every query the same weight.' },
    { id: 'listnet-padding', title: 'Mask padded items', detail: 'Padded items must be masked with `where`; otherwise they take softmax mass and bias the scores.' },
    NAIVE_LOSS_COMBINATION,
  ],
  gradient: 'Per list: (Σ labels)·softmax(s) − labels over the valid items, divided by the number of valid lists for the mean.',
  references: [
    { title: 'Cao et al., Learning to Rank: From Pairwise Approach to Listwise Approach (ListNet), ICML 2007' },
    { title: 'optax.losses.ranking_softmax_loss', url: 'https://optax.readthedocs.io/en/latest/api/losses.html' },
  ],
  expects: { prediction: 'scores', target: 'values' },
  compute: computedAs('optax.losses.ranking_softmax_loss'),
};
