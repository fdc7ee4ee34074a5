/** Trials read back from Optuna or Ray Tune (runs of the log readers) as the `losslab sweep --json`
 *  contract. A trial of an exported study carries its whole entry (Optuna: the user attribute
 *  "losslab"; Ray Tune: the final report); a trial of another study gives what its params and
 *  curves say. A grid point run twice (two workers racing) is kept once. */
import type { Task } from '../data/dataset';
import { readOptunaTrials } from '../logs/optuna';
import { rayTuneReader, readRayTrial } from '../logs/ray_tune';
import { LogFormatError, type RunLog, type ScalarSeries } from '../logs/types';
import type { RunReport, SweepReport } from '../train/report';
import { parseAxisLabel } from './labels';

export interface ImportedSweep {
  report: SweepReport;
  /** What the metrics say: 'regression' when they are MSE/R², else 'binary' (classification). */
  task: Task;
  notes: string[];
}

const finite = (v: number | undefined | null): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function values(s: ScalarSeries | undefined): [number, number][] {
  if (!s) return [];
  return Array.from(s.step, (step, i): [number, number] => [step, s.value[i]!]).sort((a, b) => a[0] - b[0]);
}

function last(s: ScalarSeries | undefined): number | undefined {
  return s && s.value.length > 0 ? s.value[s.value.length - 1] : undefined;
}

/** The config a trial's params describe (axis labels decoded), or null when they do not name a run. */
function configFromParams(p: Record<string, unknown>): Record<string, unknown> | null {
  const loss = typeof p.loss === 'string' ? parseAxisLabel(p.loss) : null;
  const optimizer = typeof p.optimizer === 'string' ? parseAxisLabel(p.optimizer) : null;
  if (!loss || !optimizer || typeof p.lr !== 'number' || typeof p.seed !== 'number') return null;
  const config: Record<string, unknown> = { loss: loss.name, optimizer: optimizer.name, lr: p.lr, seed: p.seed };
  if (Object.keys(loss.options).length > 0) config.loss_options = loss.options;
  if (Object.keys(optimizer.options).length > 0) config.optimizer_options = optimizer.options;
  if (typeof p.dtype === 'string') config.dtype = p.dtype;
  return config;
}

function fromOptuna(log: RunLog, meta: Record<string, unknown>): RunReport | null {
  const attrs = isRecord(meta.user_attrs) ? meta.user_attrs : {};
  if (attrs.losslab_duplicate === true || attrs.losslab_skipped === true) return null;
  const stored = isRecord(attrs.losslab) ? attrs.losslab : null;
  const config = stored && isRecord(stored.config) ? stored.config : configFromParams(log.params ?? {});
  if (!config) return null;
  const loss = values(log.scalars.get('intermediate_value')).map(([, v]) => finite(v));
  if (stored) return { ...(stored as unknown as RunReport), config, loss };

  const objective = Array.isArray(meta.values) ? finite(meta.values[0] as number) : null;
  const ok = meta.state === 'COMPLETE';
  const ms = typeof meta.start === 'number' && typeof meta.complete === 'number' ? Math.round((meta.complete - meta.start) * 10000) / 10 : 0;
  return { config, loss, final: { train_loss: objective, val_loss: null, metric: {} }, status: ok ? 'ok' : 'failed', ...(ok ? {} : { error: String(meta.state).toLowerCase() }), ms };
}

