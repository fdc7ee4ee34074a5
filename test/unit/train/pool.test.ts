import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseSpec } from '../../../src/engine/train/spec';
import { specDataset, sweepJobs, type RunJob } from '../../../src/engine/train/sweep';
import { WorkerPool } from '../../../src/worker/pool';

// Workers run the TypeScript entry through tsx's require hook.
const SCRIPT = join(__dirname, '../../../src/worker/main.ts');
const DYING = join(__dirname, 'fixtures/dying-worker.ts');
const tsLoader = require.resolve('tsx/cjs/api');

function jobs(over: Record<string, unknown> = {}): RunJob[] {
  const spec = parseSpec({
    task: 'regression', dataset: { name: 'linear', n: 200, noise: 0.1 }, model: { hidden: [8], activation: 'tanh' },
    losses: ['mse_loss'], optimizers: [{ name: 'adam', lr: [0.01, 0.03] }], steps: 40, seeds: [0, 1], ...over,
  });
  return sweepJobs(spec, specDataset(spec));
}

test('a sweep runs every job, streams progress that adds up to the curves, and matches in-process results', async () => {
  const pool = new WorkerPool({ tsLoader, script: SCRIPT, size: 2, throttleMs: 0 });
  try {
    const js = jobs();
    const streamed = js.map(() => [] as number[]);
    const streamedVal = js.map(() => [] as [number, number][]);
    const outcomes = await pool.run(js, {
      onProgress: (i, from, losses, val) => {
        streamed[i]!.splice(from, losses.length, ...losses);
        streamedVal[i]!.push(...val);
      },
    }).done;
    assert.equal(outcomes.length, 4);
    for (const [i, o] of outcomes.entries()) {
      assert.equal(o.status, 'ok', o.error);
      assert.equal(o.loss.length, 40);
      assert.deepEqual(streamed[i], o.loss);
      assert.equal(o.val!.length, 40);
      assert.deepEqual(streamedVal[i], o.val);
      assert.ok(o.final!.train_loss < o.loss[0]!);
    }
    // The workers trained in float32 (the default), on the SIMD kernels.
    assert.ok(outcomes.every((o) => o.dtype === 'float32'), JSON.stringify(outcomes.map((o) => o.dtype)));
    // Same seed in a worker and here: same numbers.
    const { executeRun } = await import('../../../src/engine/train/sweep');
    const here = executeRun(js[3]!);
    assert.deepEqual(here.loss, outcomes[3]!.loss);
    assert.deepEqual(here.val, outcomes[3]!.val);
  } finally {
    await pool.dispose();
  }
});

test('a run that throws and one that diverges fail with their reasons; the others go on', async () => {
  const pool = new WorkerPool({ tsLoader, script: SCRIPT, size: 1 });
  try {
    const js = jobs({ losses: ['mse_loss', { name: 'mse_loss', options: { reduction: 'average' } }], optimizers: [{ name: 'sgd', lr: [0.01, 1e6] }], seeds: [0] });
    const outcomes = await pool.run(js).done;
    assert.deepEqual(outcomes.map((o) => o.status), ['ok', 'failed', 'failed', 'failed']);
    assert.match(outcomes[1]!.error!, /diverged: training loss became (NaN|Infinity) at step \d+/);
    assert.match(outcomes[2]!.error!, /reduction/);
  } finally {
    await pool.dispose();
  }
});

test('a worker that dies fails its run with the reason; a replacement runs the rest', async () => {
  const pool = new WorkerPool({ tsLoader, script: DYING, size: 1 });
  try {
    const outcomes = await pool.run(jobs({ seeds: [0, 666, 1] })).done;
    assert.deepEqual(outcomes.map((o) => o.status), ['ok', 'failed', 'ok', 'ok', 'failed', 'ok']);
    assert.match(outcomes[1]!.error!, /worker died: exited with code 3/);
  } finally {
    await pool.dispose();
  }
});

test('cancel stops running runs at their next step and drops queued ones', async () => {
  const pool = new WorkerPool({ tsLoader, script: SCRIPT, size: 2, throttleMs: 0 });
  try {
    const js = jobs({ steps: 1_000_000, dataset: { name: 'linear', n: 2000 }, seeds: [0, 1, 2] });
    let handle: ReturnType<WorkerPool['run']> | undefined;
    let started = 0;
    handle = pool.run(js, {
      onProgress: () => {
        if (++started === 2) handle!.cancel();
      },
    });
    const outcomes = await handle.done;
    assert.deepEqual(outcomes.map((o) => o.status), Array(6).fill('cancelled'));
    assert.ok(outcomes.some((o) => o.loss.length > 0), 'a running run reports the steps it took');
    assert.ok(outcomes.every((o) => o.loss.length < 1_000_000));
    // The pool is still usable after a cancel.
    const again = await pool.run(jobs({ seeds: [0] })).done;
    assert.deepEqual(again.map((o) => o.status), ['ok', 'ok']);
  } finally {
    await pool.dispose();
  }
});

test('a float64 spec trains in float64 in the workers, with the same numbers as in this thread', async () => {
  const pool = new WorkerPool({ tsLoader, script: SCRIPT, size: 1, throttleMs: 0 });
  try {
    const js = jobs({ model: { hidden: [8], activation: 'tanh', dtype: 'float64' }, seeds: [0] });
    const outcomes = await pool.run(js).done;
    assert.deepEqual(outcomes.map((o) => o.dtype), ['float64', 'float64']);
    const { executeRun } = await import('../../../src/engine/train/sweep');
    assert.deepEqual(outcomes[1]!.loss, executeRun(js[1]!).loss);
    const single = await pool.run(jobs({ seeds: [0] })).done;
    assert.notDeepEqual(single[1]!.loss, outcomes[1]!.loss, 'float32 curves differ in the last digits');
  } finally {
    await pool.dispose();
  }
});
