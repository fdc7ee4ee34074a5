import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { callOptions, rejectUnknownNames } from './call_options';
import { reduceRows, rowSoftmax, scoresAndIndices } from './spec_kit';
import { SHAPES } from './shapes';

const ID = 'categorical_focal_loss';

export const spec: LossSpec = {
  id: ID,
  title: 'Categorical (multi-class) focal loss',
  family: 'classification',
  summary: '−α(1 − pᵧ)^γ·log pᵧ with p = softmax(logits): cross-entropy down-weighted on examples the model already gets right.',
  formula: { unicode: 'ℓᵢ = −α(1 − pᵢ,yᵢ)^γ log pᵢ,yᵢ, p = softmax(xᵢ)', latex: '\\ell_i = -\\alpha (1 - p_{i,y_i})^{\\gamma} \\log p_{i,y_i}' },
  args: [
    { name: 'input', shape: '(N, C)', dtype: 'float', differentiable: true, meaning: 'Logits.' },
    { name: 'target', shape: '(N)', dtype: 'int', differentiable: false, meaning: 'Class indices in [0, C).' },
  ],
  options: [
    reductionOption('over the batch'),
    { name: 'alpha', type: 'number', default: 0.25, range: { min: 0 }, meaning: 'Overall weight α (Keras’ default 0.25; 1 leaves the scale of cross-entropy).' },
    { name: 'gamma', type: 'number', default: 2.0, range: { min: 0 }, meaning: 'Focusing exponent γ: 0 is (α-scaled) cross-entropy.' },
  ],
  shapes: SHAPES.classIndices,
  spellings: [],
  whenToUse: ['Multi-class detection/classification with many easy negatives or strong class imbalance.', 'Dense prediction heads (per-pixel or per-anchor classification).'],
  pitfalls: [
    { id: 'focal-alpha-scale', title: 'α rescales the loss', detail: 'With α = 0.25 the loss (and the effective learning rate) is 4× smaller than cross-entropy; retune the learning rate or use α = 1.' },
    { id: 'focal-keras-every-class', title: 'Keras applies the factor to every class term', detail: 'keras.losses.CategoricalFocalCrossentropy multiplies α(1 − p)^γ into each one-hot term; with soft or smoothed labels it differs from this true-class form.' },
  ],
  gradient: 'd/dxₖ = dℓ/dpᵧ · pᵧ(δₖᵧ − pₖ) with dℓ/dpᵧ = α(γ(1 − pᵧ)^(γ−1) log pᵧ − (1 − pᵧ)^γ/pᵧ): easy examples (pᵧ → 1) get almost no gradient.',
  references: [
    { title: 'Lin, T.-Y. et al. (2017). Focal Loss for Dense Object Detection. ICCV.' },
    { title: 'keras.losses.CategoricalFocalCrossentropy — Keras API reference', url: 'https://keras.io/api/losses/probabilistic_losses/' },
  ],
  expects: { prediction: 'logits', target: 'class_indices' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const { x, y, n, c } = scoresAndIndices(ID, args);
    const opt = callOptions(spec, options);
    const alpha = opt.number('alpha');
    const gamma = opt.number('gamma');
    const p = rowSoftmax(x.data, n, c);
    const values = new Float64Array(n);
    const g = p; // each row's gradient overwrites its softmax once the row has read it
    for (let i = 0; i < n; i++) {
      const t = y.data[i]!;
      const pt = p[i * c + t]!;
      const logPt = Math.log(pt);
      const mod = Math.pow(1 - pt, gamma);
      values[i] = -alpha * mod * logPt;
      const dMod = gamma === 0 ? 0 : gamma * Math.pow(1 - pt, gamma - 1);
      const dPt = alpha * (dMod * logPt - mod / pt);
      for (let k = 0; k < c; k++) g[i * c + k] = dPt * pt * ((k === t ? 1 : 0) - p[i * c + k]!);
    }
    return reduceRows([n], values, { input: { shape: x.shape, perRow: g } }, opt.reduction(), wantGrad);
  },
};
