import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { elementwiseCompute, termKernel } from './spec_kit';
import { BROADCAST_SHAPE_MISMATCH } from './shared_pitfalls';
import { SHAPES } from './shapes';


const kernel = termKernel((x, y, _param, out) => {
    const d = x - y;
    out[0] = d * d;
    out[1] = 2 * d;
    out[2] = -2 * d;
});

export const spec: LossSpec = {
  id: 'brier_score',
  title: 'Brier score',
  family: 'probabilistic',
  summary: '(p − y)² for a predicted probability p of a binary outcome y ∈ {0, 1}: a proper scoring rule for calibrated probabilities.',
  formula: { unicode: 'ℓᵢ = (pᵢ − yᵢ)²', latex: '\\ell_i = (p_i - y_i)^2' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Predicted probabilities p in [0, 1].' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Outcomes y ∈ {0, 1}.' },
  ],
  options: [
    reductionOption('over all elements'),
  ],
  shapes: SHAPES.elementwise,
  spellings: [],
  whenToUse: ['Evaluating or training calibrated probabilities of binary events (forecasting, risk).', 'When log loss is too harsh on rare confident mistakes.'],
  pitfalls: [
    { id: 'brier-probabilities', title: 'Takes probabilities, not logits', detail: 'Feeding logits gives meaningless squares; apply a sigmoid first. scikit-learn rejects values outside [0, 1].' },
    { id: 'brier-imbalance', title: 'Looks good on imbalanced data', detail: 'Predicting the base rate already scores well when positives are rare; compare with the Brier score of the base rate (the Brier skill score).' },

    BROADCAST_SHAPE_MISMATCH,
  ],
  gradient: 'd/dp = 2(p − y): bounded, so confidently wrong predictions are pushed much less than by log loss.',
  references: [
    { title: 'Brier, G. W. (1950). Verification of forecasts expressed in terms of probability. Monthly Weather Review 78(1).' },
    { title: 'sklearn.metrics.brier_score_loss — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.brier_score_loss.html' },

  ],
  expects: { prediction: 'probabilities', target: 'binary' },
  compute: elementwiseCompute(() => spec, kernel, () => 0),
};
