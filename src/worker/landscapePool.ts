/** A small pool of landscape worker threads on the worker-pool core (`core.ts`): used by the CLI,
 *  the extension host and the bench. Jobs queue and go to the next idle worker; a dead worker
 *  fails its job with the reason and is replaced on demand. A job given an AbortSignal is cancelled
 *  when it fires: dropped from the queue, or its worker terminated (a grid row does not yield to
 *  messages). Idle workers are unref'd so they never keep a process alive. */
import {
  parseLandscapeReply, type LandscapeJob, type LandscapeReply, type PrepareJob, type RowsJob, type SharpnessJob,
} from '../protocol/landscape';
import { requestCore, type WorkerCore } from './core';

type Pending = { job: LandscapeJob; resolve(r: LandscapeReply): void; reject(e: Error): void };

/** A job (or a whole landscape) stopped because its AbortSignal fired. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** A job as sent, without the protocol header the pool adds. */
export type JobBody<T extends LandscapeJob> = Omit<T, 'v' | 'id'>;

export class LandscapePool {
  private readonly core: WorkerCore<Pending, LandscapeReply>;
  private nextId = 1;

  constructor(
    script: string,
    readonly size = 2,
  ) {
    this.core = requestCore<Pending, LandscapeReply>({
      script,
      size,
      parse: parseLandscapeReply,
      settle: (pending, reply) => (reply.type === 'error' ? pending.reject(new Error(reply.problem)) : pending.resolve(reply)),
      died: (pending, { message, code }) => pending.reject(new Error(`landscape worker died: ${message || `exit code ${code}`}`)),
    });
  }

  run(body: JobBody<PrepareJob> | JobBody<RowsJob> | JobBody<SharpnessJob>, signal?: AbortSignal): Promise<LandscapeReply> {
    if (this.core.isDisposed) return Promise.reject(new Error('the landscape pool has been disposed'));
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const job = { ...body, v: 1, id: this.nextId++ } as LandscapeJob;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => this.cancel(pending);
      const settle = <T>(f: (v: T) => void) => (v: T): void => {
        signal?.removeEventListener('abort', onAbort);
        f(v);
      };
      const pending: Pending = { job, resolve: settle(resolve), reject: settle(reject) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.core.submit([pending]);
    });
  }

  /** Worker threads alive (busy or idle). */
  get threads(): number {
    return this.core.threads;
  }

  private cancel(pending: Pending): void {
    this.core.unqueue(pending);
    const slot = this.core.slotOf(pending);
    if (slot) this.core.retire(slot);
    pending.reject(new CancelledError());
  }

  dispose(): Promise<void> {
    return this.core.dispose((p) => p.reject(new Error('cancelled')));
  }
}
