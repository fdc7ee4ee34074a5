/** What the sweep panel shows, built from the live `sweepEvents` or from a stored sweep, and the
 *  deltas collected between two throttled posts. No vscode here: plain data in, plain data out. */
import type { RunReport } from '../../engine/train/report';
import type { RunOutcome, ValPoint } from '../../engine/train/sweep';
import type { RunSummary, SweepRun, SweepSnapshot, SweepUpdateMessage } from '../../protocol/sweepPanel';
import type { SweepEvent } from './events';
import type { StoredSweep } from './storage';

/** The metric the best run is chosen by (see bestRun): accuracy for classification, MSE otherwise. */
export function headlineMetric(task: string): SweepSnapshot['metric'] {
  return task === 'regression' ? { name: 'mse', higherIsBetter: false } : { name: 'accuracy', higherIsBetter: true };
}

const finiteOrNull = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function outcomeSummary(o: RunOutcome, metric: string): RunSummary {
  const m = (o.final?.metric ?? {}) as unknown as Record<string, number | undefined>;
  return {
    status: o.status,
    train_loss: finiteOrNull(o.final?.train_loss ?? o.loss[o.loss.length - 1]),
    val_loss: finiteOrNull(o.final?.val_loss),
    metric: finiteOrNull(m[metric]),
    ms: Math.round(o.ms),
    ...(o.status === 'failed' ? { error: o.error ?? o.status } : {}),
    ...(o.flag ? { flag: o.flag.title } : {}),
  };
}

/** A validation curve as the panel draws it: values, with their steps unless every step has one. */
function valSeries(points: readonly (readonly [number, number | null])[]): Pick<SweepRun, 'val' | 'valSteps'> {
  if (points.length === 0) return {};
  const val = points.map(([, v]) => (v === null ? NaN : v));
  const everyStep = points.every(([step], i) => step === i);
  return everyStep ? { val } : { val, valSteps: points.map(([step]) => step) };
}

function reportRun(r: RunReport, metric: string): SweepRun {
  return {
    loss: String(r.config.loss), optimizer: String(r.config.optimizer), lr: Number(r.config.lr), seed: Number(r.config.seed),
    train: r.loss.map((v) => (v === null ? NaN : v)),
    ...valSeries(r.val_loss ?? []),
    status: r.status,
    train_loss: r.final.train_loss,
    val_loss: r.final.val_loss,
    metric: r.final.metric[metric] ?? null,
    ms: r.ms,
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(r.flag ? { flag: r.flag.title } : {}),
  };
}

export function snapshotFromStored(s: StoredSweep, best: number): SweepSnapshot {
  const metric = headlineMetric(s.task);
  return {
    sweepId: s.sweepId, title: s.title, task: s.task, steps: Math.max(0, ...s.report.runs.map((r) => r.loss.length)), metric,
    runs: s.report.runs.map((r) => reportRun(r, metric.name)), best, finished: true, cancelled: s.cancelled,
  };
}

/** The live state of one sweep plus what changed since the last `takeUpdate`. */
export class LiveSweep {
  readonly snapshot: SweepSnapshot;
  private appends = new Map<number, { from: number; values: number[] }>();
  private changed = new Map<number, boolean>();
  /** Validation points per run so far (small: at most ~500 a run), resent whole when they grow. */
  private valPoints = new Map<number, ValPoint[]>();
  private valChanged = new Set<number>();
  private dirty = false;

  constructor(start: Extract<SweepEvent, { type: 'start' }>) {
    this.snapshot = {
      sweepId: start.sweepId, title: start.title, task: start.task, steps: start.steps, metric: headlineMetric(start.task),
      runs: start.runs.map((c) => ({
        loss: c.loss, optimizer: c.optimizer, lr: c.lr, seed: c.seed, train: [],
        status: 'queued', train_loss: null, val_loss: null, metric: null, ms: null,
      })),
      best: -1, finished: false, cancelled: false,
    };
  }

  /** Applies an event of this sweep; false when it belongs to another one. */
  apply(e: SweepEvent): boolean {
    if (e.sweepId !== this.snapshot.sweepId) return false;
    this.dirty = true;
    if (e.type === 'progress') {
      const run = this.snapshot.runs[e.index];
      if (!run) return true;
      e.losses.forEach((v, i) => (run.train[e.from + i] = v));
      if (run.status === 'queued') {
        run.status = 'running';
        this.changed.set(e.index, false);
      }
      const pending = this.appends.get(e.index);
      if (pending && pending.from + pending.values.length === e.from) pending.values.push(...e.losses);
      else if (pending) this.changed.set(e.index, true); // not contiguous: resend the whole curve
      else this.appends.set(e.index, { from: e.from, values: [...e.losses] });
      if (e.val && e.val.length > 0) {
        const points = this.valPoints.get(e.index) ?? [];
        points.push(...e.val);
        this.setVal(e.index, run, points);
      }
    } else if (e.type === 'run-done') {
      const run = this.snapshot.runs[e.index];
      if (!run) return true;
      Object.assign(run, outcomeSummary(e.outcome, this.snapshot.metric.name));
      const curveComplete = run.train.length === e.outcome.loss.length;
      if (!curveComplete) run.train = [...e.outcome.loss];
      this.changed.set(e.index, (this.changed.get(e.index) ?? false) || !curveComplete);
      const points = this.valPoints.get(e.index) ?? [];
      if (e.outcome.val && e.outcome.val.length !== points.length) this.setVal(e.index, run, [...e.outcome.val]);
    } else if (e.type === 'done') {
      this.snapshot.best = e.best;
      this.snapshot.finished = true;
      this.snapshot.cancelled = e.cancelled;
    }
    return true;
  }

  private setVal(index: number, run: SweepRun, points: ValPoint[]): void {
    this.valPoints.set(index, points);
    delete run.valSteps;
    Object.assign(run, valSeries(points));
    this.valChanged.add(index);
    if (!this.changed.has(index)) this.changed.set(index, false);
  }

  get hasUpdate(): boolean {
    return this.dirty;
  }

  /** Forget pending deltas (the page is about to get the whole snapshot). */
  clearUpdate(): void {
    this.appends.clear();
    this.changed.clear();
    this.valChanged.clear();
    this.dirty = false;
  }

  takeUpdate(): SweepUpdateMessage {
    const s = this.snapshot;
    const runs: SweepUpdateMessage['runs'] = [...this.changed].map(([index, wholeCurve]) => {
      const { status, train_loss, val_loss, metric, ms, error, flag, train, val, valSteps } = s.runs[index]!;
      const summary: RunSummary = { status, train_loss, val_loss, metric, ms, ...(error !== undefined ? { error } : {}), ...(flag !== undefined ? { flag } : {}) };
      const valCurve = this.valChanged.has(index) && val ? { val: [...val], ...(valSteps ? { valSteps: [...valSteps] } : {}) } : {};
      return wholeCurve ? { index, summary, train: [...train], ...valCurve } : { index, summary, ...valCurve };
    });
    const appends = [...this.appends].filter(([index]) => !this.changed.get(index)).map(([index, a]) => ({ index, from: a.from, values: a.values }));
    this.clearUpdate();
    return { v: 1, type: 'update', sweepId: s.sweepId, appends, runs, best: s.best, finished: s.finished, cancelled: s.cancelled };
  }
}
