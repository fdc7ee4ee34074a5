/** scikit-learn's classification and ranking metrics that are losses: log_loss, hinge_loss,
 *  brier_score_loss, zero_one_loss, hamming_loss, label_ranking_loss, coverage_error. */
import { LossError } from '../../errors';
import { Tensor } from '../../tensor';
import { as1d, average, classificationTargets, requireFinite, requireSameLength, sortedUnique, typeOfTarget, type Kw } from './validation';

const FLOAT64_EPS = 2.220446049250313e-16;

/** _weighted_sum: the (weighted) mean when normalize, else the (weighted) sum. */
function weightedSum(metric: string, values: ArrayLike<number>, w: Tensor | undefined, normalize: boolean): number {
  if (normalize) return average(metric, values, w);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * (w ? w.data[i]! : 1);
  return s;
}

/** LabelBinarizer(classes).transform(y) as rows, the binary case widened to [1 − t, t]. */
function binarizedRows(metric: string, yTrue: Tensor, classes: number[]): number[][] {
  const type = typeOfTarget(metric, 'y_true', yTrue);
  if (type.includes('multioutput')) throw new LossError(metric, 'y_true', 'Multioutput target data is not supported with label binarization');
  if (type === 'multilabel-indicator') {
    const cols = yTrue.shape[1]!;
    if (cols !== classes.length) throw new LossError(metric, 'y_true', `classes mismatch with the labels found in the data`);
    return Array.from({ length: yTrue.shape[0]! }, (_, i) => Array.from(yTrue.data.subarray(i * cols, (i + 1) * cols), (v) => (v !== 0 ? 1 : 0)));
  }
  const y = as1d(metric, 'y_true', yTrue);
  if (type === 'binary' && classes.length === 2) return Array.from(y, (v) => (v === classes[1] ? [0, 1] : [1, 0]));
  return Array.from(y, (v) => classes.map((c) => (c === v ? 1 : 0)));
}

function labelSet(metric: string, name: string, t: Tensor): number[] {
  const type = typeOfTarget(metric, name, t);
  if (type.includes('multioutput')) throw new LossError(metric, name, 'Multioutput target data is not supported with label binarization');
  if (type === 'continuous') throw new LossError(metric, name, 'Unknown label type: continuous');
  if (type === 'multilabel-indicator') return Array.from({ length: t.shape[1]! }, (_, i) => i);
  return sortedUnique(t.data);
}

export function logLoss(yTrue: Tensor, yPred: Tensor, w: Tensor | undefined, labels: Tensor | undefined, kw: Kw): Tensor {
  const metric = 'sklearn.metrics.log_loss';
  requireFinite(metric, 'y_pred', yPred);
  if (yPred.ndim > 2 || yPred.ndim === 0) throw new LossError(metric, 'y_pred', `Found array with dim ${yPred.ndim}. Expected <= 2.`);
  const eps = kw['eps'] === 'auto' ? FLOAT64_EPS : (kw['eps'] as number);
  requireSameLength(metric, yPred, yTrue, w);
  const classes = labels ? labelSet(metric, 'labels', labels) : labelSet(metric, 'y_true', yTrue);
  if (classes.length === 1) {
    throw new LossError(metric, labels ? 'labels' : 'y_true', labels
      ? `The labels array needs to contain at least two labels for log_loss, got [${classes[0]}].`
      : `y_true contains only one label (${classes[0]}). Please provide the true labels explicitly through the labels argument.`);
  }
  const rows = binarizedRows(metric, yTrue, classes);
  const cols = yPred.ndim === 1 ? 1 : yPred.shape[1]!;
  const n = yPred.shape[0]!;
  const width = cols === 1 ? 2 : cols;
  if (classes.length !== width) throw new LossError(metric, 'y_pred', `y_true and y_pred contain different number of classes ${rows[0]?.length ?? 0}, ${width}. Please provide the true labels explicitly through the labels argument.`);
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const raw = Array.from({ length: cols }, (_, j) => Math.min(Math.max(yPred.data[i * cols + j]!, eps), 1 - eps));
    const p = cols === 1 ? [1 - raw[0]!, raw[0]!] : raw;
    const sum = p.reduce((a, b) => a + b, 0);
    let l = 0;
    for (let j = 0; j < width; j++) if (rows[i]![j]) l -= rows[i]![j]! * Math.log(p[j]! / sum);
    losses[i] = l;
  }
  return Tensor.scalar(weightedSum(metric, losses, w, kw['normalize'] !== false));
}

