/** Messages between the extension host and the anomaly worker (out/anomaly-worker.js), v1: the
 *  host sends a growing series (the worker keeps one LiveDetector per key, so each update looks
 *  again only at the end), the worker answers with every anomaly found so far. Validated on receipt. */
import type { CurveAnomaly } from '../engine/curves/anomalies';
import { ValidationError, array, num, oneOf, record, str } from './validate';

export interface DetectJob {
  v: 1; type: 'detect'; id: number;
  /** The series' identity across updates (run id and tag). */
  key: string;
  split: 'train' | 'val';
  value: Float64Array;
  step: Float64Array;
  restarts: number[];
}
export interface ForgetJob { v: 1; type: 'forget'; id: number; keys: string[] }
export type AnomalyJob = DetectJob | ForgetJob;

export type AnomalyReply =
  | { v: 1; type: 'anomalies'; id: number; found: CurveAnomaly[] }
  | { v: 1; type: 'forgotten'; id: number }
  | { v: 1; type: 'error'; id: number; problem: string };

function header(v: unknown, path: string): Record<string, unknown> {
  const r = record(v, path);
  if (r.v !== 1) throw new ValidationError(`${path}.v`, 'expected protocol version 1');
  return r;
}

function float64s(v: unknown, path: string): Float64Array {
  if (!(v instanceof Float64Array)) throw new ValidationError(path, 'expected a Float64Array');
  return v;
}

const index = (v: unknown, path: string): number => {
  const n = num(v, path);
  if (!Number.isInteger(n) || n < 0) throw new ValidationError(path, 'expected an index');
  return n;
};

export function parseAnomalyJob(raw: unknown): AnomalyJob {
  const r = header(raw, 'job');
  const id = num(r.id, 'job.id');
  const type = oneOf(r.type, ['detect', 'forget'] as const, 'job.type');
  if (type === 'forget') return { v: 1, type, id, keys: array(r.keys, 'job.keys', str) };
  const value = float64s(r.value, 'job.value');
  const step = float64s(r.step, 'job.step');
  if (step.length !== value.length) throw new ValidationError('job.step', 'expected as many steps as values');
  return {
    v: 1, type, id, key: str(r.key, 'job.key'), split: oneOf(r.split, ['train', 'val'] as const, 'job.split'),
    value, step, restarts: array(r.restarts, 'job.restarts', index),
  };
}

/** The value at an anomaly may be NaN or ±inf (structured clone keeps them). */
function numberOrNonFinite(v: unknown, path: string): number {
  if (typeof v !== 'number') throw new ValidationError(path, 'expected a number');
  return v;
}

function anomaly(v: unknown, path: string): CurveAnomaly {
  const r = record(v, path);
  return {
    kind: oneOf(r.kind, ['spike', 'divergence', 'nonfinite'] as const, `${path}.kind`),
    start: index(r.start, `${path}.start`), end: index(r.end, `${path}.end`), at: index(r.at, `${path}.at`),
    value: numberOrNonFinite(r.value, `${path}.value`), explanation: str(r.explanation, `${path}.explanation`),
  };
}

export function parseAnomalyReply(raw: unknown): AnomalyReply {
  const r = header(raw, 'reply');
  const id = num(r.id, 'reply.id');
  const type = oneOf(r.type, ['anomalies', 'forgotten', 'error'] as const, 'reply.type');
  if (type === 'error') return { v: 1, type, id, problem: str(r.problem, 'reply.problem') };
  if (type === 'forgotten') return { v: 1, type, id };
  return { v: 1, type, id, found: array(r.found, 'reply.found', anomaly) };
}
