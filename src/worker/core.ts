/** The worker-pool core the sweep and landscape pools and the anomaly client are built on (node
 *  APIs, no vscode): starts workers from a bundled script or from TypeScript sources, one slot per
 *  worker holding at most one job, a queue dispatched to idle ready slots, every message validated
 *  by the owner's parse function. A worker that dies loses its job (the owner rejects it with the
 *  reason) and is replaced on demand; a worker terminated on purpose (`retire`) is no death.
 *  Workers keep the process alive while any job is queued or running, none once all are done. */
import { Worker } from 'node:worker_threads';

export interface WorkerSource {
  /** Path of the worker script: a bundle (out/*.js), or a TypeScript entry together with `tsLoader`. */
  script: string;
  /** Running from TypeScript sources: a module whose `register()` makes require() load .ts
   *  (tsx's `tsx/cjs/api`, resolved by the caller); workers do not inherit --import hooks. */
  tsLoader?: string;
}

export function startWorker({ script, tsLoader }: WorkerSource, workerData?: unknown): Worker {
  return tsLoader
    ? new Worker(`require(${JSON.stringify(tsLoader)}).register(); require(${JSON.stringify(script)});`, { eval: true, workerData })
    : // A bundle: the parent's loader hooks (tsx under the bench and tests) would only slow its start.
      new Worker(script, { workerData, execArgv: [] });
}

export interface Slot<J, D> {
  readonly worker: Worker;
  /** The workerData it was started with. */
  readonly data: D;
  ready: boolean;
  job: J | null;
  /** Terminated on purpose (cancel, dispose): its exit is not a crash. */
  retired: boolean;
  /** An owner's timer for the running job (a cancel's grace period), cleared when the slot is
   *  released, retired or exits. */
  timer?: ReturnType<typeof setTimeout>;
}

/** Why a worker died: its uncaught error's message, if any, and its exit code. */
export interface Death { message?: string; code: number }

export interface CoreOptions<J, M, D> extends WorkerSource {
  size: number;
  /** workerData for a new worker. */
  workerData(): D;
  /** A new worker takes jobs at once, or only once the owner calls `markReady` (a handshake). */
  readyAtStart: boolean;
  /** Validates a message from a worker; throws on anything else. */
  parse(raw: unknown): M;
  /** Sends `job`, now the slot's job, to its worker. */
  dispatch(slot: Slot<J, D>, job: J): void;
  /** A valid message from the worker of `slot`. */
  message(slot: Slot<J, D>, message: M): void;
  /** A message that failed `parse` (the slot still holds its job). */
  invalid(slot: Slot<J, D>, error: Error): void;
  /** The worker running `job` died. */
  died(job: J, death: Death): void;
}

export class WorkerCore<J, M, D = undefined> {
  private readonly slots = new Set<Slot<J, D>>();
  private readonly queue: J[] = [];
  private disposed = false;

  constructor(private readonly options: CoreOptions<J, M, D>) {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Worker threads alive (busy or idle). */
  get threads(): number {
    return this.slots.size;
  }

  /** No job queued or running. */
  get idle(): boolean {
    return this.queue.length === 0 && [...this.slots].every((s) => s.job === null);
  }

  submit(jobs: readonly J[]): void {
    this.queue.push(...jobs);
    this.pump();
  }

  /** Drops `job` from the queue: false when it is not queued. */
  unqueue(job: J): boolean {
    const i = this.queue.indexOf(job);
    if (i < 0) return false;
    this.queue.splice(i, 1);
    return true;
  }

  queued(): readonly J[] {
    return this.queue;
  }

  running(): J[] {
    return [...this.slots].flatMap((s) => (s.job === null ? [] : [s.job]));
  }

  slotOf(job: J): Slot<J, D> | undefined {
    return [...this.slots].find((s) => s.job === job);
  }

  markReady(slot: Slot<J, D>): void {
    slot.ready = true;
    this.pump();
  }

  /** The slot's job is over: it takes the next one. */
  release(slot: Slot<J, D>): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = null;
    this.pump();
  }

