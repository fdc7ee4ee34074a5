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

/** The jobs of `jobs(over)` with run `index` trained for `steps` steps instead. */
function withSteps(js: RunJob[], index: number, steps: number): RunJob[] {
  return js.map((j, i) => (i === index ? { ...j, common: { ...j.common, steps } } : j));
}

test('cancelling a long sweep keeps what finished, ends the running run as cancelled with its curve so far, and leaves the pool idle', async () => {
  const pool = new WorkerPool({ tsLoader, script: SCRIPT, size: 1, throttleMs: 0 });
  try {
    // Run 0 is short and finishes; run 1 would train for a million steps; runs 2 and 3 wait in the queue.
    const js = withSteps(jobs({ steps: 1_000_000 }), 0, 50);
    const streamed = js.map(() => [] as number[]);
    let seenAtCancel = -1;
    const handle = pool.run(js, {
      onProgress: (i, from, losses) => {
        losses.forEach((v, k) => (streamed[i]![from + k] = v));
        if (i === 1 && seenAtCancel < 0 && streamed[1]!.length >= 20) {
          seenAtCancel = streamed[1]!.length;
          handle.cancel();
        }
      },
    });
    const outcomes = await handle.done;
    assert.ok(pool.idle, 'no run is left queued or running once the sweep has ended');
    assert.deepEqual(outcomes.map((o) => o.status), ['ok', 'cancelled', 'cancelled', 'cancelled']);
    assert.equal(outcomes[0]!.loss.length, 50, 'the finished run keeps its whole curve');
    assert.ok(outcomes[0]!.final, 'and its final results');
    const stopped = outcomes[1]!;
    assert.equal(stopped.final, null);
    // The worker polls the shared flag every step: it stops a few steps after the host saw step
    // `seenAtCancel` (what was still in flight), far from the million it was asked for.
    assert.ok(stopped.loss.length >= seenAtCancel && stopped.loss.length < seenAtCancel + 5_000, `stopped after ${stopped.loss.length} steps (cancel seen at ${seenAtCancel})`);
    assert.deepEqual(stopped.loss.slice(0, seenAtCancel), streamed[1]!.slice(0, seenAtCancel), 'the partial curve is the one streamed');
    assert.deepEqual(outcomes.slice(2).map((o) => o.loss.length), [0, 0], 'queued runs never started');
    assert.equal(handle.cancelRun(0), false, 'a finished run cannot be cancelled');
    const again = await pool.run(jobs({ seeds: [0] })).done;
    assert.deepEqual(again.map((o) => o.status), ['ok', 'ok'], 'the pool runs the next sweep');
  } finally {
    await pool.dispose();
  }
});

test('a run stuck inside one long step is terminated after the grace period and keeps the curve it streamed', async () => {
  // Full-batch steps on 20,000 rows through a 128-128 network: each step takes far longer than the 1 ms grace.
  const pool = new WorkerPool({ tsLoader, script: SCRIPT, size: 1, throttleMs: 0, cancelGraceMs: 1 });
  try {
    const js = jobs({ steps: 1_000_000, dataset: { name: 'linear', n: 20_000 }, model: { hidden: [128, 128], activation: 'tanh' }, seeds: [0], val_fraction: 0, optimizers: [{ name: 'adam', lr: 0.01 }] });
    const streamed: number[] = [];
    const handle = pool.run(js, {
      onProgress: (_i, from, losses) => {
        losses.forEach((v, k) => (streamed[from + k] = v));
        handle.cancel();
      },
    });
    const [outcome] = await handle.done;
    assert.equal(outcome!.status, 'cancelled');
    assert.ok(outcome!.loss.length >= 1, 'the step it finished before the cancel is kept');
    assert.deepEqual(outcome!.loss.slice(0, streamed.length), streamed);
    assert.ok(pool.idle);
    const again = await pool.run(jobs({ seeds: [0], losses: ['l1_loss'] })).done;
    assert.deepEqual(again.map((o) => o.status), ['ok', 'ok'], 'a fresh worker replaces the terminated one');
  } finally {
    await pool.dispose();
  }
});

test('cancelRun stops one run (running or queued) and the sweep goes on with the others', async () => {
  const pool = new WorkerPool({ tsLoader, script: SCRIPT, size: 1, throttleMs: 0 });
  try {
    // Four runs: 0 is cancelled while running, 2 while queued, 1 and 3 run to the end.
    const js = withSteps(withSteps(jobs({ steps: 1_000_000 }), 1, 30), 3, 30);
    const started: number[] = [];
    let handle!: ReturnType<WorkerPool['run']>;
    const answers: boolean[] = [];
    handle = pool.run(js, {
      onStart: (i) => started.push(i),
      onProgress: (i, from) => {
        if (i === 0 && from >= 5 && answers.length === 0) answers.push(handle.cancelRun(0), handle.cancelRun(2));
      },
    });
    const outcomes = await handle.done;
    assert.deepEqual(answers, [true, true], 'a running and a queued run can be cancelled');
    assert.deepEqual(outcomes.map((o) => o.status), ['cancelled', 'ok', 'cancelled', 'ok']);
    assert.ok(outcomes[0]!.loss.length >= 5 && outcomes[0]!.loss.length < 1_000_000);
    assert.deepEqual(outcomes.map((o) => o.loss.length).slice(1), [30, 0, 30]);
    assert.deepEqual(started, [0, 1, 3], 'the cancelled queued run never started');
  } finally {
    await pool.dispose();
  }
});
