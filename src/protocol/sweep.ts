/** Messages between a sweep host (CLI or extension host) and its worker threads, version 1.
 *  Host → worker: `run` (one job, data included: a worker keeps no state between runs, so a
 *  replacement for a dead worker needs nothing else). Worker → host: `ready`, throttled `progress`
 *  batches of per-step training losses (and the validation points measured meanwhile), `done` with the outcome, `error` for a malformed message.
 *  Cancel goes through a shared Int32Array (`CANCEL_SLOT`) that the worker polls between steps,
 *  because a running job does not yield to the message loop. Every message is declared once below
 *  (zod, src/protocol/schema.ts) and validated on receipt; the run settings shared with the sweep
 *  spec (model, steps, schedule…) are the spec's own declaration (COMMON_SETTINGS). */
import * as z from 'zod/mini';
import type { Options } from '../engine/catalog/types';
import { DTYPES } from '../engine/train/network';
import { OPTIMIZER_NAMES, type OptimizerOptions } from '../engine/train/optimizers';
import { COMMON_SETTINGS, TASKS } from '../engine/train/specSchema';
import { RUN_STATUSES, type RunJob, type RunOutcome } from '../engine/train/sweep';
import type { Metrics } from '../engine/train/metrics';
import { bounded, float64Array, parseMessage, seriesValue, values, type Fits, ONCE_VALID, messageUnion } from './schema';
import { isRecord } from './validate';

export const SWEEP_PROTOCOL_VERSION = 1;
/** Index in the shared Int32Array: holds runId + 1 of the run to cancel (0: none). */
export const CANCEL_SLOT = 0;

const version = z.literal(SWEEP_PROTOCOL_VERSION, { error: (iss) => `expected protocol version ${SWEEP_PROTOCOL_VERSION}, got ${JSON.stringify(iss.input)}` });
const runId = z.int();


const dataset = z.object({
  task: z.enum(TASKS),
  n: z.int(),
  features: z.int(),
  x: float64Array,
  y: float64Array,
  classes: z.int(),
  featureNames: bounded(z.string()),
}).check(
  z.superRefine((d, ctx) => {
    const sized = (key: 'x' | 'y', length: number): void => {
      if (d[key].length !== length) ctx.addIssue({ code: 'custom', path: [key], message: `expected ${length} values, got ${d[key].length}`, input: d[key] });
    };
    sized('x', d.n * d.features);
    sized('y', d.n);
  }, ONCE_VALID),
);

/** Option bags: their values are checked by the engine, which fails the run with the reason. */
const optionBag = <T>() => z.custom<T>(isRecord, { error: 'expected an object' });

const RUN = z.object({
  v: version,
  type: z.literal('run'),
  runId,
  job: z.object({
    config: z.object({
      loss: z.string(),
      loss_options: optionBag<Options>(),
      optimizer: z.enum(OPTIMIZER_NAMES),
      lr: z.number(),
      optimizer_options: optionBag<OptimizerOptions>(),
      seed: z.int(),
    }),
    common: COMMON_SETTINGS,
    train: dataset,
    val: z.nullable(dataset),
  }),
});

/** [step, loss] pairs with whole, non-negative, increasing steps. */
const valPoints = bounded(z.tuple([z.int().check(z.gte(0)), seriesValue])).check(
  z.superRefine((points, ctx) => {
    for (let i = 1; i < points.length; i++) {
      if (points[i]![0] <= points[i - 1]![0]) return ctx.addIssue({ code: 'custom', path: [i, 0], message: 'steps must increase', input: points[i]![0] });
    }
  }, ONCE_VALID),
);

const READY = z.object({ v: version, type: z.literal('ready') });

const PROGRESS = z.object({
  v: version,
  type: z.literal('progress'),
  runId,
  /** Step index of losses[0]. */
  from: z.int(),
  losses: values,
  /** Validation points measured since the previous batch (absent when none). */
  val: z.optional(valPoints),
});

const DONE = z.object({
  v: version,
  type: z.literal('done'),
  runId,
  outcome: z.object({
    status: z.enum(RUN_STATUSES),
    loss: values,
    final: z.nullable(
      z.object({
        train_loss: seriesValue,
        val_loss: z.nullable(seriesValue),
        metric: z.pipe(z.record(z.string(), seriesValue), z.transform((m) => m as unknown as Metrics)),
      }),
    ),
    val: z.optional(valPoints),
    ms: z.number(),
    error: z.optional(z.string()),
    flag: z.optional(z.object({ id: z.string(), title: z.string(), detail: z.string() })),
    dtype: z.optional(z.enum(DTYPES)),
  }),
});

const ERROR = z.object({ v: version, type: z.literal('error'), runId: z.optional(runId), problem: z.string() });

const WORKER_MESSAGE = messageUnion([READY, PROGRESS, DONE, ERROR]);

const fits: [Fits<z.output<typeof RUN>['job'], RunJob>, Fits<z.output<typeof DONE>['outcome'], RunOutcome>] = [true, true];
void fits;

/** The messages carry the engine's own values (a declaration that drifts from them fails to compile above). */
export type RunMessage = Omit<z.output<typeof RUN>, 'job'> & { job: RunJob };
export type HostToWorker = RunMessage;
export type ReadyMessage = z.output<typeof READY>;
export type ProgressMessage = z.output<typeof PROGRESS>;
export type DoneMessage = Omit<z.output<typeof DONE>, 'outcome'> & { outcome: RunOutcome };
export type ErrorMessage = z.output<typeof ERROR>;
export type WorkerToHost = ReadyMessage | ProgressMessage | DoneMessage | ErrorMessage;

/** What the worker is given at start (worker_threads `workerData`). */
export interface WorkerInit {
  cancel: Int32Array;
  throttleMs: number;
}

export function parseHostMessage(v: unknown): HostToWorker {
  return parseMessage(RUN, v);
}

export function parseWorkerMessage(v: unknown): WorkerToHost {
  return parseMessage(WORKER_MESSAGE, v);
}