function fromRayTune(log: RunLog): RunReport | null {
  const params = log.params ?? {};
  if (log.scalars.has('skipped')) return null;
  const config = configFromParams(params);
  if (!config) return null;
  const s = (tag: string): ScalarSeries | undefined => log.scalars.get(tag);
  const metric: Record<string, number | null> = {};
  for (const [tag, series] of log.scalars) if (tag.startsWith('metric_')) metric[tag.slice('metric_'.length)] = finite(last(series));
  const val = values(s('val_loss'));
  const ok = last(s('ok')) === 1;
  return {
    config,
    loss: values(s('loss')).map(([, v]) => finite(v)),
    ...(val.length > 0 ? { val_loss: val.map(([step, v]): [number, number | null] => [step, finite(v)]) } : {}),
    final: { train_loss: finite(last(s('final_train_loss'))), val_loss: finite(last(s('final_val_loss'))), metric },
    status: ok ? 'ok' : 'failed',
    ...(ok ? {} : { error: s('ok') ? 'failed (see the trial\'s result.json)' : 'the trial did not finish' }),
    ms: finite(last(s('run_ms'))) ?? 0,
  };
}

/** The keys in the order `losslab sweep --json` writes them. */
function canonical(r: RunReport): RunReport {
  return {
    config: r.config,
    loss: r.loss,
    ...(r.val_loss ? { val_loss: r.val_loss } : {}),
    final: r.final,
    status: r.status,
    ...(r.error !== undefined ? { error: r.error } : {}),
    ms: r.ms,
    ...(r.flag ? { flag: r.flag } : {}),
  };
}

/** The sweep the trials make, one run per grid point, in the order the trials came. */
export function importSweep(logs: readonly RunLog[]): ImportedSweep {
  const notes: string[] = [];
  const runs: RunReport[] = [];
  const seen = new Map<string, number>();
  let first = Infinity;
  let end = -Infinity;
  for (const log of logs) {
    const meta = log.params?.optuna;
    const run = log.format === 'optuna' && isRecord(meta) ? fromOptuna(log, meta) : log.format === 'ray-tune' ? fromRayTune(log) : null;
    if (!run) continue;
    const span = log.params?.optuna;
    if (isRecord(span) && typeof span.start === 'number' && typeof span.complete === 'number') {
      first = Math.min(first, span.start);
      end = Math.max(end, span.complete);
    }
    const key = JSON.stringify(run.config);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      // Keep one: the finished one if the first did not finish.
      if (runs[earlier]!.status !== 'ok' && run.status === 'ok') runs[earlier] = canonical(run);
      notes.push(`${log.run}: the same run as an earlier trial (kept once)`);
      continue;
    }
    seen.set(key, runs.length);
    runs.push(canonical(run));
  }
  if (runs.length === 0) notes.push('no trial names a Loss Lab run (params loss, optimizer, lr and seed)');
  const regression = runs.some((r) => 'mse' in r.final.metric || 'r2' in r.final.metric);
  // Wall time from the first start to the last finish where the trials say; else the runs' sum.
  const elapsed = end > first ? (end - first) * 1000 : runs.reduce((s, r) => s + r.ms, 0);
  return { report: { runs, elapsed_ms: Math.round(elapsed) }, task: regression ? 'regression' : 'binary', notes };
}

/** What an import reads, given by the caller (the CLI: node:fs; the extension: workspace.fs). */
export interface SweepSource {
  /** The file or folder name, for messages and run names. */
  name: string;
  isFolder: boolean;
  /** A folder's files, relative and '/'-separated. */
  files(): Promise<string[]>;
  /** A file's bytes: the source itself (a file) or a path from files() (a folder). */
  bytes(path: string): Promise<Uint8Array>;
}

/** The trials of an Optuna storage file or a Ray Tune experiment folder, as runs. */
export async function readSweepSource(source: SweepSource): Promise<RunLog[]> {
  if (!source.isFolder) return readOptunaTrials(source.name, [{ path: source.name, bytes: await source.bytes(source.name) }]);
  const claimed = rayTuneReader.claim(await source.files());
  if (claimed.length === 0) throw new LogFormatError(source.name, 'no Ray Tune trial (a folder holding result.json) in it');
  return Promise.all(claimed.map(async (c) => readRayTrial(c.run, await Promise.all(c.files.map(async (f) => ({ path: f, bytes: await source.bytes(f) }))))));
}
