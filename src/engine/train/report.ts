/** Sweep results in the shapes users take away: the CLI's JSON contract (also the extension's
 *  export and workspace-storage format) and a CSV table, one row per run. */
import { csvText, type CsvCell } from '../data/csvWrite';
import type { Task } from '../data/dataset';
import type { Dtype } from './network';
import type { RunConfig } from './spec';
import type { RunJob, RunOutcome, RunStatus } from './sweep';

export interface RunReport {
  config: Record<string, unknown>;
  loss: (number | null)[];
  /** Validation loss as [step, value] pairs every `val_every` steps; absent without a validation
   *  split or with val_every 0. */
  val_loss?: [number, number | null][];
  final: { train_loss: number | null; val_loss: number | null; metric: Record<string, number | null> };
  status: RunStatus;
  error?: string;
  ms: number;
  flag?: { id: string; title: string };
}

export interface SweepReport {
  runs: RunReport[];
  elapsed_ms: number;
}

/** A finite number, or null (JSON has no NaN). */
const finite = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/** A run's `config` as reported: the grid cell, options only when given, the network's dtype. */
export function reportConfig(c: RunConfig, dtype: Dtype | undefined): Record<string, unknown> {
  const config: Record<string, unknown> = { loss: c.loss, optimizer: c.optimizer, lr: c.lr, seed: c.seed };
  if (Object.keys(c.loss_options).length > 0) config.loss_options = c.loss_options;
  if (Object.keys(c.optimizer_options).length > 0) config.optimizer_options = c.optimizer_options;
  if (dtype) config.dtype = dtype;
  return config;
}

export function runReport(job: RunJob, o: RunOutcome): RunReport {
  const config = reportConfig(job.config, o.dtype);
  const metric: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(o.final?.metric ?? {})) metric[k] = finite(v as number);
  return {
    config,
    loss: o.loss.map(finite),
    ...(o.val ? { val_loss: o.val.map(([step, v]): [number, number | null] => [step, finite(v)]) } : {}),
    final: { train_loss: finite(o.final?.train_loss), val_loss: finite(o.final?.val_loss), metric },
    status: o.status,
    ...(o.status !== 'ok' ? { error: o.error ?? o.status } : {}),
    ms: Math.round(o.ms * 10) / 10,
    ...(o.flag ? { flag: { id: o.flag.id, title: o.flag.title } } : {}),
  };
}

export function sweepReport(jobs: readonly RunJob[], outcomes: readonly RunOutcome[], elapsedMs: number): SweepReport {
  return { runs: jobs.map((j, i) => runReport(j, outcomes[i]!)), elapsed_ms: Math.round(elapsedMs) };
}

/** Options objects go in one cell as JSON. */
function cellOf(v: unknown): CsvCell {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as CsvCell);
}

/** One row per run: configuration, final losses, every metric, status, time (RFC 4180). */
export function sweepCsv(report: SweepReport): string {
  const metricNames = [...new Set(report.runs.flatMap((r) => Object.keys(r.final.metric)))];
  const header = ['loss', 'loss_options', 'optimizer', 'lr', 'optimizer_options', 'seed', 'train_loss', 'val_loss', ...metricNames, 'status', 'error', 'ms', 'steps', 'flag'];
  const rows = report.runs.map((r) => [
    r.config.loss, r.config.loss_options, r.config.optimizer, r.config.lr, r.config.optimizer_options, r.config.seed,
    r.final.train_loss, r.final.val_loss, ...metricNames.map((m) => r.final.metric[m]), r.status, r.error, r.ms, r.loss.length, r.flag?.id,
  ]);
  return csvText([header, ...rows.map((row) => row.map(cellOf))], '\r\n');
}

/** Index of the best finished run by its held-out metric (training set when nothing is held out):
 *  classification: highest accuracy, then lowest log loss; regression: lowest MSE. Loss values are
 *  not compared, since different losses are on different scales. */
/** What ranking needs of a run: an outcome while it runs, or a run of a stored or imported report. */
export interface RankedRun {
  status: string;
  final?: { metric: object } | null;
}

export function bestRun(task: Task, outcomes: readonly RankedRun[]): number {
  let best = -1;
  let bestKey: [number, number] = [Infinity, Infinity];
  outcomes.forEach((o, i) => {
    if (o.status !== 'ok' || !o.final) return;
    const m = o.final.metric as unknown as Record<string, number>;
    const key: [number, number] = task === 'regression' ? [m.mse ?? Infinity, 0] : [-(m.accuracy ?? -Infinity), m.log_loss ?? Infinity];
    if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
      bestKey = key;
      best = i;
    }
  });
  return best;
}

