import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { callOptions, rejectUnknownNames } from './call_options';
import { affineInTarget, batchOfMasks, reduceRowsScaled } from './spec_kit';
import { SHAPES } from './shapes';

const ID = 'dice_loss';

export const spec: LossSpec = {
  id: ID,
  title: 'Dice loss (soft)',
  family: 'segmentation',
  summary: '1 − (2·Σ p·y + s)/(Σ p + Σ y + s) per sample: one minus the soft Dice coefficient, insensitive to how much background there is.',
  formula: { unicode: 'ℓᵢ = 1 − (2Σ pᵢyᵢ + s) / (Σ pᵢ + Σ yᵢ + s)', latex: '\\ell_i = 1 - \\frac{2\\sum p_i y_i + s}{\\sum p_i + \\sum y_i + s}' },
  args: [
    { name: 'input', shape: '(N, *)', dtype: 'float', differentiable: true, meaning: 'Predicted probabilities (after sigmoid/softmax).' },
    { name: 'target', shape: '(N, *), same shape', dtype: 'float', differentiable: false, meaning: 'Binary (or soft) masks.' },
  ],
  options: [
    reductionOption('over the batch'),
    { name: 'smooth', type: 'number', default: 1.0, range: { min: 0 }, meaning: 'Added to numerator and denominator: keeps empty masks finite (loss 0 when both are empty).' },
  ],
  shapes: SHAPES.overlapPerExample,
  spellings: [],
  whenToUse: ['Segmentation with strong foreground/background imbalance (medical images, thin structures).', 'Often combined with BCE/CE (e.g. BCE + Dice) for stable early training.'],
  pitfalls: [
    { id: 'dice-probabilities', title: 'Takes probabilities', detail: 'Apply sigmoid/softmax first: logits make Σp meaningless.' },
    { id: 'dice-batch-vs-sample', title: 'Per sample or over the batch', detail: 'This entry computes Dice per sample then averages; Keras’ dice with axis=None sums over the whole batch into one ratio, which weighs large masks more.' },
    { id: 'dice-empty-masks', title: 'Empty masks', detail: 'Without smoothing an empty target and prediction give 0/0; with smooth = 1 they give loss 0, and a tiny false positive on an empty mask costs nearly 1.' },
  ],
  gradient: 'd/dpⱼ = −(2yⱼ·D − N)/D² (N, D numerator and denominator): every pixel is pushed in proportion to the overlap, so small foreground regions are not drowned by background.',
  references: [
    { title: 'Milletari, F. et al. (2016). V-Net: Fully Convolutional Neural Networks for Volumetric Medical Image Segmentation. 3DV.' },
    { title: 'Sudre, C. H. et al. (2017). Generalised Dice overlap as a deep learning loss function for highly unbalanced segmentations. DLMIA.' },
  ],
  expects: { prediction: 'probabilities', target: 'binary' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const { x, y } = batchOfMasks(ID, args);
    const opt = callOptions(spec, options);
    const s = opt.number('smooth');
    const n = x.shape[0]!;
    const m = n === 0 ? 0 : x.size / n;
    const [X, Y] = [x.data, y.data];
    const values = new Float64Array(n);
    // Per row, the numerator 2Σpy + s and the denominator Σp + Σy + s.
    const num = new Float64Array(n);
    const den = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let inter = 0;
      let sum = 0;
      for (let j = i * m, end = j + m; j < end; j++) {
        const p = X[j]!;
        const t = Y[j]!;
        inter += p * t;
        sum += p + t;
      }
      num[i] = 2 * inter + s;
      den[i] = sum + s;
      values[i] = 1 - num[i]! / den[i]!;
    }
    // d/dp_j = −(2y_j·D − N)/D², times the reduction's scale: a − b·y_j per row.
    return reduceRowsScaled(values, opt.reduction(), wantGrad, (scale) =>
      affineInTarget(x.shape, Y, n, (i) => [(scale * num[i]!) / (den[i]! * den[i]!), (-2 * scale) / den[i]!]));
  },
};