export function hingeLoss(yTrue: Tensor, decision: Tensor, w: Tensor | undefined, labels: Tensor | undefined): Tensor {
  const metric = 'sklearn.metrics.hinge_loss';
  requireSameLength(metric, yTrue, decision, w);
  requireFinite(metric, 'pred_decision', decision);
  if (decision.ndim > 2) throw new LossError(metric, 'pred_decision', `Found array with dim ${decision.ndim}. Expected <= 2.`);
  const y = as1d(metric, 'y_true', yTrue);
  const unique = sortedUnique(labels ? labels.data : y);
  const n = y.length;
  const losses = new Float64Array(n);
  if (unique.length > 2) {
    if (decision.ndim <= 1) throw new LossError(metric, 'pred_decision', `The shape of pred_decision cannot be 1d array with a multiclass target. pred_decision shape must be (n_samples, n_classes), that is (${n}, ${unique.length}).`);
    const c = decision.shape[1]!;
    if (unique.length !== c) {
      throw new LossError(metric, 'pred_decision', labels ? 'The shape of pred_decision is not consistent with the number of classes.' : 'Please include all labels in y_true or pass labels as third argument');
    }
    for (let i = 0; i < n; i++) {
      const k = unique.indexOf(y[i]!);
      if (k < 0) throw new LossError(metric, 'y_true', `y contains previously unseen labels: [${y[i]}]`);
      let other = -Infinity;
      for (let j = 0; j < c; j++) if (j !== k) other = Math.max(other, decision.data[i * c + j]!);
      losses[i] = Math.max(1 - (decision.data[i * c + k]! - other), 0);
    }
  } else {
    const d = as1d(metric, 'pred_decision', decision);
    const own = sortedUnique(y);
    const positive = own.length >= 3 ? own[0] : own[1];
    for (let i = 0; i < n; i++) {
      const sign = positive !== undefined && y[i] === positive ? 1 : -1;
      losses[i] = Math.max(1 - sign * d[i]!, 0);
    }
  }
  return Tensor.scalar(average(metric, losses, w));
}

export function brierScoreLoss(yTrue: Tensor, yProb: Tensor, w: Tensor | undefined, kw: Kw): Tensor {
  const metric = 'sklearn.metrics.brier_score_loss';
  const y = as1d(metric, 'y_true', yTrue);
  const p = as1d(metric, 'y_prob', yProb);
  requireFinite(metric, 'y_true', yTrue);
  requireFinite(metric, 'y_prob', yProb);
  requireSameLength(metric, yTrue, yProb, w);
  const type = typeOfTarget(metric, 'y_true', yTrue);
  if (type !== 'binary') throw new LossError(metric, 'y_true', `Only binary classification is supported. The type of the target is ${type}.`);
  if (p.some((v) => v > 1)) throw new LossError(metric, 'y_prob', 'y_prob contains values greater than 1.');
  if (p.some((v) => v < 0)) throw new LossError(metric, 'y_prob', 'y_prob contains values less than 0.');
  const classes = sortedUnique(y);
  let pos = kw['pos_label'];
  if (pos === null || pos === undefined) {
    const key = classes.join(',');
    pos = ['0,1', '-1,1', '0', '-1', '1'].includes(key) ? 1 : classes[classes.length - 1]!;
  }
  return Tensor.scalar(average(metric, Array.from(y, (v, i) => ((v === pos ? 1 : 0) - p[i]!) ** 2), w));
}

/** Per-sample correctness (1 = right) for label vectors, or multilabel rows that must match whole. */
function rowsCorrect(metric: string, yTrue: Tensor, yPred: Tensor): { type: string; correct: Float64Array; wrongEntries: Float64Array; width: number } {
  const type = classificationTargets(metric, yTrue, yPred);
  requireSameLength(metric, yTrue, yPred);
  if (type === 'multilabel-indicator') {
    const width = yTrue.shape[1]!;
    const n = yTrue.shape[0]!;
    const wrongEntries = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) if (yTrue.data[i * width + j] !== yPred.data[i * width + j]) wrongEntries[i]! += 1;
    return { type, correct: wrongEntries.map((v) => (v === 0 ? 1 : 0)), wrongEntries, width };
  }
  const a = as1d(metric, 'y_true', yTrue);
  const b = as1d(metric, 'y_pred', yPred);
  const correct = Float64Array.from(a, (v, i) => (v === b[i] ? 1 : 0));
  return { type, correct, wrongEntries: correct.map((v) => 1 - v), width: 1 };
}

