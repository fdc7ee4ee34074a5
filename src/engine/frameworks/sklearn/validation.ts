/** scikit-learn 1.2's input checks (check_array, check_consistent_length, _check_reg_targets,
 *  type_of_target) and np.average, as the metrics use them. Metrics have no gradient. */
import { LossError } from '../../errors';
import type { OptionValue, Options, TensorArgs } from '../../catalog/types';
import type { OptionSpec } from '../../catalog/types';
import { Tensor } from '../../tensor';

export type Kw = Readonly<Record<string, OptionValue>>;

/** Keyword arguments filled from their declared defaults; unknown names raise TypeError. */
export function readKw(metric: string, specs: readonly OptionSpec[], options: Options): Kw {
  const out: Record<string, OptionValue> = {};
  for (const s of specs) out[s.name] = s.default;
  for (const [k, v] of Object.entries(options)) {
    if (!specs.some((s) => s.name === k)) throw new LossError(metric, k, `got an unexpected keyword argument '${k}'`);
    out[k] = v;
  }
  return out;
}

/** A keyword's value: readKw has filled every keyword the metric declares with its default. */
export function keyword(kw: Kw, name: string): OptionValue {
  const v = kw[name];
  if (v === undefined) throw new Error(`keyword ${name} is not declared`);
  return v;
}

export function requireTensor(metric: string, args: TensorArgs, name: string): Tensor {
  const t = args[name];
  if (!t) throw new LossError(metric, name, 'missing required argument');
  return t;
}

export function rejectUnknownArgs(metric: string, args: TensorArgs, names: readonly string[]): void {
  for (const k of Object.keys(args)) if (!names.includes(k)) throw new LossError(metric, k, `got an unexpected argument '${k}'`);
}

/** check_array's force_all_finite and ensure_min_samples. */
export function requireFinite(metric: string, name: string, t: Tensor): void {
  if (t.ndim > 0 && t.shape[0] === 0) throw new LossError(metric, name, 'Found array with 0 sample(s) while a minimum of 1 is required.');
  for (const v of t.data) if (!Number.isFinite(v)) throw new LossError(metric, name, 'Input contains NaN, infinity or a value too large.');
}

export function samples(t: Tensor): number {
  return t.ndim === 0 ? 1 : t.shape[0]!;
}

/** check_consistent_length. */
export function requireSameLength(metric: string, ...ts: (Tensor | undefined)[]): void {
  const lengths = ts.filter((t): t is Tensor => t !== undefined).map(samples);
  if (new Set(lengths).size > 1) throw new LossError(metric, null, `Found input variables with inconsistent numbers of samples: [${lengths.join(', ')}]`);
}

/** A 1-D or 2-D regression target as (n, outputs) rows. */
export interface Columns {
  n: number;
  outputs: number;
  at(i: number, j: number): number;
}

export function asColumns(metric: string, name: string, t: Tensor): Columns {
  if (t.ndim === 0 || t.ndim > 2) throw new LossError(metric, name, `Expected a 1-D or 2-D array, got shape [${t.shape.join(', ')}]`);
  const n = t.shape[0]!;
  const outputs = t.ndim === 1 ? 1 : t.shape[1]!;
  return { n, outputs, at: (i, j) => t.data[i * outputs + j]! };
}

/** _check_reg_targets: finite 1-D/2-D arrays of equal length and output count; multioutput named. */
export function regressionTargets(metric: string, yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | undefined, multioutput: OptionValue): { t: Columns; p: Columns; raw: boolean } {
  requireSameLength(metric, yTrue, yPred, sampleWeight);
  requireFinite(metric, 'y_true', yTrue);
  requireFinite(metric, 'y_pred', yPred);
  const t = asColumns(metric, 'y_true', yTrue);
  const p = asColumns(metric, 'y_pred', yPred);
  if (t.outputs !== p.outputs) throw new LossError(metric, 'y_pred', `y_true and y_pred have different number of output (${t.outputs}!=${p.outputs})`);
  if (multioutput !== 'uniform_average' && multioutput !== 'raw_values' && multioutput !== 'variance_weighted') {
    throw new LossError(metric, 'multioutput', `Allowed 'multioutput' string values are ('raw_values', 'uniform_average', 'variance_weighted'). You provided multioutput=${JSON.stringify(multioutput)}`);
  }
  if (multioutput === 'variance_weighted') throw new LossError(metric, 'multioutput', "'variance_weighted' is not supported by this metric");
  if (sampleWeight) requireFinite(metric, 'sample_weight', sampleWeight);
  return { t, p, raw: multioutput === 'raw_values' };
}

