/** The Loss Lab figure payload: MIME type application/vnd.losslab.figure+json.
 *  Produced by the Python helper (python/losslab.py), the extension (notebook cell outputs) and the CLI;
 *  drawn by the shared plot layer in webviews and the notebook renderer. JSON schema: media/figure.schema.json. */
import {
  ValidationError, array, finiteNum, isRecord, oneOf, optBool, optNum, optStr, record, seriesValue, str,
} from './validate';

export const FIGURE_MIME = 'application/vnd.losslab.figure+json';
export const FIGURE_VERSION = 1;

export interface CurveSeries {
  name: string;
  /** Values per step; NaN and ±Infinity are kept (they are what spike/NaN detection looks for). */
  values: number[];
  /** Step numbers; defaults to 0..n-1. */
  steps?: number[];
  /** Seconds, for a time x axis: since the start, or since the epoch (training logs), drawn as dates. */
  wallTime?: number[];
  /** 'train' (default) or 'val'; validation curves are drawn dashed. */
  split?: 'train' | 'val';
  /** Group used for colouring (e.g. the loss id in a sweep). */
  group?: string;
  /** Anomalies found where the data lives (the extension host, for training logs), so that the
   *  page does not run the detector; absent: the page detects them. */
  anomalies?: SeriesAnomaly[];
  /** Set when the series is a decimation for drawing (training runs: every point stays in the
   *  extension host): how many points the whole series has. */
  total?: number;
  /** The smoothed line at these points, computed over every point of the series with `weight`. */
  smoothed?: { weight: number; values: number[] };
  /** The series' outlier-ignoring y range over every point (raw and smoothed), per axis type
   *  (log: in log10 units); the page cannot find it from a decimation, which keeps the extremes. */
  range?: { linear?: [number, number]; log?: [number, number] };
}

export const ANOMALY_KINDS = ['spike', 'divergence', 'nonfinite', 'restart'] as const;

export interface SeriesAnomaly {
  kind: (typeof ANOMALY_KINDS)[number];
  /** Index of the point to mark. */
  at: number;
  explanation: string;
}

export interface CurvesFigure {
  version: 1;
  kind: 'curves';
  title?: string;
  series: CurveSeries[];
  /** TensorBoard-style smoothing weight in [0, 1). */
  smoothing?: number;
  logY?: boolean;
  xAxis?: CurvesXAxis;
  /** A step to open the view at (a notification's "Show"): the x range is centred on it. */
  focusStep?: number;
}

export const CURVES_X_AXES = ['step', 'relative', 'wall'] as const;
export type CurvesXAxis = (typeof CURVES_X_AXES)[number];

export interface LandscapeFigure {
  version: 1;
  kind: 'landscape';
  title?: string;
  x: number[];
  /** Absent for a 1-D landscape. */
  y?: number[];
  /** z[j][i] is the loss at (x[i], y[j]); a flat array for 1-D. */
  z: number[] | number[][];
  trajectory?: { x: number[]; y: number[]; z?: number[] };
  view?: 'line' | 'contour' | 'surface';
  logZ?: boolean;
}

export interface ExplorerFigure {
  version: 1;
  kind: 'explorer';
  title?: string;
  /** Catalog ids with their options; the renderer computes the curves with the engine. */
  losses: { id: string; options?: Record<string, number | string | boolean | null> }[];
  target?: number;
  range?: [number, number];
  showGradient?: boolean;
  /** Curves measured elsewhere (a user's own loss, run in their Python), drawn beside the catalog losses. */
  measured?: MeasuredCurve[];
}

export interface MeasuredCurve {
  name: string;
  x: number[];
  /** NaN and ±Infinity are kept: a gap in the curve is a finding. */
  loss: number[];
  gradient: number[];
}

export type Figure = CurvesFigure | LandscapeFigure | ExplorerFigure;
export const FIGURE_KINDS = ['curves', 'landscape', 'explorer'] as const;

function numbers(v: unknown, path: string): number[] {
  return array(v, path, seriesValue);
}

function finiteNumbers(v: unknown, path: string): number[] {
  return array(v, path, finiteNum);
}

