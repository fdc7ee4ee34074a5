/** A pool of worker_threads running sweep jobs, usable from the CLI and the extension host (node
 *  APIs, no vscode). Jobs queue; each idle worker takes the next. A run that throws or diverges is
 *  failed by the worker; a worker that dies fails its run with the reason and is replaced; cancel
 *  (of a whole sweep or of one run) drops queued jobs at once and stops running ones at their next
 *  step (a worker that does not answer within `cancelGraceMs`, e.g. inside one long step, is
 *  terminated); a stopped run ends `cancelled` with the curve it streamed so far. Workers of an idle
 *  pool are unref'd so they never keep a process alive. */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RunJob, RunOutcome, ValPoint } from '../engine/train/sweep';
import { CANCEL_SLOT, SWEEP_PROTOCOL_VERSION, parseWorkerMessage, type RunMessage, type WorkerInit } from '../protocol/sweep';

export interface PoolOptions {
  /** Path of the worker script: out/worker.js, or a TypeScript entry together with `tsLoader`. */
  script: string;
  /** Running from TypeScript sources: a module whose `register()` makes require() load .ts
   *  (tsx's `tsx/cjs/api`, resolved by the caller); workers do not inherit --import hooks. */
  tsLoader?: string;
  /** Number of workers; default cores − 1, at least 1. */
  size?: number;
  /** Minimum interval between progress batches of one run (ms). */
  throttleMs?: number;
  cancelGraceMs?: number;
}

export interface SweepListener {
  onStart?(index: number): void;
  /** Training losses of run `index` for steps from .. from + losses.length − 1, and the
   *  validation points measured meanwhile (empty when none). */
  onProgress?(index: number, from: number, losses: readonly number[], val: readonly ValPoint[]): void;
  onDone?(index: number, outcome: RunOutcome): void;
}

export interface SweepHandle {
  /** Outcomes in job order, once every job has finished, failed or been cancelled. */
  readonly done: Promise<RunOutcome[]>;
  /** Cancels every run not finished yet. */
  cancel(): void;
  /** Cancels run `index` alone (false when it has already finished); the others go on. */
  cancelRun(index: number): boolean;
}

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

interface Task {
  runId: number;
  index: number;
  job: RunJob;
  sweep: SweepState;
  /** What the worker streamed so far: the curve a run stopped from outside still has. */
  loss: number[];
  val: ValPoint[];
}

interface SweepState {
  listener: SweepListener;
  outcomes: (RunOutcome | undefined)[];
  remaining: number;
  cancelled: boolean;
  resolve(outcomes: RunOutcome[]): void;
}

interface Slot {
  worker: Worker;
  cancel: Int32Array;
  ready: boolean;
  task: Task | null;
  /** Terminated on purpose (cancel timeout, dispose): its exit is not a crash. */
  retired: boolean;
  cancelTimer?: ReturnType<typeof setTimeout>;
}

const failed = (error: string): RunOutcome => ({ status: 'failed', error, loss: [], final: null, ms: 0 });
/** A run stopped from the host (queued, or its worker terminated): the curve streamed so far. */
const cancelledOutcome = (task: Task): RunOutcome => ({
  status: 'cancelled', error: 'cancelled', loss: task.loss, final: null, ...(task.val.length > 0 ? { val: task.val } : {}), ms: 0,
});

export class WorkerPool {
  readonly size: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextRunId = 1;
  private disposed = false;

  constructor(private readonly options: PoolOptions) {
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
  }

  /** Queues the jobs; progress and outcomes reach the listener as they come. */
  run(jobs: readonly RunJob[], listener: SweepListener = {}): SweepHandle {
    if (this.disposed) throw new Error('the worker pool has been disposed');
    let resolve!: (o: RunOutcome[]) => void;
    const done = new Promise<RunOutcome[]>((r) => (resolve = r));
    const sweep: SweepState = { listener, outcomes: jobs.map(() => undefined), remaining: jobs.length, cancelled: false, resolve };
    if (jobs.length === 0) resolve([]);
    const tasks = jobs.map((job, index): Task => ({ runId: this.nextRunId++, index, job, sweep, loss: [], val: [] }));
    this.queue.push(...tasks);
    this.pump();
    return {
      done,
      cancel: () => this.cancel(sweep),
      cancelRun: (index) => {
        const task = tasks[index];
        if (!task || sweep.outcomes[index] !== undefined) return false;
        this.cancelTask(task);
        this.pump();
        return true;
      },
    };
  }

  /** No run queued or running. */
  get idle(): boolean {
    return this.queue.length === 0 && [...this.slots].every((s) => s.task === null);
  }

