import type { LossSpec } from '../catalog/types';
import { rowEntry } from './margin_rows';
import { reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION } from './shared_pitfalls';
import { SHAPES } from './shapes';

export const spec: LossSpec = {
  id: 'multiclass_perceptron_loss',
  title: 'Multiclass perceptron loss',
  family: 'margin',
  summary: 'max_k s_k − s_y: how far the best wrong score is above the true class score, zero once the true class wins.',
  formula: { unicode: 'ℓᵢ = maxₖ sᵢₖ − sᵢ,yᵢ', latex: '\\ell_i = \\max_k s_{ik} - s_{i y_i}' },
  args: [
    { name: 'input', shape: '(N, C)', dtype: 'float', differentiable: true, meaning: 'Class scores.' },
    { name: 'target', shape: '(N)', dtype: 'int', differentiable: false, meaning: 'Class indices in [0, C).' },
  ],
  options: [reductionOption('over the batch')],
  shapes: SHAPES.classIndices,
  spellings: [{ framework: 'jax', kind: 'functional', name: 'optax.losses.multiclass_perceptron_loss', argMap: { scores: 'input', labels: 'target' }, note: 'Per row, no reduction; any batch shape.' }],
  whenToUse: ['Structured and multiclass perceptron training.', 'A margin-free baseline to compare with multi_margin_loss (Crammer–Singer hinge).'],
  pitfalls: [
    { id: 'multiclass-perceptron-ties', title: 'Ties share the gradient', detail: 'When several classes share the maximum (e.g. all-zero scores at initialisation) the gradient is split among them; the loss is 0 at a tie that includes the true class.' },
    { id: 'multiclass-perceptron-no-margin', title: 'No margin', detail: 'Once the true class is ahead by any amount the loss is zero; multi_margin_loss or cross_entropy keep separating the classes.' },
    NAIVE_LOSS_COMBINATION,
  ],
  gradient: 'd/ds_k = [k is a maximiser]/(number of maximisers) − [k = y].',
  references: [{ title: 'Collins, Discriminative Training Methods for Hidden Markov Models (structured perceptron), EMNLP 2002' }, { title: 'optax.losses.multiclass_perceptron_loss', url: 'https://optax.readthedocs.io/en/latest/api/losses.html' }],
  expects: { prediction: 'scores', target: 'class_indices' },
  compute: (args, options, wantGrad) =>
    rowEntry(spec, args, options, wantGrad, (s, y, g) => {
      const m = Math.max(...s);
      let ties = 0;
      for (const v of s) if (v === m) ties++;
      if (g) for (let k = 0; k < s.length; k++) g[k] = (s[k] === m ? 1 / ties : 0) - (k === y ? 1 : 0);
      return m - s[y]!;
    }),
};
