/** Messages between a landscape host (CLI, extension host, bench) and its worker threads, v1.
 *  Host → worker: `prepare` (train the run, recording its path, and choose the plane), `rows` (a
 *  band of the 2-D grid), `sharpness` (Hessian top eigenvalue and trace). Each job names its run
 *  by sweep spec + run index; the worker rebuilds the data set and model deterministically and
 *  caches them, so jobs can go to any worker. Every message is declared once below (zod,
 *  src/protocol/schema.ts) and validated on receipt. */
import * as z from 'zod/mini';
import { bounded, float64Array, parseWith, seriesValue, values, ONCE_VALID, messageUnion } from './schema';

export const LANDSCAPE_PROTOCOL_VERSION = 1;

const count = (min = 0) => z.int().check(z.gte(min));
const numbers = bounded(z.number());
const header = {
  v: z.literal(LANDSCAPE_PROTOCOL_VERSION, { error: `expected protocol version ${LANDSCAPE_PROTOCOL_VERSION}` }),
  id: count(),
};

const SOURCE = z.object({
  /** A sweep spec (validated by the worker with the spec parser). */
  spec: z.unknown(),
  /** Text of the spec's CSV file, when it names one. */
  csvText: z.optional(z.string()),
  /** Index into the spec's expanded runs. */
  run: count(),
});
const directions = z.enum(['pca', 'random']);

const PREPARE = z.object({ ...header, type: z.literal('prepare'), source: SOURCE, grid: count(2), directions, seed: count(), checkpoints: count(3) });
const ROWS = z
  .object({
    ...header, type: z.literal('rows'), source: SOURCE,
    center: float64Array, d1: float64Array, d2: float64Array, xs: numbers, ys: numbers, rows: z.tuple([count(), count()]),
  })
  .check(
    z.superRefine((job, ctx) => {
      const [from, to] = job.rows;
      if (from > to || to > job.ys.length) ctx.addIssue({ code: 'custom', path: ['rows'], message: 'expected [from, to] within ys', input: job.rows });
      if (job.d1.length !== job.center.length || job.d2.length !== job.center.length) ctx.addIssue({ code: 'custom', path: ['d1'], message: 'directions and center differ in length', input: job.d1 });
    }, ONCE_VALID),
  );
const SHARPNESS = z.object({ ...header, type: z.literal('sharpness'), source: SOURCE, center: float64Array, seed: count(), maxIterations: count(1), traceSamples: count(1) });
const JOB = messageUnion([PREPARE, ROWS, SHARPNESS]);

// Replies: shape only, numbers may be NaN where a loss is.
const PLANE = z.object({ kind: directions, center: float64Array, d1: float64Array, d2: float64Array, xs: numbers, ys: numbers });
const PREPARED = z.object({
  ...header, type: z.literal('prepared'), ms: z.number(),
  plane: PLANE,
  /** The path in plane coordinates with the full-data loss at each checkpoint (pca planes). */
  trajectory: z.optional(z.object({ x: numbers, y: numbers, z: values, explained: z.tuple([z.number(), z.number()]) })),
  /** Loss along the straight line from the initial to the trained parameters. */
  interpolation: z.object({ alpha: numbers, loss: values }),
  /** Training (mini-batch) loss per step. */
  trainLoss: values,
});
const ROWS_RESULT = z.object({ ...header, type: z.literal('rows'), ms: z.number(), from: count(), z: bounded(values) });
const SHARPNESS_RESULT = z.object({
  ...header, type: z.literal('sharpness'), ms: z.number(),
  sharpness: z.object({ top_eigenvalue: seriesValue, converged: z.boolean(), iterations: count(), trace: seriesValue, trace_standard_error: seriesValue, trace_samples: count() }),
});
const JOB_ERROR = z.object({ ...header, type: z.literal('error'), problem: z.string() });
const REPLY = messageUnion([PREPARED, ROWS_RESULT, SHARPNESS_RESULT, JOB_ERROR]);

export type RunSource = z.output<typeof SOURCE>;
export type PrepareJob = z.output<typeof PREPARE>;
export type RowsJob = z.output<typeof ROWS>;
export type SharpnessJob = z.output<typeof SHARPNESS>;
export type LandscapeJob = z.output<typeof JOB>;
export type PreparedPlane = z.output<typeof PLANE>;
export type PreparedResult = z.output<typeof PREPARED>;
export type RowsResult = z.output<typeof ROWS_RESULT>;
export type SharpnessResult = z.output<typeof SHARPNESS_RESULT>;
export type JobError = z.output<typeof JOB_ERROR>;
export type LandscapeReply = z.output<typeof REPLY>;

export function parseLandscapeJob(v: unknown): LandscapeJob {
  return parseWith(JOB, v, '(message)');
}

export function parseLandscapeReply(v: unknown): LandscapeReply {
  return parseWith(REPLY, v, '(reply)');
}
