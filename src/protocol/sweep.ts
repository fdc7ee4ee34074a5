/** Messages between a sweep host (CLI or extension host) and its worker threads, version 1.
 *  Host → worker: `run` (one job, data included: a worker keeps no state between runs, so a
 *  replacement for a dead worker needs nothing else). Worker → host: `ready`, throttled `progress`
 *  batches of per-step training losses (and the validation points measured meanwhile), `done` with the outcome, `error` for a malformed message.
 *  Cancel goes through a shared Int32Array (`CANCEL_SLOT`) that the worker polls between steps,
 *  because a running job does not yield to the message loop. Every message is validated on receipt. */
import type { Pitfall } from '../engine/catalog/types';
import type { Dataset } from '../engine/data/dataset';
import { ACTIVATIONS } from '../engine/train/activations';
import { DTYPES, INITS } from '../engine/train/network';
import { OPTIMIZER_NAMES } from '../engine/train/optimizers';
import { SCHEDULE_NAMES } from '../engine/train/schedules';
import type { RunConfig } from '../engine/train/spec';
import { RUN_STATUSES, type CommonSettings, type RunJob, type RunOutcome, type ValPoint } from '../engine/train/sweep';
import type { FinalResult } from '../engine/train/trainer';
import { ValidationError, array, isRecord, num, oneOf, optStr, record, seriesValue, str } from './validate';

export const SWEEP_PROTOCOL_VERSION = 1;
/** Index in the shared Int32Array: holds runId + 1 of the run to cancel (0: none). */
export const CANCEL_SLOT = 0;

export interface RunMessage {
  v: 1;
  type: 'run';
  runId: number;
  job: RunJob;
}

export type HostToWorker = RunMessage;

export interface ReadyMessage {
  v: 1;
  type: 'ready';
}

export interface ProgressMessage {
  v: 1;
  type: 'progress';
  runId: number;
  /** Step index of losses[0]. */
  from: number;
  losses: number[];
  /** Validation points measured since the previous batch (absent when none). */
  val?: ValPoint[];
}

export interface DoneMessage {
  v: 1;
  type: 'done';
  runId: number;
  outcome: RunOutcome;
}

export interface ErrorMessage {
  v: 1;
  type: 'error';
  runId?: number;
  problem: string;
}

export type WorkerToHost = ReadyMessage | ProgressMessage | DoneMessage | ErrorMessage;

/** What the worker is given at start (worker_threads `workerData`). */
export interface WorkerInit {
  cancel: Int32Array;
  throttleMs: number;
}

// ---- validation ----------------------------------------------------------------------------

function version(o: Record<string, unknown>, path: string): void {
  if (o.v !== SWEEP_PROTOCOL_VERSION) throw new ValidationError(`${path}.v`, `expected protocol version ${SWEEP_PROTOCOL_VERSION}, got ${JSON.stringify(o.v)}`);
}

function int(v: unknown, path: string): number {
  const n = num(v, path);
  if (!Number.isInteger(n)) throw new ValidationError(path, 'expected an integer');
  return n;
}

function floatArray(v: unknown, length: number, path: string): Float64Array {
  if (!(v instanceof Float64Array)) throw new ValidationError(path, 'expected a Float64Array');
  if (v.length !== length) throw new ValidationError(path, `expected ${length} values, got ${v.length}`);
  return v;
}

function dataset(v: unknown, path: string): Dataset {
  const o = record(v, path);
  const n = int(o.n, `${path}.n`);
  const features = int(o.features, `${path}.features`);
  return {
    task: oneOf(o.task, ['regression', 'binary', 'multiclass'], `${path}.task`),
    n,
    features,
    x: floatArray(o.x, n * features, `${path}.x`),
    y: floatArray(o.y, n, `${path}.y`),
    classes: int(o.classes, `${path}.classes`),
    featureNames: array(o.featureNames, `${path}.featureNames`, str),
  };
}

function plainRecord(v: unknown, path: string): Record<string, never> {
  // Option bags: values are checked by the engine, which fails the run with the reason.
  return record(v, path) as Record<string, never>;
}

function runConfig(v: unknown, path: string): RunConfig {
  const o = record(v, path);
  return {
    loss: str(o.loss, `${path}.loss`),
    loss_options: plainRecord(o.loss_options, `${path}.loss_options`),
    optimizer: oneOf(o.optimizer, OPTIMIZER_NAMES, `${path}.optimizer`),
    lr: num(o.lr, `${path}.lr`),
    optimizer_options: plainRecord(o.optimizer_options, `${path}.optimizer_options`),
    seed: int(o.seed, `${path}.seed`),
  };
}

