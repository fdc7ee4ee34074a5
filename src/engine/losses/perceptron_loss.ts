import type { LossSpec } from '../catalog/types';
import { elementwiseEntry } from './margin_rows';
import { reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION } from './shared_pitfalls';
import { SHAPES } from './shapes';

export const spec: LossSpec = {
  id: 'perceptron_loss',
  title: 'Perceptron loss',
  family: 'margin',
  summary: 'max(0, −y·f(x)) with labels ±1: zero for every correctly signed score, linear in the violation otherwise — the hinge loss without a margin.',
  formula: { unicode: 'ℓᵢ = max(0, −yᵢ·xᵢ),  yᵢ ∈ {−1, +1}', latex: '\\ell_i = \\max(0, -y_i x_i)' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Scores (decision values).' },
    { name: 'target', shape: '(*), same shape', dtype: 'float', differentiable: false, meaning: 'Labels −1 or +1.' },
  ],
  options: [reductionOption('over all elements')],
  shapes: SHAPES.elementwiseAnyShape,
  spellings: [{ framework: 'jax', kind: 'functional', name: 'optax.losses.perceptron_loss', argMap: { predictor_outputs: 'input', targets: 'target' }, note: 'Elementwise, no reduction.' }],
  whenToUse: ['Teaching and baselines: Rosenblatt\'s update rule as a loss.', 'Online linear classifiers where any correct sign is good enough.'],
  pitfalls: [
    { id: 'perceptron-no-margin', title: 'No margin: the boundary may sit on the data', detail: 'Any correctly signed score has zero loss, so nothing pushes the boundary away from the points; use the hinge loss (margin 1) for a max-margin classifier.' },
    { id: 'perceptron-zero-labels', title: 'Labels must be ±1, not 0/1', detail: 'With 0/1 labels the negative class contributes nothing (y = 0): map them with 2y − 1.' },
    NAIVE_LOSS_COMBINATION,
  ],
  gradient: 'd/dx = −y where y·x < 0, else 0 (0 at y·x = 0 as PyTorch\'s relu). optax\'s jnp.maximum gives ½·(−y) exactly at the tie.',
  references: [{ title: 'Rosenblatt, The Perceptron, 1958' }, { title: 'optax.losses.perceptron_loss', url: 'https://optax.readthedocs.io/en/latest/api/losses.html' }],
  expects: { prediction: 'scores', target: 'plus_minus_one' },
  compute: (args, options, wantGrad) => elementwiseEntry(spec, args, options, wantGrad, (x, y) => (-x * y > 0 ? [-x * y, -y] : [0, 0])),
};
