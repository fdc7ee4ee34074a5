import type { LossSpec } from '../catalog/types';
import { sparsemaxProjection } from './sparsemax';
import { rowEntry } from './margin_rows';
import { reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION } from './shared_pitfalls';
import { SHAPES } from './shapes';

export const spec: LossSpec = {
  id: 'multiclass_sparsemax_loss',
  title: 'Multiclass sparsemax loss',
  family: 'classification',
  summary: 'The Fenchel–Young loss of sparsemax: like cross-entropy, but the predicted distribution p = sparsemax(s) can put exactly zero mass on classes, and the loss is zero once the true class wins by a margin of 1.',
  formula: {
    unicode: 'p = sparsemax(s);  ℓᵢ = Σ_{k: pₖ>0} pₖ(sₖ − s_y) + ½(1 − ‖p‖²)',
    latex: '\\ell = \\sum_{k: p_k > 0} p_k (s_k - s_y) + \\tfrac12 (1 - \\|p\\|^2),\\quad p = \\mathrm{sparsemax}(s)',
  },
  args: [
    { name: 'input', shape: '(N, C)', dtype: 'float', differentiable: true, meaning: 'Class scores.' },
    { name: 'target', shape: '(N)', dtype: 'int', differentiable: false, meaning: 'Class indices in [0, C).' },
  ],
  options: [reductionOption('over the batch')],
  shapes: SHAPES.classIndices,
  spellings: [{ framework: 'jax', kind: 'functional', name: 'optax.losses.multiclass_sparsemax_loss', argMap: { scores: 'input', labels: 'target' }, note: 'Per row, no reduction.' }],
  whenToUse: ['Multiclass classification or attention where sparse probability outputs are useful (interpretability, pruning).', 'Where a margin-like loss with a probabilistic reading is wanted.'],
  pitfalls: [
    { id: 'sparsemax-vs-softmax-scale', title: 'Scores need a different scale than softmax logits', detail: 'sparsemax is not invariant to scaling: scores spread by much more than 1 give one-hot outputs and many zero gradients; tune the temperature of the scores.' },
    { id: 'sparsemax-zero-loss', title: 'Zero loss once the true class wins by 1', detail: 'Then p is one-hot on the true class and the gradient vanishes, like a hinge; there is no further push towards larger margins.' },
    NAIVE_LOSS_COMBINATION,
  ],
  gradient: 'd/ds = sparsemax(s) − onehot(y): the same form as softmax cross-entropy, with sparsemax in place of softmax.',
  references: [{ title: 'Martins & Astudillo, From Softmax to Sparsemax, ICML 2016', url: 'https://arxiv.org/abs/1602.02068' }, { title: 'optax.losses.multiclass_sparsemax_loss', url: 'https://optax.readthedocs.io/en/latest/api/losses.html' }],
  expects: { prediction: 'scores', target: 'class_indices' },
  compute: (args, options, wantGrad) =>
    rowEntry(spec, args, options, wantGrad, (s, y, g) => {
      const p = sparsemaxProjection(s);
      let v = 0;
      let pp = 0;
      for (let k = 0; k < s.length; k++) {
        if (p[k]! > 0) v += p[k]! * (s[k]! - s[y]!);
        pp += p[k]! * p[k]!;
      }
      if (g) for (let k = 0; k < s.length; k++) g[k] = p[k]! - (k === y ? 1 : 0);
      return v + 0.5 * (1 - pp);
    }),
};
