/** The anomaly worker (bundled from source as the build bundles it) answers a growing series with
 *  what a LiveDetector on this thread finds, and refuses malformed jobs with an error reply; the
 *  client sends only the points appended since its last job for a series. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { LiveDetector } from '../../../src/engine/curves/live';
import { parseAnomalyReply } from '../../../src/protocol/anomalies';
import { AnomalyClient } from '../../../src/worker/anomalyClient';

function bundle(dir: string): string {
  const outfile = join(dir, 'anomaly-worker.js');
  buildSync({ entryPoints: ['src/worker/anomalies.ts'], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent' });
  return outfile;
}

function series(n: number): { value: Float64Array; step: Float64Array } {
  const value = new Float64Array(n);
  const step = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    step[i] = i;
    value[i] = 2 / (1 + i / 500) + 0.01 * Math.sin(i * 1.7);
  }
  value[n >> 2] = 5; // a spike
  value.fill(NaN, n - 40); // the run turned NaN at the end
  return { value, step };
}

test('a growing series sent in chunks gets the anomalies of a LiveDetector fed the same chunks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-anomaly-worker-'));
  const client = new AnomalyClient(bundle(dir));
  try {
    const { value, step } = series(30_000);
    const here = new LiveDetector({ split: 'train' });
    for (const n of [10_000, 20_000, 30_000]) {
      const found = await client.detect({ key: 'run\u0000train/loss', split: 'train', value: value.subarray(0, n), step: step.subarray(0, n), restarts: [] });
      assert.deepEqual(found, here.update(value.subarray(0, n), step.subarray(0, n), []), `at n=${n}`);
    }
    const last = here.update(value, step, []);
    assert.ok(last.some((a) => a.kind === 'spike' && a.at === 7500), 'the spike is found');
    assert.ok(last.some((a) => a.kind === 'nonfinite' && a.at === 30_000 - 40), 'the NaN is found');
  } finally {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a malformed job gets an error reply naming the problem', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-anomaly-worker-'));
  const worker = new Worker(bundle(dir));
  try {
    const reply = await new Promise<unknown>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage({ v: 1, type: 'detect', id: 7, key: 'k', split: 'train', from: 0, value: [1, 2], step: new Float64Array(2), restarts: [] });
    });
    const parsed = parseAnomalyReply(reply);
    assert.equal(parsed.type, 'error');
    assert.equal(parsed.id, 7);
    assert.match(parsed.type === 'error' ? parsed.problem : '', /job\.value: expected a Float64Array/);
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker that dies fails its job with the reason; a replacement answers the next', async () => {
  const client = new AnomalyClient(join(__dirname, '..', '..', 'fixtures', 'workers', 'dyingAnomalyWorker.cjs'));
  const job = (key: string) => ({ key, split: 'train' as const, value: new Float64Array(2), step: new Float64Array(2), restarts: [] });
  try {
    await assert.rejects(client.detect(job('die')), /anomaly worker died: exit code 3/);
    assert.deepEqual(await client.detect(job('live')), []);
  } finally {
    await client.dispose();
  }
  await assert.rejects(client.detect(job('live')), /disposed/, 'a disposed client starts no worker');
});

/** The reply to one raw job. */
function ask(worker: Worker, job: object): Promise<ReturnType<typeof parseAnomalyReply>> {
  return new Promise((resolve) => {
    worker.once('message', (m) => resolve(parseAnomalyReply(m)));
    worker.postMessage(job);
  });
}

test('the worker appends each job\'s points to the series it holds; a job continuing a series it does not hold is stale', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-anomaly-worker-'));
  const worker = new Worker(bundle(dir));
  try {
    const { value, step } = series(30_000);
    const here = new LiveDetector({ split: 'train' });
    const job = (id: number, from: number, to: number, key = 'run\u0000train/loss') =>
      ({ v: 1, type: 'detect', id, key, split: 'train', from, value: value.slice(from, to), step: step.slice(from, to), restarts: [] });
    let id = 1;
    for (const [from, to] of [[0, 10_000], [10_000, 20_000], [20_000, 30_000]] as const) {
      const reply = await ask(worker, job(id++, from, to));
      assert.deepEqual(reply, { v: 1, type: 'anomalies', id: id - 1, found: here.update(value.subarray(0, to), step.subarray(0, to), []) }, `to ${to}`);
    }
    assert.deepEqual(await ask(worker, job(9, 20_000, 30_000)), { v: 1, type: 'stale', id: 9 }, 'points it already holds');
    assert.deepEqual(await ask(worker, job(10, 5, 30, 'unknown')), { v: 1, type: 'stale', id: 10 }, 'a series it never held');
    // from 0 starts the series afresh, as a rewritten run
    const again = await ask(worker, job(11, 0, 10_000));
    assert.deepEqual(again.type === 'anomalies' && again.found, new LiveDetector({ split: 'train' }).update(value.subarray(0, 10_000), step.subarray(0, 10_000), []));
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the client sends only appended points; a rewritten series, or a replaced worker (stale), gets the whole series', async () => {
  const client = new AnomalyClient(join(__dirname, '..', '..', 'fixtures', 'workers', 'echoAnomalyWorker.cjs'));
  const { value, step } = series(30_000);
  const detect = async (n: number, key = 'k') => {
    const [received] = await client.detect({ key, split: 'train', value: value.subarray(0, n), step: step.subarray(0, n), restarts: [] });
    return [received!.start, received!.end];
  };
  try {
    assert.deepEqual(await detect(10_000), [0, 10_000]);
    assert.deepEqual(await detect(25_000), [10_000, 25_000], 'only the 15,000 appended points');
    assert.deepEqual(await detect(25_000), [25_000, 25_000], 'nothing appended, nothing sent');
    assert.deepEqual(await detect(8_000), [0, 8_000], 'a shorter series was rewritten');
    await assert.rejects(detect(1, 'die'), /died/);
    assert.deepEqual(await detect(9_000), [0, 9_000], 'the replacement worker held nothing: the whole series');
    assert.deepEqual(await detect(12_000), [9_000, 12_000]);
    client.forget(['k']);
    assert.deepEqual(await detect(13_000), [0, 13_000], 'a forgotten series is sent whole');
  } finally {
    await client.dispose();
  }
});