function common(v: unknown, path: string): CommonSettings {
  const o = record(v, path);
  const m = record(o.model, `${path}.model`);
  const model: CommonSettings['model'] = {
    hidden: array(m.hidden, `${path}.model.hidden`, int),
    activation: oneOf(m.activation, ACTIVATIONS, `${path}.model.activation`),
    ...(m.init !== undefined ? { init: oneOf(m.init, INITS, `${path}.model.init`) } : {}),
    ...(m.dtype !== undefined ? { dtype: oneOf(m.dtype, DTYPES, `${path}.model.dtype`) } : {}),
  };
  const c: CommonSettings = {
    model,
    steps: int(o.steps, `${path}.steps`),
    batch_size: o.batch_size === null ? null : int(o.batch_size, `${path}.batch_size`),
    clip_grad_norm: o.clip_grad_norm === null ? null : num(o.clip_grad_norm, `${path}.clip_grad_norm`),
  };
  if (o.val_every !== undefined) {
    const every = int(o.val_every, `${path}.val_every`);
    if (every < 0) throw new ValidationError(`${path}.val_every`, 'expected 0 or more');
    c.val_every = every;
  }
  if (o.schedule !== undefined) {
    const s = record(o.schedule, `${path}.schedule`);
    oneOf(s.name, SCHEDULE_NAMES, `${path}.schedule.name`);
    c.schedule = s as unknown as NonNullable<CommonSettings['schedule']>;
  }
  return c;
}

export function parseHostMessage(v: unknown): HostToWorker {
  const o = record(v, 'message');
  version(o, 'message');
  oneOf(o.type, ['run'], 'message.type');
  const job = record(o.job, 'message.job');
  return {
    v: 1,
    type: 'run',
    runId: int(o.runId, 'message.runId'),
    job: {
      config: runConfig(job.config, 'message.job.config'),
      common: common(job.common, 'message.job.common'),
      train: dataset(job.train, 'message.job.train'),
      val: job.val === null ? null : dataset(job.val, 'message.job.val'),
    },
  };
}

function finalResult(v: unknown, path: string): FinalResult | null {
  if (v === null) return null;
  const o = record(v, path);
  const metric = record(o.metric, `${path}.metric`);
  const metrics: Record<string, number> = {};
  for (const [k, x] of Object.entries(metric)) metrics[k] = seriesValue(x, `${path}.metric.${k}`);
  return {
    train_loss: seriesValue(o.train_loss, `${path}.train_loss`),
    val_loss: o.val_loss === null ? null : seriesValue(o.val_loss, `${path}.val_loss`),
    metric: metrics as unknown as FinalResult['metric'],
  };
}

/** [step, loss] pairs with whole, non-negative, increasing steps. */
function valPoints(v: unknown, path: string): ValPoint[] {
  let last = -1;
  return array(v, path, (p, at) => {
    if (!Array.isArray(p) || p.length !== 2) throw new ValidationError(at, 'expected a [step, loss] pair');
    const step = int(p[0], `${at}[0]`);
    if (step <= last) throw new ValidationError(`${at}[0]`, 'steps must increase');
    last = step;
    return [step, seriesValue(p[1], `${at}[1]`)];
  });
}

function pitfall(v: unknown, path: string): Pitfall {
  const o = record(v, path);
  return { id: str(o.id, `${path}.id`), title: str(o.title, `${path}.title`), detail: str(o.detail, `${path}.detail`) };
}

export function parseWorkerMessage(v: unknown): WorkerToHost {
  const o = record(v, 'message');
  version(o, 'message');
  const type = oneOf(o.type, ['ready', 'progress', 'done', 'error'], 'message.type');
  switch (type) {
    case 'ready':
      return { v: 1, type };
    case 'progress': {
      const m: ProgressMessage = { v: 1, type, runId: int(o.runId, 'message.runId'), from: int(o.from, 'message.from'), losses: array(o.losses, 'message.losses', seriesValue) };
      if (o.val !== undefined) m.val = valPoints(o.val, 'message.val');
      return m;
    }
    case 'error': {
      const problem = str(o.problem, 'message.problem');
      return { v: 1, type, problem, ...(o.runId !== undefined ? { runId: int(o.runId, 'message.runId') } : {}) };
    }
    case 'done': {
      const out = record(o.outcome, 'message.outcome');
      const error = optStr(out.error, 'message.outcome.error');
      const outcome: RunOutcome = {
        status: oneOf(out.status, RUN_STATUSES, 'message.outcome.status'),
        loss: array(out.loss, 'message.outcome.loss', seriesValue),
        final: finalResult(out.final, 'message.outcome.final'),
        ...(out.val !== undefined ? { val: valPoints(out.val, 'message.outcome.val') } : {}),
        ms: num(out.ms, 'message.outcome.ms'),
        ...(error !== undefined ? { error } : {}),
        ...(isRecord(out.flag) ? { flag: pitfall(out.flag, 'message.outcome.flag') } : {}),
        ...(out.dtype !== undefined ? { dtype: oneOf(out.dtype, DTYPES, 'message.outcome.dtype') } : {}),
      };
      return { v: 1, type, runId: int(o.runId, 'message.runId'), outcome };
    }
  }
}
