import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { callOptions, rejectUnknownNames } from './call_options';
import { affineInTarget, batchOfMasks, reduceRowsScaled } from './spec_kit';
import { SHAPES } from './shapes';

const ID = 'tversky_loss';

export const spec: LossSpec = {
  id: ID,
  title: 'Tversky loss',
  family: 'segmentation',
  summary: '1 − (TP + s)/(TP + α·FP + β·FN + s) per sample: Dice with separate weights on false positives and false negatives.',
  formula: { unicode: 'ℓᵢ = 1 − (TP + s)/(TP + α·FP + β·FN + s), TP = Σpy, FP = Σp(1 − y), FN = Σ(1 − p)y', latex: '\\ell_i = 1 - \\frac{TP + s}{TP + \\alpha\\,FP + \\beta\\,FN + s}' },
  args: [
    { name: 'input', shape: '(N, *)', dtype: 'float', differentiable: true, meaning: 'Predicted probabilities.' },
    { name: 'target', shape: '(N, *), same shape', dtype: 'float', differentiable: false, meaning: 'Binary (or soft) masks.' },
  ],
  options: [
    reductionOption('over the batch'),
    { name: 'alpha', type: 'number', default: 0.5, range: { min: 0 }, meaning: 'Weight of false positives Σ p(1 − y).' },
    { name: 'beta', type: 'number', default: 0.5, range: { min: 0 }, meaning: 'Weight of false negatives Σ (1 − p)y; raise it to favour recall.' },
    { name: 'smooth', type: 'number', default: 1.0, range: { min: 0 }, meaning: 'Added to numerator and denominator.' },
  ],
  shapes: SHAPES.overlapPerExample,
  spellings: [],
  whenToUse: ['Segmentation where missing foreground costs more than extra foreground (lesions): β > α.', 'α = β = 0.5 is the Dice loss; α = β = 1 the Jaccard (IoU) loss.'],
  pitfalls: [
    { id: 'tversky-alpha-convention', title: 'Which of α, β weighs false negatives', detail: 'Salehi et al. and segmentation_models_pytorch weigh false positives by α; Keras’ Tversky weighs false negatives by alpha. Swapping them trains for precision instead of recall.' },
    { id: 'tversky-probabilities', title: 'Takes probabilities', detail: 'Apply sigmoid/softmax first.' },
  ],
  gradient: 'd/dpⱼ = −(yⱼ·D − N·(yⱼ + α(1 − yⱼ) − βyⱼ))/D²: α scales the push-down on background pixels, β the pull-up on missed foreground.',
  references: [
    { title: 'Salehi, S. S. M., Erdogmus, D. & Gholipour, A. (2017). Tversky loss function for image segmentation using 3D fully convolutional deep networks. MLMI.' },
    { title: 'keras.losses.Tversky — Keras API reference', url: 'https://keras.io/api/losses/' },
  ],
  expects: { prediction: 'probabilities', target: 'binary' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const { x, y } = batchOfMasks(ID, args);
    const opt = callOptions(spec, options);
    const alpha = opt.number('alpha');
    const beta = opt.number('beta');
    const s = opt.number('smooth');
    const n = x.shape[0]!;
    const m = n === 0 ? 0 : x.size / n;
    const [X, Y] = [x.data, y.data];
    const values = new Float64Array(n);
    // Per row, the numerator TP + s and the denominator TP + α·FP + β·FN + s, with
    // FP = Σp − TP and FN = Σy − TP.
    const num = new Float64Array(n);
    const den = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let tp = 0;
      let sumP = 0;
      let sumY = 0;
      for (let j = i * m, end = j + m; j < end; j++) {
        const p = X[j]!;
        const t = Y[j]!;
        tp += p * t;
        sumP += p;
        sumY += t;
      }
      num[i] = tp + s;
      den[i] = tp + alpha * (sumP - tp) + beta * (sumY - tp) + s;
      values[i] = 1 - num[i]! / den[i]!;
    }
    // d/dp_j = −(y_j·D − N·dD/dp_j)/D² with dD/dp_j = α + y_j(1 − α − β): a + b·y_j per row.
    return reduceRowsScaled(values, opt.reduction(), wantGrad, (scale) =>
      affineInTarget(x.shape, Y, n, (i) => {
        const d2 = den[i]! * den[i]!;
        return [(scale * num[i]! * alpha) / d2, (scale * (num[i]! * (1 - alpha - beta) - den[i]!)) / d2];
      }));
  },
};
