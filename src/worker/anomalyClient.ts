/** The extension host's end of the anomaly worker, on the worker-pool core (`core.ts`; node APIs,
 *  no vscode): one worker thread answering jobs in order; a dead worker fails its job with the
 *  reason and is replaced on the next job. Idle, the worker is unref'd so it never keeps a process
 *  alive. */
import type { CurveAnomaly } from '../engine/curves/anomalies';
import { parseAnomalyReply, type AnomalyJob, type AnomalyReply, type DetectJob } from '../protocol/anomalies';
import { requestCore, type WorkerCore } from './core';

/** A series as detect() takes it: every point so far. */
export type DetectSeries = Omit<DetectJob, 'v' | 'type' | 'id' | 'from'>;

/** A job and what settles it (nothing for `forget`, whose reply only frees the worker); `series`
 *  is the whole series of a detect job, sent again when the worker answers `stale`. */
interface Pending { job: AnomalyJob; series?: DetectSeries; resolve(found: CurveAnomaly[]): void; reject(e: Error): void }

const ignore = (): void => undefined;

export class AnomalyClient {
  private readonly core: WorkerCore<Pending, AnomalyReply>;
  private nextId = 1;
  /** Points of each series sent so far (what the worker holds, unless it was replaced). */
  private readonly sent = new Map<string, number>();

  constructor(script: string) {
    this.core = requestCore<Pending, AnomalyReply>({
      script,
      size: 1,
      parse: parseAnomalyReply,
      settle: (pending, reply) => {
        if (reply.type === 'anomalies') pending.resolve(reply.found);
        else if (reply.type === 'stale' && pending.series) this.send(pending.series, 0, pending);
        else if (reply.type === 'error') pending.reject(new Error(reply.problem));
        else if (pending.job.type !== 'forget') pending.reject(new Error(`unexpected reply ${reply.type}`));
      },
      died: (pending, { message, code }) => pending.reject(new Error(`anomaly worker died: ${message || `exit code ${code}`}`)),
    });
  }

  /** Every anomaly of the series so far; the worker looks again only at what grew since the last
   *  call with this key, and only the points appended since then are copied to it. */
  detect(series: DetectSeries): Promise<CurveAnomaly[]> {
    if (this.core.isDisposed) return Promise.reject(new Error('the anomaly worker has been disposed'));
    const sent = this.sent.get(series.key) ?? 0;
    // a series shorter than what was sent was rewritten (a run started over): sent afresh
    const from = series.value.length >= sent ? sent : 0;
    return new Promise((resolve, reject) => this.send(series, from, { resolve, reject }));
  }

  /** Submits the points of `series` from `from` on (copies: a view would carry its whole buffer). */
  private send(series: DetectSeries, from: number, settle: Pick<Pending, 'resolve' | 'reject'>): void {
    const { value, step } = series;
    const job: AnomalyJob = { v: 1, type: 'detect', id: this.nextId++, ...series, from, value: value.slice(from), step: step.slice(from) };
    this.sent.set(series.key, value.length);
    this.core.submit([{ job, series, resolve: settle.resolve, reject: settle.reject }]);
  }

  /** Drops the state kept for these series (a worker not started yet keeps none). */
  forget(keys: string[]): void {
    for (const key of keys) this.sent.delete(key);
    if (this.core.threads > 0 && keys.length > 0) this.core.submit([{ job: { v: 1, type: 'forget', id: this.nextId++, keys }, resolve: ignore, reject: ignore }]);
  }

  dispose(): Promise<void> {
    return this.core.dispose((p) => p.reject(new Error('cancelled')));
  }
}
