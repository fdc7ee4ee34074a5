/** Evaluation metrics. Regression: MSE, MAE, R². Classification (from class probabilities):
 *  accuracy, F1 (binary: of class 1; multi-class: macro), log loss, ROC AUC (multi-class:
 *  macro one-vs-rest). */
export interface RegressionMetrics {
  mse: number;
  mae: number;
  r2: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  f1: number;
  log_loss: number;
  auc: number;
}

export type Metrics = RegressionMetrics | ClassificationMetrics;

export function regressionMetrics(pred: ArrayLike<number>, y: ArrayLike<number>): RegressionMetrics {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let se = 0;
  let ae = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const e = pred[i]! - y[i]!;
    se += e * e;
    ae += Math.abs(e);
    tot += (y[i]! - mean) ** 2;
  }
  return { mse: se / n, mae: ae / n, r2: tot === 0 ? NaN : 1 - se / tot };
}

/** Area under the ROC curve of `score` for the rows where positive[i] is true; ties count half. */
export function rocAuc(score: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]!] === score[order[i]!]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (positive[order[k]!]) {
        pos++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

function f1Of(cls: number, predicted: ArrayLike<number>, y: ArrayLike<number>): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const p = predicted[i] === cls;
    const t = y[i] === cls;
    if (p && t) tp++;
    else if (p) fp++;
    else if (t) fn++;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** `probs` is n × classes, rows summing to 1; y holds class indices. */
export function classificationMetrics(probs: ArrayLike<number>, y: ArrayLike<number>, classes: number): ClassificationMetrics {
  const n = y.length;
  const predicted = new Float64Array(n);
  let correct = 0;
  let logLoss = 0;
  const clampP = (p: number): number => Math.min(Math.max(p, 1e-15), 1 - 1e-15);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c]! > probs[i * classes + best]!) best = c;
    predicted[i] = best;
    if (best === y[i]) correct++;
    logLoss -= Math.log(clampP(probs[i * classes + y[i]!]!));
  }
  const column = (c: number): Float64Array => Float64Array.from({ length: n }, (_, i) => probs[i * classes + c]!);
  const isClass = (c: number): boolean[] => Array.from({ length: n }, (_, i) => y[i] === c);
  let f1: number;
  let auc: number;
  if (classes === 2) {
    f1 = f1Of(1, predicted, y);
    auc = rocAuc(column(1), isClass(1));
  } else {
    f1 = 0;
    auc = 0;
    for (let c = 0; c < classes; c++) {
      f1 += f1Of(c, predicted, y) / classes;
      auc += rocAuc(column(c), isClass(c)) / classes;
    }
  }
  return { accuracy: correct / n, f1, log_loss: logLoss / n, auc };
}
