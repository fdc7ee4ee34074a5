import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { callOptions, rejectUnknownNames } from './call_options';
import { reduceRows, scoresAndIndices } from './spec_kit';
import { SHAPES } from './shapes';

const ID = 'zero_one_loss';

export const spec: LossSpec = {
  id: ID,
  title: 'Zero-one loss',
  family: 'classification',
  summary: '1 if the predicted class (argmax of the scores) is wrong, 0 if right: the misclassification rate.',
  formula: { unicode: 'ℓᵢ = [argmaxₖ xᵢₖ ≠ yᵢ]', latex: '\\ell_i = [\\arg\\max_k x_{ik} \\ne y_i]' },
  args: [
    { name: 'input', shape: '(N, C)', dtype: 'float', differentiable: true, meaning: 'Class scores (logits or probabilities).' },
    { name: 'target', shape: '(N)', dtype: 'int', differentiable: false, meaning: 'Class indices in [0, C).' },
  ],
  options: [
    reductionOption('over the batch'),
  ],
  shapes: SHAPES.classIndices,
  spellings: [],
  whenToUse: ['Reporting the error rate of a classifier (1 − accuracy).', 'Comparing models where every mistake costs the same.'],
  pitfalls: [
    { id: 'zero-one-no-gradient', title: 'No gradient', detail: 'Piecewise constant: training on it gives zero gradients. Train with cross_entropy and report this.' },
    { id: 'zero-one-ties', title: 'Ties in the scores', detail: 'The first maximal class wins (as argmax); scikit-learn compares predicted labels, which you compute yourself.' },
  ],
  gradient: 'The loss is piecewise constant: its gradient is 0 wherever it is defined (a change of prediction happens at a jump). It is a metric to report, not to train with.',
  references: [
    { title: 'sklearn.metrics.zero_one_loss — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.zero_one_loss.html' },
  ],
  expects: { prediction: 'scores', target: 'class_indices' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const { x, y, n, c } = scoresAndIndices(ID, args);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < c; k++) if (x.data[i * c + k]! > x.data[i * c + best]!) best = k;
      values[i] = best === y.data[i] ? 0 : 1;
    }
    return reduceRows([n], values, { input: { shape: x.shape, perRow: new Float64Array(x.size) } }, callOptions(spec, options).reduction(), wantGrad);
  },
};