  /** Terminates every worker; queued and running jobs end as cancelled. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const t of this.queue.splice(0)) this.finish(t, cancelledOutcome(t));
    const exits = [...this.slots].map((s) => {
      s.retired = true;
      clearTimeout(s.cancelTimer);
      if (s.task) this.finish(s.task, cancelledOutcome(s.task));
      s.task = null;
      return s.worker.terminate();
    });
    this.slots.clear();
    await Promise.all(exits);
  }

  private cancel(sweep: SweepState): void {
    if (sweep.cancelled) return;
    sweep.cancelled = true;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i]!.sweep === sweep) this.cancelTask(this.queue[i]!, i);
    }
    for (const slot of this.slots) if (slot.task?.sweep === sweep) this.cancelTask(slot.task);
    this.pump();
  }

  /** A queued task ends at once; a running one is asked to stop at its next step, and its worker
   *  is terminated if it has not answered within the grace period. */
  private cancelTask(task: Task, queued = this.queue.indexOf(task)): void {
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.finish(task, cancelledOutcome(task));
      return;
    }
    const slot = [...this.slots].find((s) => s.task === task);
    if (!slot || slot.cancelTimer !== undefined) return;
    Atomics.store(slot.cancel, CANCEL_SLOT, task.runId + 1);
    slot.cancelTimer = setTimeout(() => {
      slot.cancelTimer = undefined;
      if (slot.task !== task) return;
      slot.task = null;
      this.finish(task, cancelledOutcome(task));
      this.retire(slot);
      this.pump();
    }, this.options.cancelGraceMs ?? 1000);
  }

  private finish(task: Task, outcome: RunOutcome): void {
    const s = task.sweep;
    if (s.outcomes[task.index] !== undefined) return;
    s.outcomes[task.index] = outcome;
    if (outcome.loss !== task.loss) task.loss = [];
    if (outcome.val !== task.val) task.val = [];
    s.remaining--;
    s.listener.onDone?.(task.index, outcome);
    if (s.remaining === 0) s.resolve(s.outcomes as RunOutcome[]);
  }

  private retire(slot: Slot): void {
    slot.retired = true;
    this.slots.delete(slot);
    void slot.worker.terminate();
  }

  private spawn(): Slot {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const init: WorkerInit = { cancel, throttleMs: this.options.throttleMs ?? 100 };
    const { script, tsLoader } = this.options;
    const worker = tsLoader
      ? new Worker(`require(${JSON.stringify(tsLoader)}).register(); require(${JSON.stringify(script)});`, { eval: true, workerData: init })
      : // A bundle: the parent's loader hooks (tsx under the bench and tests) would only slow its start.
        new Worker(script, { workerData: init, execArgv: [] });
    const slot: Slot = { worker, cancel, ready: false, task: null, retired: false };
    this.slots.add(slot);
    worker.on('message', (raw: unknown) => this.onMessage(slot, raw));
    let deathReason: string | undefined;
    worker.on('error', (e: Error) => {
      deathReason = `worker died: ${e.message}`;
    });
    worker.on('exit', (code) => {
      this.slots.delete(slot);
      if (slot.retired) return;
      const task = slot.task;
      slot.task = null;
      if (task) this.finish(task, failed(deathReason ?? `worker died: exited with code ${code}`));
      this.pump();
    });
    return slot;
  }

  private onMessage(slot: Slot, raw: unknown): void {
    let m;
    try {
      m = parseWorkerMessage(raw);
    } catch (e) {
      // A worker speaking nonsense cannot be trusted with its run.
      const task = slot.task;
      slot.task = null;
      if (task) this.finish(task, failed(`invalid message from worker: ${(e as Error).message}`));
      this.retire(slot);
      this.pump();
      return;
    }
    const task = slot.task;
    switch (m.type) {
      case 'ready':
        slot.ready = true;
        this.pump();
        return;
      case 'progress':
        if (!task || m.runId !== task.runId) return;
        m.losses.forEach((v, i) => (task.loss[m.from + i] = v));
        for (const point of m.val ?? []) task.val.push(point);
        task.sweep.listener.onProgress?.(task.index, m.from, m.losses, m.val ?? []);
        return;
      case 'error':
      case 'done': {
        if (!task || m.runId !== task.runId) return;
        clearTimeout(slot.cancelTimer);
        slot.cancelTimer = undefined;
        slot.task = null;
        const outcome = m.type === 'done' ? m.outcome : failed(`worker refused the job: ${m.problem}`);
        this.finish(task, outcome);
        this.pump();
        return;
      }
    }
  }

  private pump(): void {
    if (this.disposed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      Atomics.store(slot.cancel, CANCEL_SLOT, 0);
      task.sweep.listener.onStart?.(task.index);
      const message: RunMessage = { v: SWEEP_PROTOCOL_VERSION, type: 'run', runId: task.runId, job: task.job };
      slot.worker.postMessage(message);
    }
    // Start workers for what is still queued (they take work once ready).
    let starting = [...this.slots].filter((s) => !s.ready).length;
    while (this.slots.size < this.size && this.queue.length > starting) {
      this.spawn();
      starting++;
    }
    this.holdProcess();
  }

  /** Every worker keeps the process alive while any run is queued or running, none once all are
   *  done: one rule for the whole pool rather than a toggle per worker as it changes state. */
  private holdProcess(): void {
    const busy = this.queue.length > 0 || [...this.slots].some((s) => s.task !== null);
    for (const slot of this.slots) {
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
  }
}
