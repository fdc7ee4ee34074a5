/** The worker's loop: validate each `run` message, execute it synchronously, stream its losses in
 *  throttled batches (validation points ride along) and report the outcome. Split from main.ts so that tests can wrap it. */
import type { MessagePort } from 'node:worker_threads';
import { executeRun, type ValPoint } from '../engine/train/sweep';
import { CANCEL_SLOT, parseHostMessage, type WorkerInit, type WorkerToHost } from '../protocol/sweep';
import { numberField } from './requests';

export function serve(port: MessagePort, init: WorkerInit): void {
  const send = (m: WorkerToHost): void => port.postMessage(m);
  port.on('message', (raw: unknown) => {
    let message;
    try {
      message = parseHostMessage(raw);
    } catch (e) {
      const runId = numberField(raw, 'runId');
      send({ v: 1, type: 'error', problem: (e as Error).message, ...(runId !== undefined ? { runId } : {}) });
      return;
    }
    const { runId, job } = message;
    let pending: number[] = [];
    let pendingVal: ValPoint[] = [];
    let from = 0;
    let lastFlush = performance.now();
    const flush = (): void => {
      if (pending.length > 0 || pendingVal.length > 0) send({ v: 1, type: 'progress', runId, from, losses: pending, ...(pendingVal.length > 0 ? { val: pendingVal } : {}) });
      from += pending.length;
      pending = [];
      pendingVal = [];
      lastFlush = performance.now();
    };
    const outcome = executeRun(job, {
      onVal(step, loss) {
        pendingVal.push([step, loss]);
      },
      onLoss(_step, loss) {
        pending.push(loss);
        if (performance.now() - lastFlush >= init.throttleMs) flush();
      },
      cancelled: () => Atomics.load(init.cancel, CANCEL_SLOT) === runId + 1,
    });
    flush();
    send({ v: 1, type: 'done', runId, outcome });
  });
  send({ v: 1, type: 'ready' });
}
