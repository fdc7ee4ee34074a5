import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { callOptions, rejectUnknownNames } from './call_options';
import { reduceRows, sameShapeMatrices } from './spec_kit';
import { SHAPES } from './shapes';

const ID = 'coverage_error';

export const spec: LossSpec = {
  id: ID,
  title: 'Coverage error',
  family: 'ranking',
  summary: 'For each sample, how many top-scored labels must be taken to cover every relevant label (ties counted against).',
  formula: { unicode: 'ℓᵢ = |{j : xᵢⱼ ≥ min over relevant r of xᵢᵣ}|', latex: '\\ell_i = \\lvert\\{ j : x_{ij} \\ge \\min_{r : y_{ir}=1} x_{ir} \\}\\rvert' },
  args: [
    { name: 'input', shape: '(N, L)', dtype: 'float', differentiable: true, meaning: 'Scores per label.' },
    { name: 'target', shape: '(N, L)', dtype: 'float or int', differentiable: false, meaning: '0/1 relevance.' },
  ],
  options: [
    reductionOption('over the batch'),
  ],
  shapes: SHAPES.multilabel,
  spellings: [],
  whenToUse: ['Evaluating how deep a user must look in a ranked label list to see every relevant label.'],
  pitfalls: [
    { id: 'coverage-best-value', title: 'The best value is the number of relevant labels, not 0', detail: 'A perfect ranking scores |relevant| per sample; compare against that, or use label_ranking_loss.' },
    { id: 'coverage-no-gradient', title: 'No gradient', detail: 'Piecewise constant in the scores.' },
  ],
  gradient: 'The loss is piecewise constant: its gradient is 0 wherever it is defined (a change of prediction happens at a jump). It is a metric to report, not to train with.',
  references: [
    { title: 'sklearn.metrics.coverage_error — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.coverage_error.html' },
  ],
  expects: { prediction: 'scores', target: 'multilabel_binary' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const { x, y, n, l } = sameShapeMatrices(ID, args);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let min = Infinity;
      for (let j = 0; j < l; j++) if (y.data[i * l + j] !== 0) min = Math.min(min, x.data[i * l + j]!);
      if (min === Infinity) continue;
      for (let j = 0; j < l; j++) if (x.data[i * l + j]! >= min) values[i]! += 1;
    }
    return reduceRows([n], values, { input: { shape: x.shape, perRow: new Float64Array(x.size) } }, callOptions(spec, options).reduction(), wantGrad);
  },
};
