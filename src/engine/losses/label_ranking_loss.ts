import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { callOptions, rejectUnknownNames } from './call_options';
import { reduceRows, sameShapeMatrices } from './spec_kit';
import { SHAPES } from './shapes';

const ID = 'label_ranking_loss';

export const spec: LossSpec = {
  id: ID,
  title: 'Label ranking loss',
  family: 'ranking',
  summary: 'For each sample, the fraction of (relevant, irrelevant) label pairs that are ordered wrongly (irrelevant scored ≥ relevant).',
  formula: { unicode: 'ℓᵢ = |{(r, s): yᵢᵣ = 1, yᵢₛ = 0, xᵢₛ ≥ xᵢᵣ}| / (|relevant|·|irrelevant|)', latex: '\\ell_i = \\frac{\\lvert\\{(r,s) : y_{ir}=1,\\ y_{is}=0,\\ x_{is} \\ge x_{ir}\\}\\rvert}{n^+_i\\, n^-_i}' },
  args: [
    { name: 'input', shape: '(N, L)', dtype: 'float', differentiable: true, meaning: 'Scores per label.' },
    { name: 'target', shape: '(N, L)', dtype: 'float or int', differentiable: false, meaning: '0/1 relevance.' },
  ],
  options: [
    reductionOption('over the batch'),
  ],
  shapes: SHAPES.multilabel,
  spellings: [],
  whenToUse: ['Evaluating multi-label rankers: how often an irrelevant label outranks a relevant one.'],
  pitfalls: [
    { id: 'ranking-loss-ties', title: 'Ties count as errors', detail: 'Equal scores for a relevant and an irrelevant label count as misordered (scikit-learn does the same): constant scores give a loss of 1.' },
    { id: 'ranking-loss-no-gradient', title: 'No gradient', detail: 'Train with a pairwise surrogate (margin_ranking_loss) and report this.' },
  ],
  gradient: 'The loss is piecewise constant: its gradient is 0 wherever it is defined (a change of prediction happens at a jump). It is a metric to report, not to train with. Smooth surrogates: margin_ranking_loss or RankNet on the pairs.',
  references: [
    { title: 'sklearn.metrics.label_ranking_loss — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.label_ranking_loss.html' },
    { title: 'Tsoumakas, G. et al. (2010). Mining Multi-label Data. Data Mining and Knowledge Discovery Handbook.' },
  ],
  expects: { prediction: 'scores', target: 'multilabel_binary' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const { x, y, n, l } = sameShapeMatrices(ID, args);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let pairs = 0;
      let rel = 0;
      for (let r = 0; r < l; r++) {
        if (y.data[i * l + r] === 0) continue;
        rel++;
        for (let s = 0; s < l; s++) if (y.data[i * l + s] === 0 && x.data[i * l + s]! >= x.data[i * l + r]!) pairs++;
      }
      values[i] = rel === 0 || rel === l ? 0 : pairs / (rel * (l - rel));
    }
    return reduceRows([n], values, { input: { shape: x.shape, perRow: new Float64Array(x.size) } }, callOptions(spec, options).reduction(), wantGrad);
  },
};
