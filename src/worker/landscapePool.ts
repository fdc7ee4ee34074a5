/** A small pool of landscape worker threads on the worker-pool core (`core.ts`): used by the CLI,
 *  the extension host and the bench. Jobs queue and go to the next idle worker; a dead worker
 *  fails its job with the reason and is replaced on demand. A job given an AbortSignal is cancelled
 *  when it fires: dropped from the queue, or its worker terminated (a grid row does not yield to
 *  messages). Idle workers are unref'd so they never keep a process alive. */
import {
  parseLandscapeReply, type LandscapeJob, type LandscapeReply, type PrepareJob, type RowsJob, type SharpnessJob,
} from '../protocol/landscape';
import { WorkerCore } from './core';

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
    this.core = new WorkerCore<Pending, LandscapeReply>({
      script,
      size,
      workerData: () => undefined,
      readyAtStart: true,
      parse: parseLandscapeReply,
      dispatch: (slot, pending) => slot.worker.postMessage(pending.job),
      message: (slot, reply) => {
        const pending = slot.job;
        if (!pending) return;
        if (reply.id !== pending.job.id) pending.reject(new Error(`reply to job ${reply.id} while job ${pending.job.id} was running`));
        else if (reply.type === 'error') pending.reject(new Error(reply.problem));
        else pending.resolve(reply);
        this.core.release(slot);
      },
      invalid: (slot, error) => {
        slot.job?.reject(error);
        if (slot.job) this.core.release(slot);
      },
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
