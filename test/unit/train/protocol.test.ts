import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { test } from 'node:test';
import { parseSpec } from '../../../src/engine/train/spec';
import { specDataset, sweepJobs } from '../../../src/engine/train/sweep';
import { ValidationError } from '../../../src/protocol/validate';
import { parseHostMessage, parseWorkerMessage, type WorkerToHost } from '../../../src/protocol/sweep';
import { serve } from '../../../src/worker/serve';

const spec = parseSpec({ task: 'regression', dataset: { name: 'sine', n: 40 }, losses: ['mse_loss'], steps: 5 });
const job = sweepJobs(spec, specDataset(spec))[0]!;

function rejects(f: () => unknown, path: string): void {
  assert.throws(f, (e: unknown) => e instanceof ValidationError && e.path === path, path);
}

test('a valid run message round-trips; malformed ones are refused with the path of the problem', () => {
  const ok = parseHostMessage({ v: 1, type: 'run', runId: 3, job });
  assert.equal(ok.job.train.n, job.train.n);
  rejects(() => parseHostMessage({ v: 2, type: 'run', runId: 3, job }), 'message.v');
  rejects(() => parseHostMessage({ v: 1, type: 'train', runId: 3, job }), 'message.type');
  rejects(() => parseHostMessage({ v: 1, type: 'run', runId: 1.5, job }), 'message.runId');
  rejects(() => parseHostMessage({ v: 1, type: 'run', runId: 3, job: { ...job, train: { ...job.train, x: [1, 2] } } }), 'message.job.train.x');
  rejects(() => parseHostMessage({ v: 1, type: 'run', runId: 3, job: { ...job, train: { ...job.train, y: job.train.y.subarray(1) } } }), 'message.job.train.y');
  rejects(() => parseHostMessage({ v: 1, type: 'run', runId: 3, job: { ...job, config: { ...job.config, optimizer: 'lbfgs' } } }), 'message.job.config.optimizer');
  rejects(() => parseHostMessage({ v: 1, type: 'run', runId: 3, job: { ...job, common: { ...job.common, model: { hidden: [4], activation: 'swish' } } } }), 'message.job.common.model.activation');
  // The model's dtype crosses the boundary (dropping it would train float64 specs in float32).
  const double = { ...job, common: { ...job.common, model: { ...job.common.model, dtype: 'float64' } } };
  assert.equal(parseHostMessage({ v: 1, type: 'run', runId: 3, job: double }).job.common.model.dtype, 'float64');
  rejects(() => parseHostMessage({ v: 1, type: 'run', runId: 3, job: { ...job, common: { ...job.common, model: { ...job.common.model, dtype: 'float16' } } } }), 'message.job.common.model.dtype');
});

test('worker messages: NaN/inf travel, unknown kinds and bad outcomes are refused', () => {
  const p = parseWorkerMessage({ v: 1, type: 'progress', runId: 1, from: 0, losses: [1, NaN, 'inf', null] });
  assert.ok(p.type === 'progress' && Number.isNaN(p.losses[1]) && p.losses[2] === Infinity && Number.isNaN(p.losses[3]));
  rejects(() => parseWorkerMessage({ v: 1, type: 'hello' }), 'message.type');
  rejects(() => parseWorkerMessage({ v: 1, type: 'done', runId: 1, outcome: { status: 'great', loss: [], final: null, ms: 1 } }), 'message.outcome.status');
  const done = parseWorkerMessage({ v: 1, type: 'done', runId: 1, outcome: { status: 'failed', loss: [], final: null, ms: 1, dtype: 'float32' } });
  assert.ok(done.type === 'done' && done.outcome.dtype === 'float32');
  rejects(() => parseWorkerMessage({ v: 1, type: 'done', runId: 1, outcome: { status: 'failed', loss: [], final: null, ms: 1, dtype: 'double' } }), 'message.outcome.dtype');
  rejects(() => parseWorkerMessage({ v: 1, type: 'progress', runId: 1, from: 0, losses: ['x'] }), 'message.losses[0]');
});

