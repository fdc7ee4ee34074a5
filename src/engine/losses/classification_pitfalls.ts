/** Pitfalls shared by the classification losses (cross_entropy, nll_loss, the binary
 *  cross-entropies, focal loss); each loss lists the ones that apply to it. */
import type { Pitfall } from '../catalog/types';

export const CLASS_IMBALANCE: Pitfall = {
  id: 'class-imbalance',
  title: 'Rare classes are ignored under class imbalance',
  detail:
    'With 99 % of targets in one class, predicting that class everywhere already gives a low mean loss and high accuracy. ' +
    'Weight the classes (weight for cross_entropy/nll_loss, pos_weight for binary_cross_entropy_with_logits), resample, ' +
    'or use sigmoid_focal_loss, and judge the model by per-class recall, F1 or PR-AUC rather than by the loss alone.',
};

export const IGNORE_INDEX_MEAN: Pitfall = {
  id: 'weighted-mean-denominator',
  title: "'mean' divides by the total target weight, not the batch size",
  detail:
    "With class weights or ignored targets, reduction='mean' divides by Σ weight[target] over the non-ignored targets. " +
    'Batches with different class mixes are then averaged on different scales, and a batch in which every target is ' +
    "ignored gives NaN. Use reduction='sum' and your own normaliser when you need a fixed scale.",
};

export const TARGET_DTYPE_PICKS_MODE: Pitfall = {
  id: 'target-dtype-picks-mode',
  title: 'Target shape and dtype decide what the target means',
  detail:
    'A target with the shape of input is read as class probabilities and must be float; any other shape is read as class ' +
    'indices and must be int64 (torch.long). Float labels of shape (N) fail with "expected scalar type Long", and ' +
    'one-hot labels of shape (N, C) are silently treated as probabilities (which is fine for one-hot, but the mean then divides by N, ignoring weights).',
};

export const PROBABILITIES_NOT_LOGITS: Pitfall = {
  id: 'bce-on-logits',
  title: 'Raw logits passed where probabilities are expected (or the reverse)',
  detail:
    'binary_cross_entropy takes probabilities in [0, 1] and raises on anything else; feeding it logits fails, and applying ' +
    'sigmoid yourself and then binary_cross_entropy loses precision (log clamped at −100, gradients vanish when the sigmoid saturates). ' +
    'Keep the model output as logits and use binary_cross_entropy_with_logits. Conversely, do not apply sigmoid before the *_with_logits loss.',
};
