import type { LossSpec } from '../catalog/types';
import { callOptions } from './call_options';
import { classRowsArgs } from './margin_rows';
import { targetLogProbLoss } from './spec_kit';
import { reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION } from './shared_pitfalls';
import { LossError } from '../errors';
import { SHAPES } from './shapes';

export const spec: LossSpec = {
  id: 'poly1_cross_entropy',
  title: 'Poly-1 cross-entropy',
  family: 'classification',
  summary: 'Cross-entropy plus ε·(1 − p_y), the first term of its polynomial (Taylor) expansion reweighted: ε > 0 keeps a gradient on examples already predicted well, ε < 0 flattens it.',
  formula: { unicode: 'ℓᵢ = −log p_y + ε·(1 − p_y),  p = softmax(x)', latex: '\\ell_i = -\\log p_{y_i} + \\epsilon (1 - p_{y_i})' },
  args: [
    { name: 'input', shape: '(N, C)', dtype: 'float', differentiable: true, meaning: 'Logits.' },
    { name: 'target', shape: '(N)', dtype: 'int', differentiable: false, meaning: 'Class indices in [0, C).' },
  ],
  options: [
    { name: 'epsilon', type: 'number', default: 1, meaning: 'Weight of the extra (1 − p_y) term; the paper recommends 1 (optax defaults to 2).', tunable: { min: -1, max: 5, step: 0.1 } },
    reductionOption('over the batch'),
  ],
  shapes: SHAPES.classIndices,
  spellings: [{ framework: 'jax', kind: 'functional', name: 'optax.losses.poly_loss_cross_entropy', argMap: { logits: 'input', labels: 'target' }, note: 'Takes one-hot (probability) labels, epsilon defaults to 2.0, per example.' }],
  whenToUse: ['A drop-in replacement for cross-entropy on image classification (ε = 1 to 2) that often gains accuracy.', 'Imbalanced detection (ε = −1 for focal-like behaviour).'],
  pitfalls: [
    { id: 'poly1-epsilon-range', title: 'ε below −1 makes the loss non-monotone', detail: 'With ε < −1 the derivative in p_y changes sign near p_y = 1 and the loss rewards lowering a correct prediction; keep ε ≥ −1.' },
    { id: 'poly1-not-probabilities', title: 'Takes logits, not probabilities', detail: 'The softmax is applied inside; feeding probabilities applies it twice.' },
    NAIVE_LOSS_COMBINATION,
  ],
  gradient: 'd/dx = (p − e_y) − ε·p_y·(e_y − p): cross-entropy\'s gradient plus a term that keeps pushing p_y up even when it is close to 1.',
  references: [{ title: 'Leng et al., PolyLoss: A Polynomial Expansion Perspective of Classification Loss Functions, ICLR 2022', url: 'https://arxiv.org/abs/2204.12511' }],
  expects: { prediction: 'logits', target: 'class_indices' },
  compute(args, options, wantGrad) {
    const opt = callOptions(spec, options);
    const eps = opt.number('epsilon');
    if (!Number.isFinite(eps)) throw new LossError(spec.id, 'epsilon', 'must be a finite number');
    const { input, target } = classRowsArgs(spec, args, options);
    // loss = −log p_t + ε(1 − p_t); d/dlog p_t = −1 − ε·p_t
    return targetLogProbLoss(input, target, opt.reduction(), wantGrad, (_r, logPt, out) => {
      const pt = Math.exp(logPt);
      out[0] = -logPt + eps * (1 - pt);
      out[1] = -1 - eps * pt;
    });
  },
};
