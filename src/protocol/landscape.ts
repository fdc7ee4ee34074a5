/** Messages between a landscape host (CLI, extension host, bench) and its worker threads, v1.
 *  Host → worker: `prepare` (train the run, recording its path, and choose the plane), `rows` (a
 *  band of the 2-D grid), `sharpness` (Hessian top eigenvalue and trace). Each job names its run
 *  by sweep spec + run index; the worker rebuilds the data set and model deterministically and
 *  caches them, so jobs can go to any worker. Every message is validated on receipt. */
import { ValidationError, array, isRecord, num, oneOf, optStr, record, seriesValue } from './validate';

export const LANDSCAPE_PROTOCOL_VERSION = 1;

export interface RunSource {
  /** A sweep spec (validated by the worker with the spec parser). */
  spec: unknown;
  /** Text of the spec's CSV file, when it names one. */
  csvText?: string;
  /** Index into the spec's expanded runs. */
  run: number;
}

export interface PrepareJob {
  v: 1; type: 'prepare'; id: number; source: RunSource;
  grid: number; directions: 'pca' | 'random'; seed: number; checkpoints: number;
}
export interface RowsJob {
  v: 1; type: 'rows'; id: number; source: RunSource;
  center: Float64Array; d1: Float64Array; d2: Float64Array; xs: number[]; ys: number[]; rows: [number, number];
}
export interface SharpnessJob {
  v: 1; type: 'sharpness'; id: number; source: RunSource; center: Float64Array; seed: number; maxIterations: number; traceSamples: number;
}
export type LandscapeJob = PrepareJob | RowsJob | SharpnessJob;

export interface PreparedPlane {
  kind: 'pca' | 'random';
  center: Float64Array; d1: Float64Array; d2: Float64Array; xs: number[]; ys: number[];
}
export interface PreparedResult {
  v: 1; type: 'prepared'; id: number; ms: number;
  plane: PreparedPlane;
  /** The path in plane coordinates with the full-data loss at each checkpoint (pca planes). */
  trajectory?: { x: number[]; y: number[]; z: number[]; explained: [number, number] };
  /** Loss along the straight line from the initial to the trained parameters. */
  interpolation: { alpha: number[]; loss: number[] };
  /** Training (mini-batch) loss per step. */
  trainLoss: number[];
}
export interface RowsResult { v: 1; type: 'rows'; id: number; ms: number; from: number; z: number[][] }
export interface SharpnessResult {
  v: 1; type: 'sharpness'; id: number; ms: number;
  sharpness: { top_eigenvalue: number; converged: boolean; iterations: number; trace: number; trace_standard_error: number; trace_samples: number };
}
export interface JobError { v: 1; type: 'error'; id: number; problem: string }
export type LandscapeReply = PreparedResult | RowsResult | SharpnessResult | JobError;

function int(v: unknown, path: string, min = 0): number {
  const n = num(v, path);
  if (!Number.isInteger(n) || n < min) throw new ValidationError(path, `expected an integer ≥ ${min}`);
  return n;
}

function floats(v: unknown, path: string): Float64Array {
  if (!(v instanceof Float64Array)) throw new ValidationError(path, 'expected a Float64Array');
  return v;
}

function numbers(v: unknown, path: string): number[] {
  return array(v, path, num);
}

function header(v: unknown): Record<string, unknown> {
  const o = record(v, '(message)');
  if (o.v !== LANDSCAPE_PROTOCOL_VERSION) throw new ValidationError('v', `expected protocol version ${LANDSCAPE_PROTOCOL_VERSION}`);
  int(o.id, 'id');
  return o;
}

function source(v: unknown): RunSource {
  const o = record(v, 'source');
  const s: RunSource = { spec: o.spec, run: int(o.run, 'source.run') };
  const csv = optStr(o.csvText, 'source.csvText');
  if (csv !== undefined) s.csvText = csv;
  return s;
}

