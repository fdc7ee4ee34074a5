import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { callOptions, rejectUnknownNames } from './call_options';
import { scoresAndIndices, targetLogProbLoss } from './spec_kit';
import { SHAPES } from './shapes';

const ID = 'generalized_cross_entropy';

export const spec: LossSpec = {
  id: ID,
  title: 'Generalized cross-entropy',
  family: 'classification',
  summary: '(1 − pᵧ^q)/q with p = softmax(logits): interpolates between cross-entropy (q → 0) and MAE (q = 1), robust to noisy labels.',
  formula: { unicode: 'ℓᵢ = (1 − pᵢ,yᵢ^q)/q, p = softmax(xᵢ)', latex: '\\ell_i = \\frac{1 - p_{i,y_i}^{\\,q}}{q}' },
  args: [
    { name: 'input', shape: '(N, C)', dtype: 'float', differentiable: true, meaning: 'Logits.' },
    { name: 'target', shape: '(N)', dtype: 'int', differentiable: false, meaning: 'Class indices in [0, C).' },
  ],
  options: [
    reductionOption('over the batch'),
    { name: 'q', type: 'number', default: 0.7, range: { min: 0, max: 1, exclusiveMin: true }, meaning: 'Exponent q in (0, 1]: small q behaves like cross-entropy, q = 1 like MAE (most robust to label noise).' },
  ],
  shapes: SHAPES.classIndices,
  spellings: [],
  whenToUse: ['Training with noisy labels (web-scraped or crowd-sourced data).'],
  pitfalls: [
    { id: 'gce-slow-convergence', title: 'Slow on clean data', detail: 'Large q down-weights hard examples as if they were noise: on clean data training is slower than cross-entropy. q = 0.7 is the paper’s default.' },
    { id: 'gce-keras-probabilities', title: 'Keras takes probabilities', detail: 'keras.losses.CategoricalGeneralizedCrossEntropy reads y_pred as probabilities (no softmax inside); feeding logits gives wrong values.' },
  ],
  gradient: 'd/dxₖ = −pᵧ^q(δₖᵧ − pₖ): the cross-entropy gradient scaled by pᵧ^q, so samples the model finds implausible (likely mislabelled) pull less.',
  references: [
    { title: 'Zhang, Z. & Sabuncu, M. R. (2018). Generalized Cross Entropy Loss for Training Deep Neural Networks with Noisy Labels. NeurIPS.' },
  ],
  expects: { prediction: 'logits', target: 'class_indices' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const { x, y } = scoresAndIndices(ID, args);
    const opt = callOptions(spec, options);
    const qExp = opt.number('q');
    if (!(qExp > 0 && qExp <= 1)) throw new LossError(ID, 'q', `must be in (0, 1], got ${qExp}`);
    // loss = (1 − p_t^q)/q, d/dlog p_t = −p_t^q
    return targetLogProbLoss(x, y, opt.reduction(), wantGrad, (_r, logPt, out) => {
      const pq = Math.exp(qExp * logPt);
      out[0] = (1 - pq) / qExp;
      out[1] = -pq;
    });
  },
};
