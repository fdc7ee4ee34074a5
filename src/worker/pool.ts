/** A pool of worker_threads running sweep jobs, usable from the CLI and the extension host (node
 *  APIs, no vscode). Jobs queue; each idle worker takes the next. A run that throws or diverges is
 *  failed by the worker; a worker that dies fails its run with the reason and is replaced; cancel
 *  (of a whole sweep or of one run) drops queued jobs at once and stops running ones at their next
 *  step (a worker that does not answer within `cancelGraceMs`, e.g. inside one long step, is
 *  terminated); a stopped run ends `cancelled` with the curve it streamed so far. Workers of an idle
 *  pool are unref'd so they never keep a process alive. */
import { availableParallelism } from 'node:os';
import type { RunJob, RunOutcome, ValPoint } from '../engine/train/sweep';
import { CANCEL_SLOT, SWEEP_PROTOCOL_VERSION, parseWorkerMessage, type RunMessage, type WorkerInit, type WorkerToHost } from '../protocol/sweep';
import { WorkerCore, type Slot, type WorkerSource } from './core';

export interface PoolOptions extends WorkerSource {
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

/** The most worker threads a pool takes (the CLI's --workers): beyond this a machine spends more on
 *  threads than it gains. */
export const MAX_POOL_SIZE = 64;

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

const failed = (error: string): RunOutcome => ({ status: 'failed', error, loss: [], final: null, ms: 0 });
/** A run stopped from the host (queued, or its worker terminated): the curve streamed so far. */
const cancelledOutcome = (task: Task): RunOutcome => ({
  status: 'cancelled', error: 'cancelled', loss: task.loss, final: null, ...(task.val.length > 0 ? { val: task.val } : {}), ms: 0,
});

type SweepSlot = Slot<Task, WorkerInit>;

export class WorkerPool {
  readonly size: number;
  private readonly core: WorkerCore<Task, WorkerToHost, WorkerInit>;
  private readonly cancelGraceMs: number;
  private nextRunId = 1;

  constructor(options: PoolOptions) {
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
    this.cancelGraceMs = options.cancelGraceMs ?? 1000;
    this.core = new WorkerCore<Task, WorkerToHost, WorkerInit>({
      script: options.script,
      ...(options.tsLoader !== undefined ? { tsLoader: options.tsLoader } : {}),
      size: this.size,
      workerData: () => ({ cancel: new Int32Array(new SharedArrayBuffer(4)), throttleMs: options.throttleMs ?? 100 }),
      readyAtStart: false,
      parse: parseWorkerMessage,
      dispatch: (slot, task) => {
        Atomics.store(slot.data.cancel, CANCEL_SLOT, 0);
        task.sweep.listener.onStart?.(task.index);
        const message: RunMessage = { v: SWEEP_PROTOCOL_VERSION, type: 'run', runId: task.runId, job: task.job };
        slot.worker.postMessage(message);
      },
      message: (slot, m) => this.onMessage(slot, m),
      invalid: (slot, e) => {
        // A worker speaking nonsense cannot be trusted with its run.
        const task = slot.job;
        slot.job = null;
        if (task) this.finish(task, failed(`invalid message from worker: ${e.message}`));
        this.core.retire(slot);
      },
      died: (task, { message, code }) => this.finish(task, failed(`worker died: ${message ?? `exited with code ${code}`}`)),
    });
  }

  /** Queues the jobs; progress and outcomes reach the listener as they come. */
  run(jobs: readonly RunJob[], listener: SweepListener = {}): SweepHandle {
    if (this.core.isDisposed) throw new Error('the worker pool has been disposed');
    let resolve!: (o: RunOutcome[]) => void;
    const done = new Promise<RunOutcome[]>((r) => (resolve = r));
    const sweep: SweepState = { listener, outcomes: jobs.map(() => undefined), remaining: jobs.length, cancelled: false, resolve };
    if (jobs.length === 0) resolve([]);
    const tasks = jobs.map((job, index): Task => ({ runId: this.nextRunId++, index, job, sweep, loss: [], val: [] }));
    this.core.submit(tasks);
    return {
      done,
      cancel: () => this.cancel(sweep),
      cancelRun: (index) => {
        const task = tasks[index];
        if (!task || sweep.outcomes[index] !== undefined) return false;
        this.cancelTask(task);
        return true;
      },
    };
  }

  /** No run queued or running. */
  get idle(): boolean {
    return this.core.idle;
  }

  /** Terminates every worker; queued and running jobs end as cancelled. */
  dispose(): Promise<void> {
    return this.core.dispose((t) => this.finish(t, cancelledOutcome(t)));
  }

  private cancel(sweep: SweepState): void {
    if (sweep.cancelled) return;
    sweep.cancelled = true;
    for (const task of [...this.core.queued(), ...this.core.running()]) if (task.sweep === sweep) this.cancelTask(task);
  }

  /** A queued task ends at once; a running one is asked to stop at its next step, and its worker
   *  is terminated if it has not answered within the grace period. */
  private cancelTask(task: Task): void {
    if (this.core.unqueue(task)) {
      this.finish(task, cancelledOutcome(task));
      return;
    }
    const slot = this.core.slotOf(task);
    if (!slot || slot.timer !== undefined) return;
    Atomics.store(slot.data.cancel, CANCEL_SLOT, task.runId + 1);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (slot.job !== task) return;
      slot.job = null;
      this.finish(task, cancelledOutcome(task));
      this.core.retire(slot);
    }, this.cancelGraceMs);
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

  private onMessage(slot: SweepSlot, m: WorkerToHost): void {
    const task = slot.job;
    switch (m.type) {
      case 'ready':
        this.core.markReady(slot);
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
        slot.job = null;
        this.finish(task, m.type === 'done' ? m.outcome : failed(`worker refused the job: ${m.problem}`));
        this.core.release(slot);
        return;
      }
    }
  }
}
