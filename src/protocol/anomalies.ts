/** Messages between the extension host and the anomaly worker (out/anomaly-worker.js), v1: the
 *  host sends a growing series as the points appended since its last job for the key (the worker
 *  keeps each series and one LiveDetector per key, so each update copies and looks again only at
 *  the end), the worker answers with every anomaly found so far, or `stale` when it does not hold
 *  the points before `from` (a replaced worker): the host then sends the whole series. Declared once below
 *  (zod, src/protocol/schema.ts) and validated on receipt. */
import * as z from 'zod/mini';
import type { CurveAnomaly } from '../engine/curves/anomalies';
import { anyNumber, bounded, float64Array, parseMessage, type Fits, ONCE_VALID, messageUnion } from './schema';

const version = z.literal(1, { error: 'expected protocol version 1' });
const id = z.number();
const index = z.int().check(z.gte(0));

const DETECT = z
  .object({
    v: version,
    type: z.literal('detect'),
    id,
    /** The series' identity across updates (run id and tag). */
    key: z.string(),
    split: z.enum(['train', 'val']),
    /** The index of value[0] in the series: 0 starts the series afresh, else the points before it
     *  are those the worker holds for the key. */
    from: index,
    value: float64Array,
    step: float64Array,
    restarts: bounded(index),
  })
  .check(
    z.superRefine((job, ctx) => {
      if (job.step.length !== job.value.length) ctx.addIssue({ code: 'custom', path: ['step'], message: 'expected as many steps as values', input: job.step });
    }, ONCE_VALID),
  );
const FORGET = z.object({ v: version, type: z.literal('forget'), id, keys: bounded(z.string()) });
const JOB = messageUnion([DETECT, FORGET]);

const ANOMALY = z.object({
  kind: z.enum(['spike', 'divergence', 'nonfinite']),
  start: index,
  end: index,
  at: index,
  /** NaN or ±inf at a non-finite point (structured clone keeps them). */
  value: anyNumber,
  explanation: z.string(),
});
const REPLY = messageUnion([
  z.object({ v: version, type: z.literal('anomalies'), id, found: bounded(ANOMALY) }),
  z.object({ v: version, type: z.literal('forgotten'), id }),
  z.object({ v: version, type: z.literal('stale'), id }),
  z.object({ v: version, type: z.literal('error'), id, problem: z.string() }),
]);

export type DetectJob = z.output<typeof DETECT>;
export type ForgetJob = z.output<typeof FORGET>;
export type AnomalyJob = z.output<typeof JOB>;
export type AnomalyReply = z.output<typeof REPLY>;

const fits: Fits<z.output<typeof ANOMALY>, CurveAnomaly> = true;
void fits;

export function parseAnomalyJob(raw: unknown): AnomalyJob {
  return parseMessage(JOB, raw, 'job');
}

export function parseAnomalyReply(raw: unknown): AnomalyReply {
  return parseMessage(REPLY, raw, 'reply');
}