  /** Terminates the slot's worker on purpose (its job, if any, is the owner's to settle). */
  retire(slot: Slot<J, D>): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.retired = true;
    slot.job = null;
    this.slots.delete(slot);
    void slot.worker.terminate();
    this.pump();
  }

  /** Terminates every worker; each queued and running job goes to `drop`, once. */
  async dispose(drop: (job: J) => void): Promise<void> {
    this.disposed = true;
    for (const job of this.queue.splice(0)) drop(job);
    const exits = [...this.slots].map((s) => {
      s.retired = true;
      clearTimeout(s.timer);
      const job = s.job;
      s.job = null;
      if (job !== null) drop(job);
      return s.worker.terminate();
    });
    this.slots.clear();
    await Promise.all(exits);
  }

  private spawn(): Slot<J, D> {
    const data = this.options.workerData();
    const slot: Slot<J, D> = { worker: startWorker(this.options, data), data, ready: this.options.readyAtStart, job: null, retired: false };
    this.slots.add(slot);
    slot.worker.on('message', (raw: unknown) => {
      let message: M;
      try {
        message = this.options.parse(raw);
      } catch (e) {
        this.options.invalid(slot, e instanceof Error ? e : new Error(String(e)));
        return;
      }
      this.options.message(slot, message);
    });
    let message: string | undefined;
    slot.worker.on('error', (e: Error) => (message = e.message));
    slot.worker.on('exit', (code) => {
      this.slots.delete(slot);
      clearTimeout(slot.timer);
      if (slot.retired) return;
      const job = slot.job;
      slot.job = null;
      if (job !== null) this.options.died(job, { message, code });
      this.pump();
    });
    return slot;
  }

  private pump(): void {
    if (this.disposed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.ready && slot.job === null) this.assign(slot, this.queue.shift()!);
    }
    // Start workers for what is still queued (those awaiting their handshake take work once ready).
    let starting = [...this.slots].filter((s) => !s.ready).length;
    while (this.slots.size < this.options.size && this.queue.length > starting) {
      const slot = this.spawn();
      if (slot.ready) this.assign(slot, this.queue.shift()!);
      else starting++;
    }
    this.holdProcess();
  }

  private assign(slot: Slot<J, D>, job: J): void {
    slot.job = job;
    this.options.dispatch(slot, job);
  }

  /** One rule for the whole pool rather than a toggle per worker as it changes state. */
  private holdProcess(): void {
    const busy = !this.idle;
    for (const slot of this.slots) {
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
  }
}

/** A job for a worker that answers each job with one reply bearing the job's id. */
export interface Request<Job extends { id: number }> { readonly job: Job; reject(e: Error): void }

export interface RequestOptions<P, R> extends WorkerSource {
  size: number;
  parse(raw: unknown): R;
  /** Settles `pending` with the worker's reply to it. */
  settle(pending: P, reply: R): void;
  died(pending: P, death: Death): void;
}

/** A core for request/reply workers: a reply to another job, or one that fails `parse`, rejects
 *  the running job; either way the worker takes the next. */
export function requestCore<P extends Request<{ id: number }>, R extends { id: number }>(options: RequestOptions<P, R>): WorkerCore<P, R> {
  const core: WorkerCore<P, R> = new WorkerCore<P, R>({
    ...options,
    workerData: () => undefined,
    readyAtStart: true,
    dispatch: (slot, pending) => slot.worker.postMessage(pending.job),
    message: (slot, reply) => {
      const pending = slot.job;
      if (!pending) return;
      if (reply.id !== pending.job.id) pending.reject(new Error(`reply to job ${reply.id} while job ${pending.job.id} was running`));
      else options.settle(pending, reply);
      core.release(slot);
    },
    invalid: (slot, error) => {
      if (!slot.job) return;
      slot.job.reject(error);
      core.release(slot);
    },
  });
  return core;
}
