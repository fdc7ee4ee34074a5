/** The extension host's end of the anomaly worker (node APIs, no vscode): one worker thread,
 *  jobs answered in order, a dead worker failing its pending jobs and replaced on the next job.
 *  Idle, the worker is unref'd so it never keeps a process alive. */
import { Worker } from 'node:worker_threads';
import type { CurveAnomaly } from '../engine/curves/anomalies';
import { parseAnomalyReply, type AnomalyJob, type DetectJob } from '../protocol/anomalies';

interface Pending { resolve(found: CurveAnomaly[]): void; reject(e: Error): void }

export class AnomalyClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly script: string) {}

  /** Every anomaly of the series so far; the worker looks again only at what grew since the last
   *  call with this key. The arrays are copied to the worker. */
  detect(body: Omit<DetectJob, 'v' | 'type' | 'id'>): Promise<CurveAnomaly[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ v: 1, type: 'detect', id, ...body });
    });
  }

  /** Drops the state kept for these series. */
  forget(keys: string[]): void {
    if (this.worker && keys.length > 0) this.send({ v: 1, type: 'forget', id: this.nextId++, keys });
  }

  private send(job: AnomalyJob): void {
    const worker = (this.worker ??= this.spawn());
    if (this.pending.size > 0) worker.ref();
    worker.postMessage(job);
  }

  private spawn(): Worker {
    const worker = new Worker(this.script);
    worker.on('message', (raw: unknown) => {
      let reply;
      try {
        reply = parseAnomalyReply(raw);
      } catch (e) {
        this.fail(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!p) return;
      if (reply.type === 'anomalies') p.resolve(reply.found);
      else p.reject(new Error(reply.type === 'error' ? reply.problem : `unexpected reply ${reply.type}`));
    });
    let reason = '';
    worker.on('error', (e: Error) => (reason = e.message));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.fail(new Error(`anomaly worker died: ${reason || `exit code ${code}`}`));
    });
    return worker;
  }

  private fail(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.fail(new Error('cancelled'));
    await w?.terminate();
  }
}