/** np.average of values[i] with weights w[i] (or the plain mean); weights summing to 0 raise. */
export function average(metric: string, values: ArrayLike<number>, weights: Tensor | undefined): number {
  let s = 0;
  let ws = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights ? weights.data[i]! : 1;
    s += values[i]! * w;
    ws += w;
  }
  if (weights && ws === 0) throw new LossError(metric, 'sample_weight', "Weights sum to zero, can't be normalized");
  return s / ws;
}

/** Per-output values as the metric returns them: the array, or their mean. */
export function perOutput(values: number[], raw: boolean): Tensor {
  if (raw) return Tensor.from([values.length], values);
  return Tensor.scalar(values.reduce((a, b) => a + b, 0) / values.length);
}

export function column(c: Columns, j: number, f: (t: number, p: number) => number, p: Columns): Float64Array {
  return Float64Array.from({ length: c.n }, (_, i) => f(c.at(i, j), p.at(i, j)));
}

export type TargetType = 'binary' | 'multiclass' | 'multilabel-indicator' | 'continuous' | 'continuous-multioutput' | 'multiclass-multioutput' | 'unknown';

/** type_of_target. */
export function typeOfTarget(metric: string, name: string, t: Tensor): TargetType {
  if (t.ndim > 2 || (t.ndim === 2 && t.shape[1] === 0)) return 'unknown';
  if (t.ndim === 0) throw new LossError(metric, name, 'Expected array-like (array or non-string sequence), got a scalar');
  const unique = new Set(t.data);
  const wide = t.ndim === 2 && t.shape[1]! > 1;
  if (wide && unique.size < 3 && (!t.isFloating || [...unique].every(Number.isInteger))) return 'multilabel-indicator';
  if (t.isFloating && [...t.data].some((v) => !Number.isInteger(v))) {
    requireFinite(metric, name, t);
    return wide ? 'continuous-multioutput' : 'continuous';
  }
  if (unique.size > 2 || wide) return wide ? 'multiclass-multioutput' : 'multiclass';
  return 'binary';
}

/** _check_targets for the classification metrics: one common type among binary, multiclass and
 *  multilabel-indicator, else ValueError. */
export function classificationTargets(metric: string, yTrue: Tensor, yPred: Tensor): 'binary' | 'multiclass' | 'multilabel-indicator' {
  const a = typeOfTarget(metric, 'y_true', yTrue);
  const b = typeOfTarget(metric, 'y_pred', yPred);
  let types = new Set([a, b]);
  if (types.size === 2 && types.has('binary') && types.has('multiclass')) types = new Set(['multiclass']);
  if (types.size > 1) throw new LossError(metric, null, `Classification metrics can't handle a mix of ${a} and ${b} targets`);
  const type = [...types][0]!;
  if (type !== 'binary' && type !== 'multiclass' && type !== 'multilabel-indicator') throw new LossError(metric, null, `${type} is not supported`);
  if (type === 'multilabel-indicator' && (yTrue.shape[1] !== yPred.shape[1])) throw new LossError(metric, 'y_pred', `inconsistent shapes [${yTrue.shape.join(', ')}] and [${yPred.shape.join(', ')}]`);
  return type;
}

/** column_or_1d. */
export function as1d(metric: string, name: string, t: Tensor): Float64Array {
  if (t.ndim === 1 || (t.ndim === 2 && t.shape[1] === 1)) return t.data;
  throw new LossError(metric, name, `y should be a 1d array, got an array of shape [${t.shape.join(', ')}] instead.`);
}

export function sortedUnique(values: ArrayLike<number>): number[] {
  return [...new Set(Array.from(values))].sort((a, b) => a - b);
}