export function zeroOneLoss(yTrue: Tensor, yPred: Tensor, w: Tensor | undefined, kw: Kw): Tensor {
  const metric = 'sklearn.metrics.zero_one_loss';
  const { correct } = rowsCorrect(metric, yTrue, yPred);
  requireSameLength(metric, yTrue, yPred, w);
  const normalize = kw['normalize'] !== false;
  const score = weightedSum(metric, correct, w, normalize);
  if (normalize) return Tensor.scalar(1 - score);
  const total = w ? w.data.reduce((s, v) => s + v, 0) : correct.length;
  return Tensor.scalar(total - score);
}

export function hammingLoss(yTrue: Tensor, yPred: Tensor, w: Tensor | undefined): Tensor {
  const metric = 'sklearn.metrics.hamming_loss';
  const { type, wrongEntries, width } = rowsCorrect(metric, yTrue, yPred);
  requireSameLength(metric, yTrue, yPred, w);
  if (type === 'multilabel-indicator') {
    const n = wrongEntries.length;
    let diffs = 0;
    for (let i = 0; i < n; i++) diffs += wrongEntries[i]! * (w ? w.data[i]! : 1);
    const meanWeight = w ? w.data.reduce((s, v) => s + v, 0) / n : 1;
    return Tensor.scalar(diffs / (n * width * meanWeight));
  }
  return Tensor.scalar(average(metric, wrongEntries, w));
}

/** y_true a multilabel-indicator matrix and y_score the same shape, both finite. */
function rankingInputs(metric: string, yTrue: Tensor, yScore: Tensor, w: Tensor | undefined): { n: number; l: number } {
  if (yTrue.ndim !== 2 || yScore.ndim !== 2) throw new LossError(metric, null, 'Expected 2D array, got 1D array instead');
  requireFinite(metric, 'y_true', yTrue);
  requireFinite(metric, 'y_score', yScore);
  requireSameLength(metric, yTrue, yScore, w);
  const type = typeOfTarget(metric, 'y_true', yTrue);
  if (type !== 'multilabel-indicator') throw new LossError(metric, 'y_true', `${type} format is not supported`);
  if (yTrue.shape[1] !== yScore.shape[1]) throw new LossError(metric, 'y_score', 'y_true and y_score have different shape');
  return { n: yTrue.shape[0]!, l: yTrue.shape[1]! };
}

export function labelRankingLoss(yTrue: Tensor, yScore: Tensor, w: Tensor | undefined): Tensor {
  const metric = 'sklearn.metrics.label_ranking_loss';
  const { n, l } = rankingInputs(metric, yTrue, yScore, w);
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let pairs = 0;
    let relevant = 0;
    for (let a = 0; a < l; a++) {
      if (yTrue.data[i * l + a] === 0) continue;
      relevant++;
      for (let b = 0; b < l; b++) if (yTrue.data[i * l + b] === 0 && yScore.data[i * l + b]! >= yScore.data[i * l + a]!) pairs++;
    }
    losses[i] = relevant === 0 || relevant === l ? 0 : pairs / ((l - relevant) * relevant);
  }
  return Tensor.scalar(average(metric, losses, w));
}

export function coverageError(yTrue: Tensor, yScore: Tensor, w: Tensor | undefined): Tensor {
  const metric = 'sklearn.metrics.coverage_error';
  const { n, l } = rankingInputs(metric, yTrue, yScore, w);
  const coverage = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let min = Infinity;
    for (let j = 0; j < l; j++) if (yTrue.data[i * l + j] !== 0) min = Math.min(min, yScore.data[i * l + j]!);
    if (min === Infinity) continue;
    for (let j = 0; j < l; j++) if (yScore.data[i * l + j]! >= min) coverage[i]! += 1;
  }
  return Tensor.scalar(average(metric, coverage, w));
}