function interval(v: unknown, path: string): [number, number] {
  const r = finiteNumbers(v, path);
  if (r.length !== 2 || !(r[0]! <= r[1]!)) throw new ValidationError(path, 'expected [low, high] with low <= high');
  return [r[0]!, r[1]!];
}

export function parseCurveSeries(v: unknown, path: string): CurveSeries {
  const o = record(v, path);
  const s: CurveSeries = { name: str(o.name, `${path}.name`), values: numbers(o.values, `${path}.values`) };
  if (o.steps !== undefined) s.steps = finiteNumbers(o.steps, `${path}.steps`);
  if (o.wallTime !== undefined) s.wallTime = finiteNumbers(o.wallTime, `${path}.wallTime`);
  if (o.split !== undefined) s.split = oneOf(o.split, ['train', 'val'], `${path}.split`);
  const group = optStr(o.group, `${path}.group`);
  if (group !== undefined) s.group = group;
  if (o.anomalies !== undefined) {
    s.anomalies = array(o.anomalies, `${path}.anomalies`, (a, p) => {
      const r = record(a, p);
      const at = finiteNum(r.at, `${p}.at`);
      if (!Number.isInteger(at) || at < 0 || at >= s.values.length) throw new ValidationError(`${p}.at`, 'expected the index of a value');
      return { kind: oneOf(r.kind, ANOMALY_KINDS, `${p}.kind`), at, explanation: str(r.explanation, `${p}.explanation`) };
    });
  }
  if (o.total !== undefined) {
    const total = finiteNum(o.total, `${path}.total`);
    if (!Number.isInteger(total) || total < s.values.length) throw new ValidationError(`${path}.total`, 'expected an integer at least the number of values');
    s.total = total;
  }
  if (o.smoothed !== undefined) {
    const r = record(o.smoothed, `${path}.smoothed`);
    const weight = finiteNum(r.weight, `${path}.smoothed.weight`);
    if (weight < 0 || weight >= 1) throw new ValidationError(`${path}.smoothed.weight`, 'must be in [0, 1)');
    const values = numbers(r.values, `${path}.smoothed.values`);
    if (values.length !== s.values.length) throw new ValidationError(`${path}.smoothed.values`, `has ${values.length} entries, values has ${s.values.length}`);
    s.smoothed = { weight, values };
  }
  if (o.range !== undefined) {
    const r = record(o.range, `${path}.range`);
    s.range = {};
    for (const axis of ['linear', 'log'] as const) if (r[axis] !== undefined) s.range[axis] = interval(r[axis], `${path}.range.${axis}`);
  }
  for (const key of ['steps', 'wallTime'] as const) {
    const a = s[key];
    if (a && a.length !== s.values.length) throw new ValidationError(`${path}.${key}`, `has ${a.length} entries, values has ${s.values.length}`);
  }
  return s;
}

function optionValue(v: unknown, path: string): number | string | boolean | null {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  throw new ValidationError(path, 'expected a number, string, boolean or null');
}

function curves(o: Record<string, unknown>): CurvesFigure {
  const f: CurvesFigure = { version: 1, kind: 'curves', series: array(o.series, 'series', parseCurveSeries) };
  const title = optStr(o.title, 'title');
  if (title !== undefined) f.title = title;
  const smoothing = optNum(o.smoothing, 'smoothing');
  if (smoothing !== undefined) {
    if (smoothing < 0 || smoothing >= 1) throw new ValidationError('smoothing', 'must be in [0, 1)');
    f.smoothing = smoothing;
  }
  const logY = optBool(o.logY, 'logY');
  if (logY !== undefined) f.logY = logY;
  if (o.xAxis !== undefined) f.xAxis = oneOf(o.xAxis, CURVES_X_AXES, 'xAxis');
  const focusStep = optNum(o.focusStep, 'focusStep');
  if (focusStep !== undefined) f.focusStep = focusStep;
  return f;
}

