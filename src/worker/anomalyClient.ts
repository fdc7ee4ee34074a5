/** The extension host's end of the anomaly worker, on the worker-pool core (`core.ts`; node APIs,
 *  no vscode): one worker thread answering jobs in order; a dead worker fails its job with the
 *  reason and is replaced on the next job. Idle, the worker is unref'd so it never keeps a process
 *  alive. */
import type { CurveAnomaly } from '../engine/curves/anomalies';
import { parseAnomalyReply, type AnomalyJob, type AnomalyReply, type DetectJob } from '../protocol/anomalies';
import { requestCore, type WorkerCore } from './core';

/** A job and what settles it (nothing for `forget`, whose reply only frees the worker). */
interface Pending { job: AnomalyJob; resolve(found: CurveAnomaly[]): void; reject(e: Error): void }

const ignore = (): void => undefined;

export class AnomalyClient {
  private readonly core: WorkerCore<Pending, AnomalyReply>;
  private nextId = 1;

  constructor(script: string) {
    this.core = requestCore<Pending, AnomalyReply>({
      script,
      size: 1,
      parse: parseAnomalyReply,
      settle: (pending, reply) => {
        if (reply.type === 'anomalies') pending.resolve(reply.found);
        else if (reply.type === 'error') pending.reject(new Error(reply.problem));
        else if (pending.job.type !== 'forget') pending.reject(new Error(`unexpected reply ${reply.type}`));
      },
      died: (pending, { message, code }) => pending.reject(new Error(`anomaly worker died: ${message || `exit code ${code}`}`)),
    });
  }

  /** Every anomaly of the series so far; the worker looks again only at what grew since the last
   *  call with this key. The arrays are copied to the worker. */
  detect(body: Omit<DetectJob, 'v' | 'type' | 'id'>): Promise<CurveAnomaly[]> {
    if (this.core.isDisposed) return Promise.reject(new Error('the anomaly worker has been disposed'));
    const job: AnomalyJob = { v: 1, type: 'detect', id: this.nextId++, ...body };
    return new Promise((resolve, reject) => this.core.submit([{ job, resolve, reject }]));
  }

  /** Drops the state kept for these series (a worker not started yet keeps none). */
  forget(keys: string[]): void {
    if (this.core.threads > 0 && keys.length > 0) this.core.submit([{ job: { v: 1, type: 'forget', id: this.nextId++, keys }, resolve: ignore, reject: ignore }]);
  }

  dispose(): Promise<void> {
    return this.core.dispose((p) => p.reject(new Error('cancelled')));
  }
}
