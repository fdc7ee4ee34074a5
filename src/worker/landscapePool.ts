/** A small pool of landscape worker threads (node APIs, no vscode): used by the CLI, the extension
 *  host and the bench. Jobs queue and go to the next idle worker; a dead worker fails its job with
 *  the reason and is replaced on demand. A job given an AbortSignal is cancelled when it fires:
 *  dropped from the queue, or its worker terminated (a grid row does not yield to messages). Idle
 *  workers are unref'd so they never keep a process alive. */
import { Worker } from 'node:worker_threads';
import {
  parseLandscapeReply, type LandscapeJob, type LandscapeReply, type PrepareJob, type RowsJob, type SharpnessJob,
} from '../protocol/landscape';

type Pending = { job: LandscapeJob; resolve(r: LandscapeReply): void; reject(e: Error): void };
/** `retired`: terminated on purpose (a cancelled job), so its exit is no death to report. */
interface Slot { worker: Worker; busy: Pending | null; retired?: boolean }

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
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly script: string,
    readonly size = 2,
  ) {}

  run(body: JobBody<PrepareJob> | JobBody<RowsJob> | JobBody<SharpnessJob>, signal?: AbortSignal): Promise<LandscapeReply> {
    if (this.disposed) return Promise.reject(new Error('the landscape pool has been disposed'));
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
      this.queue.push(pending);
      this.pump();
    });
  }

  /** Worker threads alive (busy or idle). */
  get threads(): number {
    return this.slots.size;
  }

  private cancel(pending: Pending): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) this.queue.splice(queued, 1);
    const slot = [...this.slots].find((s) => s.busy === pending);
    if (slot) {
      slot.retired = true;
      slot.busy = null;
      this.slots.delete(slot);
      void slot.worker.terminate();
    }
    pending.reject(new CancelledError());
    this.pump();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('cancelled'));
    const exits = [...this.slots].map((s) => {
      s.busy?.reject(new Error('cancelled'));
      s.busy = null;
      return s.worker.terminate();
    });
    this.slots.clear();
    await Promise.all(exits);
  }

  private spawn(): Slot {
    // A bundle: the parent's loader hooks (tsx under the bench and tests) would only slow its start.
    const slot: Slot = { worker: new Worker(this.script, { execArgv: [] }), busy: null };
    this.slots.add(slot);
    slot.worker.on('message', (raw: unknown) => {
      const pending = slot.busy;
      slot.busy = null;
      slot.worker.unref();
      if (pending) {
        try {
          const reply = parseLandscapeReply(raw);
          if (reply.id !== pending.job.id) throw new Error(`reply to job ${reply.id} while job ${pending.job.id} was running`);
          if (reply.type === 'error') pending.reject(new Error(reply.problem));
          else pending.resolve(reply);
        } catch (e) {
          pending.reject(e instanceof Error ? e : new Error(String(e)));
        }
      }
      this.pump();
    });
    let reason = '';
    slot.worker.on('error', (e: Error) => (reason = e.message));
    slot.worker.on('exit', (code) => {
      this.slots.delete(slot);
      if (slot.retired) return;
      slot.busy?.reject(new Error(`landscape worker died: ${reason || `exit code ${code}`}`));
      slot.busy = null;
      this.pump();
    });
    return slot;
  }

  private pump(): void {
    if (this.disposed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      this.send(slot, this.queue.shift()!);
    }
    while (this.queue.length > 0 && this.slots.size < this.size) this.send(this.spawn(), this.queue.shift()!);
  }

  private send(slot: Slot, pending: Pending): void {
    slot.busy = pending;
    slot.worker.ref();
    slot.worker.postMessage(pending.job);
  }
}