export function parseLandscapeJob(v: unknown): LandscapeJob {
  const o = header(v);
  const id = o.id as number;
  const type = oneOf(o.type, ['prepare', 'rows', 'sharpness'], 'type');
  switch (type) {
    case 'prepare':
      return {
        v: 1, type, id, source: source(o.source), grid: int(o.grid, 'grid', 2), directions: oneOf(o.directions, ['pca', 'random'], 'directions'),
        seed: int(o.seed, 'seed'), checkpoints: int(o.checkpoints, 'checkpoints', 3),
      };
    case 'rows': {
      const ys = numbers(o.ys, 'ys');
      const rows = array(o.rows, 'rows', (x, p) => int(x, p));
      if (rows.length !== 2 || rows[0]! > rows[1]! || rows[1]! > ys.length) throw new ValidationError('rows', 'expected [from, to] within ys');
      const center = floats(o.center, 'center');
      const d1 = floats(o.d1, 'd1');
      const d2 = floats(o.d2, 'd2');
      if (d1.length !== center.length || d2.length !== center.length) throw new ValidationError('d1', 'directions and center differ in length');
      return { v: 1, type, id, source: source(o.source), center, d1, d2, xs: numbers(o.xs, 'xs'), ys, rows: [rows[0]!, rows[1]!] };
    }
    case 'sharpness':
      return {
        v: 1, type, id, source: source(o.source), center: floats(o.center, 'center'), seed: int(o.seed, 'seed'),
        maxIterations: int(o.maxIterations, 'maxIterations', 1), traceSamples: int(o.traceSamples, 'traceSamples', 1),
      };
  }
}

/** Host-side check of a worker's reply (shape only: numbers may be NaN where a loss is). */
export function parseLandscapeReply(v: unknown): LandscapeReply {
  if (!isRecord(v)) throw new ValidationError('(reply)', 'expected an object');
  const o = header(v);
  const id = o.id as number;
  const type = oneOf(o.type, ['prepared', 'rows', 'sharpness', 'error'], 'type');
  if (type === 'error') return { v: 1, type, id, problem: String(o.problem) };
  const ms = num(o.ms, 'ms');
  switch (type) {
    case 'rows':
      return { v: 1, type, id, ms, from: int(o.from, 'from'), z: array(o.z, 'z', (row, p) => array(row, p, seriesValue)) };
    case 'sharpness': {
      const s = record(o.sharpness, 'sharpness');
      return {
        v: 1, type, id, ms,
        sharpness: {
          top_eigenvalue: seriesValue(s.top_eigenvalue, 'sharpness.top_eigenvalue'), converged: s.converged === true,
          iterations: int(s.iterations, 'sharpness.iterations'), trace: seriesValue(s.trace, 'sharpness.trace'),
          trace_standard_error: seriesValue(s.trace_standard_error, 'sharpness.trace_standard_error'), trace_samples: int(s.trace_samples, 'sharpness.trace_samples'),
        },
      };
    }
    case 'prepared': {
      const p = record(o.plane, 'plane');
      const reply: PreparedResult = {
        v: 1, type, id, ms,
        plane: {
          kind: oneOf(p.kind, ['pca', 'random'], 'plane.kind'), center: floats(p.center, 'plane.center'), d1: floats(p.d1, 'plane.d1'),
          d2: floats(p.d2, 'plane.d2'), xs: numbers(p.xs, 'plane.xs'), ys: numbers(p.ys, 'plane.ys'),
        },
        interpolation: (() => {
          const i = record(o.interpolation, 'interpolation');
          return { alpha: numbers(i.alpha, 'interpolation.alpha'), loss: array(i.loss, 'interpolation.loss', seriesValue) };
        })(),
        trainLoss: array(o.trainLoss, 'trainLoss', seriesValue),
      };
      if (o.trajectory !== undefined) {
        const t = record(o.trajectory, 'trajectory');
        const explained = numbers(t.explained, 'trajectory.explained');
        reply.trajectory = {
          x: numbers(t.x, 'trajectory.x'), y: numbers(t.y, 'trajectory.y'), z: array(t.z, 'trajectory.z', seriesValue),
          explained: [explained[0] ?? NaN, explained[1] ?? NaN],
        };
      }
      return reply;
    }
  }
}