function landscape(o: Record<string, unknown>): LandscapeFigure {
  const x = finiteNumbers(o.x, 'x');
  const f: LandscapeFigure = { version: 1, kind: 'landscape', x, z: [] };
  if (o.y !== undefined) {
    const y = finiteNumbers(o.y, 'y');
    const z = array(o.z, 'z', (row, p) => numbers(row, p));
    if (z.length !== y.length) throw new ValidationError('z', `has ${z.length} rows, y has ${y.length} values`);
    z.forEach((row, j) => {
      if (row.length !== x.length) throw new ValidationError(`z[${j}]`, `has ${row.length} values, x has ${x.length}`);
    });
    f.y = y;
    f.z = z;
  } else {
    const z = numbers(o.z, 'z');
    if (z.length !== x.length) throw new ValidationError('z', `has ${z.length} values, x has ${x.length}`);
    f.z = z;
  }
  const title = optStr(o.title, 'title');
  if (title !== undefined) f.title = title;
  if (o.trajectory !== undefined) {
    const t = record(o.trajectory, 'trajectory');
    f.trajectory = { x: finiteNumbers(t.x, 'trajectory.x'), y: finiteNumbers(t.y, 'trajectory.y') };
    if (t.z !== undefined) f.trajectory.z = numbers(t.z, 'trajectory.z');
    for (const key of ['y', 'z'] as const) {
      const length = f.trajectory[key]?.length ?? f.trajectory.x.length;
      if (length !== f.trajectory.x.length) throw new ValidationError(`trajectory.${key}`, `has ${length} values, trajectory.x has ${f.trajectory.x.length}`);
    }
  }
  if (o.view !== undefined) f.view = oneOf(o.view, ['line', 'contour', 'surface'], 'view');
  const logZ = optBool(o.logZ, 'logZ');
  if (logZ !== undefined) f.logZ = logZ;
  return f;
}

function measured(v: unknown, path: string): MeasuredCurve {
  const o = record(v, path);
  const m: MeasuredCurve = { name: str(o.name, `${path}.name`), x: finiteNumbers(o.x, `${path}.x`), loss: numbers(o.loss, `${path}.loss`), gradient: numbers(o.gradient, `${path}.gradient`) };
  if (m.loss.length !== m.x.length || m.gradient.length !== m.x.length) throw new ValidationError(path, 'x, loss and gradient differ in length');
  return m;
}

function explorer(o: Record<string, unknown>): ExplorerFigure {
  const losses = array(o.losses, 'losses', (v, p) => {
    const l = record(v, p);
    const entry: ExplorerFigure['losses'][number] = { id: str(l.id, `${p}.id`) };
    if (l.options !== undefined) {
      const opts = record(l.options, `${p}.options`);
      entry.options = Object.fromEntries(Object.entries(opts).map(([k, x]) => [k, optionValue(x, `${p}.options.${k}`)]));
    }
    return entry;
  });
  if (losses.length === 0) throw new ValidationError('losses', 'needs at least one loss');
  const f: ExplorerFigure = { version: 1, kind: 'explorer', losses };
  const title = optStr(o.title, 'title');
  if (title !== undefined) f.title = title;
  if (o.target !== undefined) f.target = finiteNum(o.target, 'target');
  if (o.range !== undefined) {
    const r = finiteNumbers(o.range, 'range');
    if (r.length !== 2 || !(r[0]! < r[1]!)) throw new ValidationError('range', 'expected [low, high] with low < high');
    f.range = [r[0]!, r[1]!];
  }
  const g = optBool(o.showGradient, 'showGradient');
  if (g !== undefined) f.showGradient = g;
  if (o.measured !== undefined) f.measured = array(o.measured, 'measured', measured, 8);
  return f;
}

/** Validates an untrusted payload. A newer version or unknown kind is an error that says so. */
export function parseFigure(payload: unknown): Figure {
  if (!isRecord(payload)) throw new ValidationError('(payload)', 'expected a JSON object');
  const version = payload.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw new ValidationError('version', 'expected an integer');
  if (version > FIGURE_VERSION) {
    throw new ValidationError('version', `figure version ${version} is newer than this Loss Lab understands (${FIGURE_VERSION}); update the extension`);
  }
  if (version < 1) throw new ValidationError('version', `unsupported version ${version}`);
  const kind = oneOf(payload.kind, FIGURE_KINDS, 'kind');
  switch (kind) {
    case 'curves': return curves(payload);
    case 'landscape': return landscape(payload);
    case 'explorer': return explorer(payload);
  }
}
