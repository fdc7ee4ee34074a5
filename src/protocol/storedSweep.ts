/** A finished sweep as stored on disk (one JSON file each): validated when read back, since a file
 *  may be torn by a crash or edited by hand. */
import type { RunReport, SweepReport } from '../engine/train/report';
import { RUN_STATUSES } from '../engine/train/runStatus';
import { ValidationError, array, bool, num, oneOf, record, str } from './validate';

export interface StoredSweep {
  sweepId: string;
  title: string;
  created: string;
  task: string;
  /** The spec as run (null for a sweep imported from Optuna or Ray Tune). */
  spec: unknown;
  /** Folder the spec's relative CSV path resolves against. */
  baseDir?: string;
  cancelled: boolean;
  report: SweepReport;
}

const numberOrNull = (v: unknown, path: string): number | null => (v === null ? null : num(v, path));

function run(v: unknown, path: string): RunReport {
  const o = record(v, path);
  const final = record(o.final, `${path}.final`);
  const metric = record(final.metric, `${path}.final.metric`);
  const r: RunReport = {
    config: record(o.config, `${path}.config`),
    loss: array(o.loss, `${path}.loss`, numberOrNull),
    final: {
      train_loss: numberOrNull(final.train_loss, `${path}.final.train_loss`),
      val_loss: numberOrNull(final.val_loss, `${path}.final.val_loss`),
      metric: Object.fromEntries(Object.entries(metric).map(([k, m]) => [k, numberOrNull(m, `${path}.final.metric.${k}`)])),
    },
    status: oneOf(o.status, RUN_STATUSES, `${path}.status`),
    ms: num(o.ms, `${path}.ms`),
  };
  if (o.val_loss !== undefined) {
    r.val_loss = array(o.val_loss, `${path}.val_loss`, (p, pp) => {
      const pair = array(p, pp, (x) => x);
      if (pair.length !== 2) throw new ValidationError(pp, 'expected [step, value]');
      return [num(pair[0], `${pp}[0]`), numberOrNull(pair[1], `${pp}[1]`)];
    });
  }
  if (o.error !== undefined) r.error = str(o.error, `${path}.error`);
  if (o.flag !== undefined) {
    const f = record(o.flag, `${path}.flag`);
    r.flag = { id: str(f.id, `${path}.flag.id`), title: str(f.title, `${path}.flag.title`) };
  }
  return r;
}

export function parseStoredSweep(v: unknown): StoredSweep {
  const o = record(v, 'sweep');
  const report = record(o.report, 'report');
  return {
    sweepId: str(o.sweepId, 'sweepId'),
    title: str(o.title, 'title'),
    created: str(o.created, 'created'),
    task: str(o.task, 'task'),
    spec: o.spec,
    ...(o.baseDir !== undefined ? { baseDir: str(o.baseDir, 'baseDir') } : {}),
    cancelled: bool(o.cancelled, 'cancelled'),
    report: { runs: array(report.runs, 'report.runs', run), elapsed_ms: num(report.elapsed_ms, 'report.elapsed_ms') },
  };
}
