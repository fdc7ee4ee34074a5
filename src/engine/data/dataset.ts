/** A supervised data set held as flat arrays: row i's features are x[i*features .. (i+1)*features). */
export type Task = 'regression' | 'binary' | 'multiclass';

export interface Dataset {
  readonly task: Task;
  readonly n: number;
  readonly features: number;
  /** n × features, row-major. */
  readonly x: Float64Array;
  /** Regression: the value; classification: the class index 0..classes-1 (binary: 0 or 1). */
  readonly y: Float64Array;
  /** 1 for regression, 2 for binary, k for multiclass. */
  readonly classes: number;
  readonly featureNames: readonly string[];
}

export function makeDataset(task: Task, x: Float64Array, y: Float64Array, features: number, classes: number, featureNames?: readonly string[]): Dataset {
  const n = y.length;
  if (x.length !== n * features) throw new RangeError(`x has ${x.length} values, expected ${n} rows × ${features} features`);
  return { task, n, features, x, y, classes, featureNames: featureNames ?? Array.from({ length: features }, (_, i) => `x${i + 1}`) };
}

/** The rows at `rows`, in that order. */
export function takeRows(d: Dataset, rows: ArrayLike<number>): Dataset {
  const f = d.features;
  const x = new Float64Array(rows.length * f);
  const y = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (let k = 0; k < f; k++) x[i * f + k] = d.x[r * f + k]!;
    y[i] = d.y[r]!;
  }
  return { ...d, n: rows.length, x, y };
}