test('validation points: optional on progress and outcomes, [step, loss] pairs with increasing whole steps', () => {
  const plain = parseWorkerMessage({ v: 1, type: 'progress', runId: 1, from: 0, losses: [1] });
  assert.ok(plain.type === 'progress' && plain.val === undefined);
  const p = parseWorkerMessage({ v: 1, type: 'progress', runId: 1, from: 4, losses: [1, 2], val: [[4, 0.5], [5, 'inf']] });
  assert.ok(p.type === 'progress');
  assert.deepEqual(p.val, [[4, 0.5], [5, Infinity]]);
  const progress = (val: unknown): unknown => ({ v: 1, type: 'progress', runId: 1, from: 0, losses: [], val });
  rejects(() => parseWorkerMessage(progress({ 0: 1 })), 'message.val');
  rejects(() => parseWorkerMessage(progress([[0, 1, 2]])), 'message.val[0]');
  rejects(() => parseWorkerMessage(progress([[0.5, 1]])), 'message.val[0][0]');
  rejects(() => parseWorkerMessage(progress([[3, 1], [3, 2]])), 'message.val[1][0]');
  rejects(() => parseWorkerMessage(progress([[0, 'low']])), 'message.val[0][1]');
  const outcome = { status: 'ok', loss: [1], final: null, ms: 1 };
  const d = parseWorkerMessage({ v: 1, type: 'done', runId: 1, outcome: { ...outcome, val: [[0, 2]] } });
  assert.ok(d.type === 'done' && d.outcome.val !== undefined && d.outcome.val[0]![1] === 2);
  const none = parseWorkerMessage({ v: 1, type: 'done', runId: 1, outcome });
  assert.ok(none.type === 'done' && !('val' in none.outcome));
  rejects(() => parseWorkerMessage({ v: 1, type: 'done', runId: 1, outcome: { ...outcome, val: [[-1, 2]] } }), 'message.outcome.val[0][0]');
  rejects(() => parseHostMessage({ v: 1, type: 'run', runId: 3, job: { ...job, common: { ...job.common, val_every: -2 } } }), 'message.job.common.val_every');
  assert.equal(parseHostMessage({ v: 1, type: 'run', runId: 3, job }).job.common.val_every, 1);
});

test('the worker loop answers a malformed message with an error reply and keeps serving', async () => {
  const { port1, port2 } = new MessageChannel();
  const replies: WorkerToHost[] = [];
  const got = (n: number): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => (replies.length >= n ? resolve() : void setTimeout(check, 5));
      check();
    });
  port2.on('message', (m: unknown) => replies.push(parseWorkerMessage(m)));
  serve(port1, { cancel: new Int32Array(new SharedArrayBuffer(4)), throttleMs: 0 });
  port2.postMessage({ v: 1, type: 'run', runId: 7, job: { ...job, config: 'nonsense' } });
  port2.postMessage({ v: 1, type: 'run', runId: 8, job });
  await got(1 + 1 + 5 + 1);
  port1.close();
  assert.equal(replies[0]!.type, 'ready');
  assert.deepEqual(replies[1], { v: 1, type: 'error', runId: 7, problem: 'message.job.config: expected an object' });
  const done = replies.find((r) => r.type === 'done');
  assert.ok(done && done.type === 'done' && done.runId === 8 && done.outcome.status === 'ok' && done.outcome.loss.length === 5);
  // Every validation point streams in a progress batch, in step order, as the outcome has them.
  const streamedVal = replies.flatMap((r) => (r.type === 'progress' && r.runId === 8 ? (r.val ?? []) : []));
  assert.deepEqual(streamedVal.map(([s]) => s), [0, 1, 2, 3, 4]);
  assert.deepEqual(streamedVal, done.outcome.val);
});
