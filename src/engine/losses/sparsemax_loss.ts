import type { LossSpec } from '../catalog/types';
import { elementwiseEntry } from './margin_rows';
import { reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION } from './shared_pitfalls';
import { SHAPES } from './shapes';

/** sparse_plus(x): 0 below −1, (x + 1)²/4 in between, x above 1; and its slope. */
function sparsePlus(x: number): readonly [number, number] {
  if (x <= -1) return [0, 0];
  if (x >= 1) return [x, 1];
  return [((x + 1) * (x + 1)) / 4, (x + 1) / 2];
}

export const spec: LossSpec = {
  id: 'sparsemax_loss',
  title: 'Binary sparsemax loss',
  family: 'classification',
  summary: 'The binary sparsemax loss (the Fenchel–Young loss of the sparsemax link): a smooth, piecewise-quadratic version of the hinge that is exactly zero for confident correct logits.',
  formula: {
    unicode: 'ℓᵢ = sparse_plus(zᵢ), zᵢ = −xᵢ if yᵢ = 1 else xᵢ;  sparse_plus(z) = 0 (z ≤ −1), (z + 1)²/4 (|z| < 1), z (z ≥ 1)',
    latex: '\\ell_i = \\mathrm{sparseplus}((1 - 2y_i) x_i),\\quad \\mathrm{sparseplus}(z) = \\begin{cases}0 & z \\le -1\\\\ (z+1)^2/4 & |z| < 1\\\\ z & z \\ge 1\\end{cases}',
  },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Logits.' },
    { name: 'target', shape: '(*), same shape', dtype: 'float or int', differentiable: false, meaning: 'Binary labels; nonzero means positive.' },
  ],
  options: [reductionOption('over all elements')],
  shapes: SHAPES.elementwiseAnyShape,
  spellings: [{ framework: 'jax', kind: 'functional', name: 'optax.losses.sparsemax_loss', argMap: { logits: 'input', labels: 'target' }, note: 'Elementwise, no reduction.' }],
  whenToUse: ['Binary or multilabel classification where exactly-zero probabilities (sparse outputs) are wanted.', 'A smooth alternative to the hinge loss with a bounded, linear tail.'],
  pitfalls: [
    { id: 'sparsemax-zero-gradient', title: 'Confident correct logits stop learning', detail: 'Beyond |x| ≥ 1 on the correct side the loss and gradient are exactly 0 (like the hinge); unlike BCE, training stops pushing those examples.' },
    { id: 'sparsemax-linear-tail', title: 'Confidently wrong logits get a constant gradient', detail: 'On the wrong side beyond 1 the loss is linear, so outliers do not dominate the way they do under squared losses.' },
    NAIVE_LOSS_COMBINATION,
  ],
  gradient: 'd/dx = ∓ sparse_plus\'(z): 0, (z + 1)/2 or 1 — continuous, piecewise linear.',
  references: [{ title: 'Martins & Astudillo, From Softmax to Sparsemax, ICML 2016', url: 'https://arxiv.org/abs/1602.02068' }, { title: 'Blondel et al., Learning with Fenchel-Young Losses, JMLR 2020' }],
  expects: { prediction: 'logits', target: 'binary' },
  compute: (args, options, wantGrad) =>
    elementwiseEntry(spec, args, options, wantGrad, (x, y) => {
      const s = y !== 0 ? -1 : 1;
      const [v, d] = sparsePlus(s * x);
      return [v, s * d];
    }),
};
