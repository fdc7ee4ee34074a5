/** Cancelling a landscape: its AbortSignal rejects computeLandscape with CancelledError and
 *  terminates the worker threads busy with it (a grid row never yields to messages), and the pool
 *  serves the next landscape with fresh workers. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { CancelledError, LandscapePool, type JobBody } from '../../../src/worker/landscapePool';
import { computeLandscape } from '../../../src/worker/landscapeRun';
import type { PrepareJob, RowsJob, SharpnessJob } from '../../../src/protocol/landscape';

const SPINNING = join(__dirname, '..', '..', 'fixtures', 'workers', 'spinningLandscapeWorker.cjs');

/** A pool that reports the jobs it has handed out. */
class WatchedPool extends LandscapePool {
  onRun: (type: string) => void = () => undefined;
  override run(body: JobBody<PrepareJob> | JobBody<RowsJob> | JobBody<SharpnessJob>, signal?: AbortSignal) {
    const reply = super.run(body, signal);
    this.onRun(body.type);
    return reply;
  }
}

test('aborting a landscape mid-grid terminates its busy workers and rejects with CancelledError', { timeout: 60_000 }, async () => {
  const pool = new WatchedPool(SPINNING, 2);
  try {
    const abort = new AbortController();
    let rows = 0;
    // Abort once the grid's row jobs have gone out to both workers (which then spin forever).
    pool.onRun = (type) => {
      if (type === 'rows' && ++rows === 3) setImmediate(() => abort.abort());
    };
    await assert.rejects(computeLandscape(pool, { spec: {}, run: 0 }, { grid: 3, sharpness: false, signal: abort.signal }), CancelledError);
    assert.equal(pool.threads, 0, 'the spinning workers were terminated');
    // The pool goes on: a new worker answers the next job.
    pool.onRun = () => undefined;
    const reply = await pool.run({ type: 'prepare', source: { spec: {}, run: 0 }, grid: 3, directions: 'random', seed: 0, checkpoints: 2 });
    assert.equal(reply.type, 'prepared');
    await assert.rejects(pool.run({ type: 'prepare', source: { spec: {}, run: 0 }, grid: 3, directions: 'random', seed: 0, checkpoints: 2 }, AbortSignal.abort()), CancelledError, 'an aborted signal never starts a job');
  } finally {
    await pool.dispose();
  }
});
