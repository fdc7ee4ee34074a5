/** Messages between the sweep panel's webview and the extension host, and the state the panel keeps
 *  across reloads. Version 1, shares the panel protocol's header; validated on receipt. The host
 *  sends one snapshot when the page is ready, then throttled deltas while workers stream. */
import { PANEL_PROTOCOL_VERSION, type ProblemMessage, type ReadyMessage } from './panel';
import { ValidationError, array, isRecord, num, oneOf, record, seriesValue, str } from './validate';

import { RUN_STATUSES as ENDED } from '../engine/train/runStatus';

export const RUN_STATUSES = ['queued', 'running', ...ENDED] as const;
export type RunStatusShown = (typeof RUN_STATUSES)[number];
export const GROUP_BYS = ['loss', 'optimizer', 'lr'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const SORT_KEYS = ['loss', 'optimizer', 'lr', 'seed', 'train', 'val', 'metric', 'time', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** Everything about one run that the table shows, without its curves. */
export interface RunSummary {
  status: RunStatusShown;
  train_loss: number | null;
  val_loss: number | null;
  /** The headline metric (accuracy or MSE, see SweepSnapshot.metric). */
  metric: number | null;
  ms: number | null;
  error?: string;
  /** Title of the catalog pitfall this run falls into (it ran anyway). */
  flag?: string;
}

export interface SweepRun extends RunSummary {
  loss: string;
  optimizer: string;
  lr: number;
  seed: number;
  /** Training loss per step so far; NaN where a step's value was not finite. */
  train: number[];
  /** Validation loss per step, when the run records one (drawn dashed). */
  val?: number[];
  /** The steps of `val` when it is not measured at every step (same length as `val`). */
  valSteps?: number[];
}

export interface SweepSnapshot {
  sweepId: string;
  title: string;
  task: string;
  steps: number;
  /** Name of the headline metric and whether higher is better. */
  metric: { name: string; higherIsBetter: boolean };
  runs: SweepRun[];
  /** Index of the best finished run, -1 while none. */
  best: number;
  finished: boolean;
  cancelled: boolean;
}

export interface SweepView {
  groupBy: GroupBy;
  sort: { key: SortKey; dir: SortDir } | null;
}

export interface SweepShowMessage { v: 1; type: 'sweep'; sweep: SweepSnapshot }
/** New training-loss values for a run, written at `from` onwards. */
export interface SweepAppend { index: number; from: number; values: number[] }
export interface SweepUpdateMessage {
  v: 1;
  type: 'update';
  sweepId: string;
  appends: SweepAppend[];
  /** Runs whose table row changed (status, finals); `train` replaces the whole curve when given,
   *  `val` (with `valSteps`) the whole validation curve. */
  runs: { index: number; summary: RunSummary; train?: number[]; val?: number[]; valSteps?: number[] }[];
  best: number;
  finished: boolean;
  cancelled: boolean;
}
/** Automation (tests, commands): sort the table or regroup the curves as a click would. */
export interface SweepViewMessage { v: 1; type: 'view'; view: Partial<SweepView> }
export type ToSweepWebview = SweepShowMessage | SweepUpdateMessage | SweepViewMessage;

/** What the page drew: traces on the plot, runs with at least one point, the table's row order. */
export interface SweepRenderedMessage {
  v: 1;
  type: 'sweep-rendered';
  sweepId: string;
  traces: number;
  curves: number;
  rows: number;
  /** Training-loss values received over all runs (grows while the sweep streams). */
  points: number;
  /** Runs with a validation curve drawn, and its values over all runs. */
  valCurves?: number;
  valPoints?: number;
  /** Traces drawn dashed (validation). */
  dashedTraces?: number;
  order: number[];
  /** The table's cell texts, row by row as shown (what a reader sees, for tests and automation). */
  table: string[][];
  best: number;
  finished: boolean;
  view: SweepView;
  theme: string;
}
/** The run's cancel button in the table was pressed. */
export interface SweepCancelRunMessage { v: 1; type: 'cancel-run'; sweepId: string; index: number }
export type SweepToHost = ReadyMessage | ProblemMessage | SweepRenderedMessage | SweepCancelRunMessage;

export interface SweepPanelState { v: 1; kind: 'sweep'; sweep: SweepSnapshot; view: SweepView }

const MAX_RUNS = 10_000;

function header(v: unknown): Record<string, unknown> {
  const o = record(v, '(message)');
  if (o.v !== PANEL_PROTOCOL_VERSION) throw new ValidationError('v', `expected panel protocol version ${PANEL_PROTOCOL_VERSION}`);
  return o;
}

const nullableNum = (v: unknown, path: string): number | null => (v === null ? null : num(v, path));
const values = (v: unknown, path: string): number[] => array(v, path, seriesValue);
const index = (v: unknown, path: string): number => {
  const i = num(v, path);
  if (!Number.isInteger(i) || i < -1) throw new ValidationError(path, 'expected an integer index');
  return i;
};
const bool = (v: unknown, path: string): boolean => {
  if (typeof v !== 'boolean') throw new ValidationError(path, 'expected true or false');
  return v;
};

function summary(o: Record<string, unknown>, path: string): RunSummary {
  const s: RunSummary = {
    status: oneOf(o.status, RUN_STATUSES, `${path}.status`),
    train_loss: nullableNum(o.train_loss, `${path}.train_loss`),
    val_loss: nullableNum(o.val_loss, `${path}.val_loss`),
    metric: nullableNum(o.metric, `${path}.metric`),
    ms: nullableNum(o.ms, `${path}.ms`),
  };
  if (o.error !== undefined) s.error = str(o.error, `${path}.error`);
  if (o.flag !== undefined) s.flag = str(o.flag, `${path}.flag`);
  return s;
}

function run(v: unknown, path: string): SweepRun {
  const o = record(v, path);
  const r: SweepRun = {
    ...summary(o, path),
    loss: str(o.loss, `${path}.loss`),
    optimizer: str(o.optimizer, `${path}.optimizer`),
    lr: num(o.lr, `${path}.lr`),
    seed: num(o.seed, `${path}.seed`),
    train: values(o.train, `${path}.train`),
  };
  Object.assign(r, valCurve(o, path));
  return r;
}

/** `val` and its optional `valSteps` (whole, increasing, one per value). */
function valCurve(o: Record<string, unknown>, path: string): { val?: number[]; valSteps?: number[] } {
  if (o.val === undefined) {
    if (o.valSteps !== undefined) throw new ValidationError(`${path}.valSteps`, 'steps without values');
    return {};
  }
  const val = values(o.val, `${path}.val`);
  if (o.valSteps === undefined) return { val };
  let last = -1;
  const valSteps = array(o.valSteps, `${path}.valSteps`, (x, p) => {
    const step = num(x, p);
    if (!Number.isInteger(step) || step <= last) throw new ValidationError(p, 'expected increasing whole steps');
    last = step;
    return step;
  });
  if (valSteps.length !== val.length) throw new ValidationError(`${path}.valSteps`, `expected ${val.length} steps, got ${valSteps.length}`);
  return { val, valSteps };
}

export function parseSnapshot(v: unknown, path = 'sweep'): SweepSnapshot {
  const o = record(v, path);
  const m = record(o.metric, `${path}.metric`);
  const runs = array(o.runs, `${path}.runs`, run, MAX_RUNS);
  const best = index(o.best, `${path}.best`);
  if (best >= runs.length) throw new ValidationError(`${path}.best`, 'no such run');
  return {
    sweepId: str(o.sweepId, `${path}.sweepId`),
    title: str(o.title, `${path}.title`),
    task: str(o.task, `${path}.task`),
    steps: num(o.steps, `${path}.steps`),
    metric: { name: str(m.name, `${path}.metric.name`), higherIsBetter: bool(m.higherIsBetter, `${path}.metric.higherIsBetter`) },
    runs,
    best,
    finished: bool(o.finished, `${path}.finished`),
    cancelled: bool(o.cancelled, `${path}.cancelled`),
  };
}

function view(v: unknown, path: string): Partial<SweepView> {
  const o = record(v, path);
  const out: Partial<SweepView> = {};
  if (o.groupBy !== undefined) out.groupBy = oneOf(o.groupBy, GROUP_BYS, `${path}.groupBy`);
  if (o.sort === null) out.sort = null;
  else if (o.sort !== undefined) {
    const s = record(o.sort, `${path}.sort`);
    out.sort = { key: oneOf(s.key, SORT_KEYS, `${path}.sort.key`), dir: oneOf(s.dir, ['asc', 'desc'], `${path}.sort.dir`) };
  }
  return out;
}

function fullView(v: unknown, path: string): SweepView {
  const p = view(v, path);
  return { groupBy: p.groupBy ?? 'loss', sort: p.sort ?? null };
}

export function parseToSweepWebview(v: unknown): ToSweepWebview {
  const o = header(v);
  const type = oneOf(o.type, ['sweep', 'update', 'view'], 'type');
  switch (type) {
    case 'sweep':
      return { v: 1, type, sweep: parseSnapshot(o.sweep) };
    case 'view':
      return { v: 1, type, view: view(o.view, 'view') };
    case 'update':
      return {
        v: 1, type,
        sweepId: str(o.sweepId, 'sweepId'),
        appends: array(o.appends, 'appends', (a, p) => {
          const r = record(a, p);
          return { index: index(r.index, `${p}.index`), from: index(r.from, `${p}.from`), values: values(r.values, `${p}.values`) };
        }, MAX_RUNS * 10),
        runs: array(o.runs, 'runs', (a, p) => {
          const r = record(a, p);
          const u: SweepUpdateMessage['runs'][number] = { index: index(r.index, `${p}.index`), summary: summary(record(r.summary, `${p}.summary`), `${p}.summary`) };
          if (r.train !== undefined) u.train = values(r.train, `${p}.train`);
          return Object.assign(u, valCurve(r, p));
        }, MAX_RUNS),
        best: index(o.best, 'best'),
        finished: bool(o.finished, 'finished'),
        cancelled: bool(o.cancelled, 'cancelled'),
      };
  }
}

export function parseSweepToHost(v: unknown): SweepToHost {
  const o = header(v);
  const type = oneOf(o.type, ['ready', 'problem', 'sweep-rendered', 'cancel-run'], 'type');
  switch (type) {
    case 'ready':
      return { v: 1, type };
    case 'problem':
      return { v: 1, type, message: str(o.message, 'message').slice(0, 2000) };
    case 'cancel-run': {
      const at = index(o.index, 'index');
      if (at < 0 || at >= MAX_RUNS) throw new ValidationError('index', 'expected a run index');
      return { v: 1, type, sweepId: str(o.sweepId, 'sweepId'), index: at };
    }
    case 'sweep-rendered':
      return {
        v: 1, type,
        sweepId: str(o.sweepId, 'sweepId'),
        traces: num(o.traces, 'traces'),
        curves: num(o.curves, 'curves'),
        rows: num(o.rows, 'rows'),
        points: num(o.points, 'points'),
        ...(o.valCurves !== undefined ? { valCurves: num(o.valCurves, 'valCurves') } : {}),
        ...(o.valPoints !== undefined ? { valPoints: num(o.valPoints, 'valPoints') } : {}),
        ...(o.dashedTraces !== undefined ? { dashedTraces: num(o.dashedTraces, 'dashedTraces') } : {}),
        order: array(o.order, 'order', index, MAX_RUNS),
        table: array(o.table, 'table', (row, p) => array(row, p, str, 20), MAX_RUNS),
        best: index(o.best, 'best'),
        finished: bool(o.finished, 'finished'),
        view: fullView(o.view, 'view'),
        theme: str(o.theme, 'theme'),
      };
  }
}

export function parseSweepPanelState(v: unknown): SweepPanelState {
  const o = header(v);
  if (o.kind !== 'sweep') throw new ValidationError('kind', 'expected "sweep"');
  return { v: 1, kind: 'sweep', sweep: parseSnapshot(o.sweep), view: isRecord(o.view) ? fullView(o.view, 'view') : { groupBy: 'loss', sort: null } };
}

/** NaN/±inf as null: webview state is stored as JSON. */
export function jsonSafe(xs: readonly number[]): (number | null)[] {
  return xs.map((x) => (Number.isFinite(x) ? x : null));
}
