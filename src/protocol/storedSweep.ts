/** A finished sweep as stored on disk (one JSON file each), declared once below (zod,
 *  src/protocol/schema.ts): validated when read back, since a file may be torn by a crash or edited
 *  by hand. */
import * as z from 'zod/mini';
import type { SweepReport } from '../engine/train/report';
import { RUN_STATUSES } from '../engine/train/runStatus';
import { bounded, parseWith, type Fits } from './schema';

const numberOrNull = z.nullable(z.number());

const RUN = z.object({
  config: z.record(z.string(), z.unknown()),
  loss: bounded(numberOrNull),
  /** Validation loss as [step, value] pairs (absent without a validation split or with val_every 0). */
  val_loss: z.optional(bounded(z.tuple([z.number(), numberOrNull], { error: 'expected [step, value]' }))),
  final: z.object({ train_loss: numberOrNull, val_loss: numberOrNull, metric: z.record(z.string(), numberOrNull) }),
  status: z.enum(RUN_STATUSES),
  error: z.optional(z.string()),
  ms: z.number(),
  flag: z.optional(z.object({ id: z.string(), title: z.string() })),
});

const STORED_SWEEP = z.object({
  sweepId: z.string(),
  title: z.string(),
  created: z.string(),
  task: z.string(),
  /** The spec as run (null for a sweep imported from Optuna or Ray Tune). */
  spec: z.optional(z.unknown()),
  /** Folder the spec's relative CSV path resolves against. */
  baseDir: z.optional(z.string()),
  cancelled: z.boolean(),
  report: z.object({ runs: bounded(RUN), elapsed_ms: z.number() }),
});

const fits: Fits<z.output<typeof STORED_SWEEP>['report'], SweepReport> = true;
void fits;

export type StoredSweep = Omit<z.output<typeof STORED_SWEEP>, 'report'> & { report: SweepReport };

export function parseStoredSweep(v: unknown): StoredSweep {
  return parseWith(STORED_SWEEP, v, 'sweep');
}
