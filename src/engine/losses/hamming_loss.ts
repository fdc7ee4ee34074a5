import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { callOptions, rejectUnknownNames } from './call_options';
import { reduceRows, sameShapeMatrices } from './spec_kit';
import { SHAPES } from './shapes';

const ID = 'hamming_loss';

export const spec: LossSpec = {
  id: ID,
  title: 'Hamming loss',
  family: 'classification',
  summary: 'The fraction of labels predicted wrongly in multi-label classification (a label is predicted when its logit is > 0).',
  formula: { unicode: 'ℓᵢ = (1/L) Σⱼ [[xᵢⱼ > 0] ≠ yᵢⱼ]', latex: '\\ell_i = \\tfrac{1}{L}\\sum_j [\\,[x_{ij} > 0] \\ne y_{ij}\\,]' },
  args: [
    { name: 'input', shape: '(N, L)', dtype: 'float', differentiable: true, meaning: 'Logits per label (a label is on when its logit is positive).' },
    { name: 'target', shape: '(N, L)', dtype: 'float or int', differentiable: false, meaning: '0/1 labels.' },
  ],
  options: [
    reductionOption('over the batch'),
  ],
  shapes: SHAPES.multilabel,
  spellings: [],
  whenToUse: ['Reporting multi-label classifiers where each wrong label counts (tagging).'],
  pitfalls: [
    { id: 'hamming-no-gradient', title: 'No gradient', detail: 'Piecewise constant: train with multilabel_soft_margin_loss or binary_cross_entropy_with_logits and report this.' },
    { id: 'hamming-sparse-labels', title: 'Rare labels', detail: 'When most labels are 0, predicting nothing scores a low Hamming loss: also report per-label recall.' },
  ],
  gradient: 'The loss is piecewise constant: its gradient is 0 wherever it is defined (a change of prediction happens at a jump). It is a metric to report, not to train with.',
  references: [
    { title: 'sklearn.metrics.hamming_loss — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.hamming_loss.html' },
  ],
  expects: { prediction: 'logits', target: 'multilabel_binary' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const { x, y, n, l } = sameShapeMatrices(ID, args);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let wrong = 0;
      for (let j = 0; j < l; j++) if ((x.data[i * l + j]! > 0 ? 1 : 0) !== (y.data[i * l + j]! !== 0 ? 1 : 0)) wrong++;
      values[i] = l === 0 ? 0 : wrong / l;
    }
    return reduceRows([n], values, { input: { shape: x.shape, perRow: new Float64Array(x.size) } }, callOptions(spec, options).reduction(), wantGrad);
  },
};
