/** Pitfalls that several of the losses in this folder share; each loss lists the ones that apply to it. */
import type { Pitfall } from '../catalog/types';

export const BROADCAST_SHAPE_MISMATCH: Pitfall = {
  id: 'silent-broadcast-shape-mismatch',
  title: 'Input (N, 1) against target (N) broadcasts to (N, N)',
  detail:
    'PyTorch only warns when input and target shapes differ and then broadcasts them: a model output of shape (N, 1) ' +
    'compared with a target of shape (N) gives an (N, N) matrix of every prediction against every target. ' +
    'The loss still decreases, towards the mean target. Squeeze the output or unsqueeze the target so the shapes are equal.',
};

export const MSE_FOR_CLASSIFICATION: Pitfall = {
  id: 'mse-for-classification',
  title: 'Regression loss on class labels',
  detail:
    'Class indices are not quantities: an error of "2 classes" means nothing, and squared or absolute errors on ' +
    'probabilities give weak gradients where the model is confidently wrong. For classification use cross_entropy ' +
    '(one label per sample) or binary_cross_entropy_with_logits (independent labels).',
};

export const NAIVE_LOSS_COMBINATION: Pitfall = {
  id: 'naive-loss-combination',
  title: 'Adding losses of different scales',
  detail:
    'Summing this loss with another one (a second head, a regulariser) without weights lets whichever term has the larger ' +
    'scale dominate; the scale of squared or absolute errors follows the units of the target. Normalise targets or ' +
    'weight the terms, and watch each term separately.',
};

export const OVERFITTING_TO_THE_LOSS: Pitfall = {
  id: 'overfitting-to-the-loss',
  title: 'Optimising the loss, not the goal',
  detail:
    'A lower training loss is not a better model: compare the loss on held-out data and the metric you care about ' +
    '(MAE in units, accuracy, ...). When the training loss keeps falling and the validation loss rises, stop or regularise.',
};
