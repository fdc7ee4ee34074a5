import type { LossSpec } from '../catalog/types';
import { computedAs } from './framework_defined';
import { NAIVE_LOSS_COMBINATION } from './shared_pitfalls';

export const spec: LossSpec = {
  id: 'generalized_dice_loss',
  title: 'Generalized Dice loss',
  family: 'segmentation',
  summary: 'Multiclass soft Dice with class weights 1/(volume²) so that small structures count as much as large ones (Sudre et al.; optax weights the per-class Dice losses).',
  formula: {
    unicode: 'w_c ∝ 1/(f_c² + 1e-7), Σw = C;  ℓ = mean_{b,c} w_c·(1 − (I_bc + s)/(I_bc + ½(P_bc − I_bc) + ½(T_bc − I_bc) + s))',
    latex: '\\ell = \\frac{1}{BC}\\sum_{b,c} w_c \\Big(1 - \\frac{I_{bc} + s}{\\tfrac12 (P_{bc} + T_{bc}) + s}\\Big),\\quad w_c \\propto \\frac{1}{f_c^2}',
  },
  args: [
    { name: 'predictions', shape: '(B, …, C)', dtype: 'float', differentiable: true, meaning: 'Logits with the class axis last (softmax applied inside).' },
    { name: 'targets', shape: '(B, …, C)', dtype: 'float', differentiable: false, meaning: 'One-hot (or soft) targets.' },
  ],
  options: [
    { name: 'smooth', type: 'number', default: 1, meaning: 'Added to numerator and denominator.' },
    { name: 'apply_softmax', type: 'boolean', default: true, meaning: 'Softmax over classes first (predictions must sum to 1 otherwise).' },
    { name: 'ignore_background', type: 'boolean', default: false, meaning: 'Drop class 0.' },
  ],
  shapes: { input: '(B, …, C)', target: '(B, …, C)', output: 'scalar' },
  spellings: [{ framework: 'jax', kind: 'functional', name: 'optax.losses.multiclass_generalized_dice_loss', note: 'This definition.' }],
  whenToUse: ['Segmentation with strongly imbalanced class volumes (small lesions, thin structures).'],
  pitfalls: [
    { id: 'gdl-absent-class-weight', title: 'An absent class gets an enormous weight', detail: 'With f_c = 0 the weight is 1/1e-7 before normalisation, so the whole loss is dominated by that class\'s (smoothed) Dice; batches should contain every class or exclude absent ones.' },
    { id: 'gdl-class-axis-last', title: 'Class axis last (channels-last)', detail: 'optax expects (B, H, W, C); PyTorch models produce (B, C, H, W) — move the axis first.' },
    NAIVE_LOSS_COMBINATION,
  ],
  gradient: 'Per (batch, class): −w_c·d(coefficient)/dp through the softmax; the weights depend on the targets only and carry no gradient.',
  references: [{ title: 'Sudre et al., Generalised Dice overlap as a deep learning loss function for highly unbalanced segmentations, DLMIA 2017', url: 'https://arxiv.org/abs/1707.03237' }],
  expects: { prediction: 'logits', target: 'class_probabilities' },
  compute: computedAs('optax.losses.multiclass_generalized_dice_loss'),
};
