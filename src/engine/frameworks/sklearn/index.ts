/** The 17 loss-like metrics of `sklearn.metrics` (scikit-learn 1.2): values only, no gradient. */
import type { OptionSpec, Options, TensorArgs } from '../../catalog/types';
import type { Tensor } from '../../tensor';
import type { FrameworkArgSpec, FrameworkLoss } from '../types';
import * as R from './regression_metrics';
import * as K from './classification_metrics';
import { readKw, rejectUnknownArgs, requireTensor, type Kw } from './validation';

interface MetricDef {
  fn: string;
  lossId: string;
  /** Tensor arguments in sklearn's order: the two inputs first. */
  args: readonly [string, string, ...string[]];
  options: readonly OptionSpec[];
  differences: string;
  run(a: Tensor, b: Tensor, extra: TensorArgs, kw: Kw): Tensor;
}

const opt = (name: string, type: OptionSpec['type'], dflt: OptionSpec['default'], meaning: string, choices?: readonly string[]): OptionSpec => ({ name, type, default: dflt, meaning, ...(choices ? { choices } : {}) });
const MULTIOUTPUT = opt('multioutput', 'enum', 'uniform_average', "'uniform_average' averages the per-output values, 'raw_values' returns them.", ['uniform_average', 'raw_values']);
const SQUARED = opt('squared', 'boolean', true, 'False returns the root (per output, before averaging).');
const NORMALIZE = opt('normalize', 'boolean', true, 'True: the (weighted) mean over samples; False: the (weighted) sum.');
const REGRESSION = ['y_true', 'y_pred', 'sample_weight'] as const;
const METRIC = 'A metric on a whole dataset (one number, no gradient); sample_weight weighs samples; multioutput averages per-output values.';

