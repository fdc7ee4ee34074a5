import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { callOptions, rejectUnknownNames } from './call_options';
import { scoresAndIndices, targetLogProbLoss } from './spec_kit';
import { SHAPES } from './shapes';
import { powWhole } from '../kernels/scalar_math';

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
    const { x, y } = scoresAndIndices(ID, args);
    const opt = callOptions(spec, options);
    const alpha = opt.number('alpha');
    const gamma = opt.number('gamma');
    // loss = −α(1 − p_t)^γ·log p_t; d/dlog p_t = α(γ(1 − p_t)^(γ−1)·p_t·log p_t − (1 − p_t)^γ)
    return targetLogProbLoss(x, y, opt.reduction(), wantGrad, (_r, logPt, out) => {
      const pt = Math.exp(logPt);
      const mod = powWhole(1 - pt, gamma);
      const dMod = gamma === 0 ? 0 : gamma * powWhole(1 - pt, gamma - 1);
      out[0] = -alpha * mod * logPt;
      out[1] = alpha * (dMod * pt * logPt - mod);
    });
  },
};
