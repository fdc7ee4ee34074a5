/** scikit-learn's regression metrics: per-output weighted averages (np.average over samples),
 *  then the multioutput rule. */
import { LossError } from '../../errors';
import { Tensor } from '../../tensor';
import { average, column, keyword, perOutput, regressionTargets, type Kw } from './validation';

const FLOAT64_EPS = 2.220446049250313e-16;

type Term = (t: number, p: number) => number;

function perOutputMean(metric: string, yTrue: Tensor, yPred: Tensor, w: Tensor | undefined, kw: Kw, term: Term, post: (v: number) => number = (v) => v): Tensor {
  const { t, p, raw } = regressionTargets(metric, yTrue, yPred, w, keyword(kw, 'multioutput'));
  const values: number[] = [];
  for (let j = 0; j < t.outputs; j++) values.push(post(average(metric, column(t, j, term, p), w)));
  return perOutput(values, raw);
}

export function meanSquaredError(yTrue: Tensor, yPred: Tensor, w: Tensor | undefined, kw: Kw, name = 'sklearn.metrics.mean_squared_error'): Tensor {
  return perOutputMean(name, yTrue, yPred, w, kw, (t, p) => (t - p) ** 2, kw['squared'] === false ? Math.sqrt : undefined);
}

export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor, w: Tensor | undefined, kw: Kw): Tensor {
  return perOutputMean('sklearn.metrics.mean_absolute_error', yTrue, yPred, w, kw, (t, p) => Math.abs(p - t));
}

export function meanPinballLoss(yTrue: Tensor, yPred: Tensor, w: Tensor | undefined, kw: Kw): Tensor {
  const alpha = kw['alpha'] as number;
  return perOutputMean('sklearn.metrics.mean_pinball_loss', yTrue, yPred, w, kw, (t, p) => {
    const d = t - p;
    const sign = d >= 0 ? 1 : 0;
    return alpha * sign * d - (1 - alpha) * (1 - sign) * d;
  });
}

export function meanAbsolutePercentageError(yTrue: Tensor, yPred: Tensor, w: Tensor | undefined, kw: Kw): Tensor {
  return perOutputMean('sklearn.metrics.mean_absolute_percentage_error', yTrue, yPred, w, kw, (t, p) => Math.abs(p - t) / Math.max(Math.abs(t), FLOAT64_EPS));
}

export function meanSquaredLogError(yTrue: Tensor, yPred: Tensor, w: Tensor | undefined, kw: Kw): Tensor {
  const metric = 'sklearn.metrics.mean_squared_log_error';
  regressionTargets(metric, yTrue, yPred, w, keyword(kw, 'multioutput'));
  if (yTrue.data.some((v) => v < 0) || yPred.data.some((v) => v < 0)) {
    throw new LossError(metric, null, 'Mean Squared Logarithmic Error cannot be used when targets contain negative values.');
  }
  const log1p = (t: Tensor) => new Tensor(t.shape, t.data.map(Math.log1p), t.dtype === 'int64' ? 'float64' : t.dtype);
  return meanSquaredError(log1p(yTrue), log1p(yPred), w, kw, metric);
}

/** sklearn's _weighted_percentile at 50: the smallest sorted value whose cumulative weight
 *  reaches half the total. */
function weightedMedian(values: Float64Array, w: Tensor): number {
  const order = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
  const cdf: number[] = [];
  let acc = 0;
  for (const i of order) cdf.push((acc += w.data[i]!));
  let target = 0.5 * acc;
  if (target === 0) target = Number.MIN_VALUE;
  let k = cdf.findIndex((c) => c >= target);
  if (k < 0) k = order.length - 1;
  return values[order[k]!]!;
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function medianAbsoluteError(yTrue: Tensor, yPred: Tensor, w: Tensor | undefined, kw: Kw): Tensor {
  const metric = 'sklearn.metrics.median_absolute_error';
  const { t, p, raw } = regressionTargets(metric, yTrue, yPred, w, keyword(kw, 'multioutput'));
  const values: number[] = [];
  for (let j = 0; j < t.outputs; j++) {
    const errors = column(t, j, (a, b) => Math.abs(b - a), p);
    values.push(w ? weightedMedian(errors, w) : median(errors));
  }
  return perOutput(values, raw);
}

export function maxError(yTrue: Tensor, yPred: Tensor): Tensor {
  const metric = 'sklearn.metrics.max_error';
  const { t, p } = regressionTargets(metric, yTrue, yPred, undefined, 'uniform_average');
  if (t.outputs > 1) throw new LossError(metric, null, 'Multioutput not supported in max_error');
  let m = -Infinity;
  for (let i = 0; i < t.n; i++) m = Math.max(m, Math.abs(t.at(i, 0) - p.at(i, 0)));
  return Tensor.scalar(m);
}

/** xlogy(x, y): 0 where x = 0. */
function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

function tweedieTerm(power: number): (y: number, mu: number) => number {
  if (power < 0) return (y, mu) => 2 * (Math.max(y, 0) ** (2 - power) / ((1 - power) * (2 - power)) - (y * mu ** (1 - power)) / (1 - power) + mu ** (2 - power) / (2 - power));
  if (power === 0) return (y, mu) => (y - mu) ** 2;
  if (power === 1) return (y, mu) => 2 * (xlogy(y, y / mu) - y + mu);
  if (power === 2) return (y, mu) => 2 * (Math.log(mu / y) + y / mu - 1);
  return (y, mu) => 2 * (y ** (2 - power) / ((1 - power) * (2 - power)) - (y * mu ** (1 - power)) / (1 - power) + mu ** (2 - power) / (2 - power));
}

export function meanTweedieDeviance(yTrue: Tensor, yPred: Tensor, w: Tensor | undefined, kw: Kw, metric = 'sklearn.metrics.mean_tweedie_deviance'): Tensor {
  const power = kw['power'] as number;
  const { t, p } = regressionTargets(metric, yTrue, yPred, w, 'uniform_average');
  if (t.outputs > 1) throw new LossError(metric, null, 'Multioutput not supported in mean_tweedie_deviance');
  const ys = column(t, 0, (a) => a, p);
  const mus = column(p, 0, (a) => a, p);
  const message = `Mean Tweedie deviance error with power=${power} can only be used on `;
  const anyOf = (xs: Float64Array, f: (v: number) => boolean) => xs.some(f);
  if (power < 0) {
    if (anyOf(mus, (v) => v <= 0)) throw new LossError(metric, 'y_pred', message + 'strictly positive y_pred.');
  } else if (power > 0 && power < 1) {
    throw new LossError(metric, 'power', 'Tweedie deviance is only defined for power<=0 and power>=1.');
  } else if (power >= 1 && power < 2) {
    if (anyOf(ys, (v) => v < 0) || anyOf(mus, (v) => v <= 0)) throw new LossError(metric, null, message + 'non-negative y and strictly positive y_pred.');
  } else if (power >= 2) {
    if (anyOf(ys, (v) => v <= 0) || anyOf(mus, (v) => v <= 0)) throw new LossError(metric, null, message + 'strictly positive y and y_pred.');
  }
  const term = tweedieTerm(power);
  return Tensor.scalar(average(metric, column(t, 0, term, p), w));
}