const DEFS: readonly MetricDef[] = [
  { fn: 'mean_squared_error', lossId: 'mse_loss', args: REGRESSION, options: [MULTIOUTPUT, SQUARED], differences: `${METRIC} squared=False gives the RMSE.`,
    run: (t, p, x, kw) => R.meanSquaredError(t, p, x['sample_weight'], kw) },
  { fn: 'mean_absolute_error', lossId: 'l1_loss', args: REGRESSION, options: [MULTIOUTPUT], differences: METRIC,
    run: (t, p, x, kw) => R.meanAbsoluteError(t, p, x['sample_weight'], kw) },
  { fn: 'mean_pinball_loss', lossId: 'quantile_loss', args: REGRESSION, options: [opt('alpha', 'number', 0.5, 'The quantile: under-predictions cost alpha per unit, over-predictions 1 − alpha.'), MULTIOUTPUT],
    differences: `${METRIC} alpha is the quantile (called quantile or tau elsewhere).`, run: (t, p, x, kw) => R.meanPinballLoss(t, p, x['sample_weight'], kw) },
  { fn: 'mean_absolute_percentage_error', lossId: 'mean_absolute_percentage_error', args: REGRESSION, options: [MULTIOUTPUT],
    differences: `${METRIC} A fraction (not ×100 as in Keras), dividing by max(|y_true|, 2.2e-16).`, run: (t, p, x, kw) => R.meanAbsolutePercentageError(t, p, x['sample_weight'], kw) },
  { fn: 'mean_squared_log_error', lossId: 'mean_squared_log_error', args: REGRESSION, options: [MULTIOUTPUT, SQUARED],
    differences: `${METRIC} Negative values are rejected (Keras clips them at 1e-7).`, run: (t, p, x, kw) => R.meanSquaredLogError(t, p, x['sample_weight'], kw) },
  { fn: 'median_absolute_error', lossId: 'median_absolute_error', args: ['y_true', 'y_pred', 'sample_weight'], options: [MULTIOUTPUT],
    differences: `${METRIC} With sample_weight the median is the smallest error whose cumulative weight reaches half.`, run: (t, p, x, kw) => R.medianAbsoluteError(t, p, x['sample_weight'], kw) },
  { fn: 'max_error', lossId: 'max_error', args: ['y_true', 'y_pred'], options: [], differences: 'A metric: the largest |y_true − y_pred|; one output only.',
    run: (t, p) => R.maxError(t, p) },
  { fn: 'mean_tweedie_deviance', lossId: 'tweedie_deviance', args: REGRESSION, options: [opt('power', 'number', 0, 'Tweedie power: 0 normal, 1 Poisson, 2 gamma; (0, 1) is not allowed.')],
    differences: `${METRIC} The deviance (twice the log-likelihood ratio to the saturated model), not the negative log-likelihood.`, run: (t, p, x, kw) => R.meanTweedieDeviance(t, p, x['sample_weight'], kw) },
  { fn: 'mean_poisson_deviance', lossId: 'poisson_deviance', args: REGRESSION, options: [],
    differences: `${METRIC} Takes the predicted mean μ (not its log) and requires y ≥ 0, μ > 0.`, run: (t, p, x) => R.meanTweedieDeviance(t, p, x['sample_weight'], { power: 1 }, 'sklearn.metrics.mean_poisson_deviance') },
  { fn: 'mean_gamma_deviance', lossId: 'gamma_deviance', args: REGRESSION, options: [],
    differences: `${METRIC} Requires y > 0 and μ > 0.`, run: (t, p, x) => R.meanTweedieDeviance(t, p, x['sample_weight'], { power: 2 }, 'sklearn.metrics.mean_gamma_deviance') },
  { fn: 'log_loss', lossId: 'cross_entropy', args: ['y_true', 'y_pred', 'sample_weight', 'labels'], options: [opt('eps', 'number', 'auto', "Probabilities are clipped to [eps, 1 − eps]; 'auto' = float64 machine epsilon."), NORMALIZE],
    differences: 'Takes probabilities (not logits) and labels of any values (sorted to find the classes); a 1-D y_pred is the probability of the greater class; rows are renormalised to sum 1.',
    run: (t, p, x, kw) => K.logLoss(t, p, x['sample_weight'], x['labels'], kw) },
  { fn: 'hinge_loss', lossId: 'hinge_loss', args: ['y_true', 'pred_decision', 'labels', 'sample_weight'], options: [],
    differences: 'Labels of any two values (the greater becomes +1); with more classes, the Crammer–Singer margin d[y] − max of the others.',
    run: (t, d, x) => K.hingeLoss(t, d, x['sample_weight'], x['labels']) },
  { fn: 'brier_score_loss', lossId: 'brier_score', args: ['y_true', 'y_prob', 'sample_weight'], options: [opt('pos_label', 'number', null, 'The positive label (default 1 for {0, 1} or {−1, 1} labels, else the greater label).')],
    differences: 'Binary only: y_prob is the probability of pos_label and must lie in [0, 1].', run: (t, p, x, kw) => K.brierScoreLoss(t, p, x['sample_weight'], kw) },
  { fn: 'zero_one_loss', lossId: 'zero_one_loss', args: ['y_true', 'y_pred', 'sample_weight'], options: [NORMALIZE],
    differences: 'Takes predicted labels (not scores); multilabel rows count as right only when every label matches.', run: (t, p, x, kw) => K.zeroOneLoss(t, p, x['sample_weight'], kw) },
  { fn: 'hamming_loss', lossId: 'hamming_loss', args: ['y_true', 'y_pred', 'sample_weight'], options: [],
    differences: 'Takes predicted labels (not scores); the fraction of wrong labels.', run: (t, p, x) => K.hammingLoss(t, p, x['sample_weight']) },
  { fn: 'label_ranking_loss', lossId: 'label_ranking_loss', args: ['y_true', 'y_score', 'sample_weight'], options: [],
    differences: 'Ties count as misordered (score of an irrelevant label ≥ a relevant one).', run: (t, s, x) => K.labelRankingLoss(t, s, x['sample_weight']) },
  { fn: 'coverage_error', lossId: 'coverage_error', args: ['y_true', 'y_score', 'sample_weight'], options: [],
    differences: 'Ties count against the ranking (every label scoring ≥ the worst relevant one is counted).', run: (t, s, x) => K.coverageError(t, s, x['sample_weight']) },
];

const MEANINGS: Record<string, string> = {
  y_true: 'Ground truth (targets or labels).', y_pred: 'Predictions (values, labels or probabilities).', y_prob: 'Predicted probabilities of the positive class.',
  y_score: 'Scores per label.', pred_decision: 'Decision function values.', sample_weight: 'Per-sample weights.', labels: 'All the labels of the problem.',
};

function spelling(d: MetricDef): FrameworkLoss {
  const name = `sklearn.metrics.${d.fn}`;
  const args: FrameworkArgSpec[] = d.args.map((a, i) => ({ name: a, optional: i >= 2, differentiable: false, meaning: MEANINGS[a] ?? a }));
  return {
    name, framework: 'sklearn', kind: 'functional', lossId: d.lossId, args, options: d.options, differences: d.differences,
    compute(tensorArgs: TensorArgs, options: Options) {
      rejectUnknownArgs(name, tensorArgs, d.args);
      // `sample_weight=None` is how Python spells an absent optional tensor.
      const given = Object.fromEntries(Object.entries(options).filter(([k, v]) => !(d.args.includes(k) && v === null)));
      const kw = readKw(name, d.options, given);
      const a = requireTensor(name, tensorArgs, d.args[0]);
      const b = requireTensor(name, tensorArgs, d.args[1]);
      return { value: d.run(a, b, tensorArgs, kw), grad: {} };
    },
  };
}

export const SKLEARN_LOSSES: readonly FrameworkLoss[] = DEFS.map(spelling);
