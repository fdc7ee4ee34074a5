/** Every reader on random bytes and on fixture bytes with random damage: it returns a run (with
 *  notes) or throws LogFormatError, never anything else; bounded runs, so a hang fails the timeout. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { LOG_READERS } from '../../../src/engine/logs';
import { LogFormatError, type LogReader } from '../../../src/engine/logs/types';
import { FIXTURES } from './expected';

const SAMPLES: Record<string, { path: string; fixture: string }> = {
  'tfevents': { path: 'r/events.out.tfevents.1.h', fixture: 'tfevents/torch/events.out.tfevents.1796160339.vm.25368.0' },
  'lightning-csv': { path: 'version_0/metrics.csv', fixture: 'csv/lightning_logs/version_0/metrics.csv' },
  'keras-csv': { path: 'training.csv', fixture: 'csv/keras/training.csv' },
  'csv': { path: 'results.csv', fixture: 'csv/detect/train/results.csv' },
  'mlflow': { path: 'mlflow.db', fixture: 'mlflow/mlflow.db' },
  'wandb': { path: 'w/run-x.wandb', fixture: 'wandb/wandb/offline-run-20260101_120000-abc123/run-abc123.wandb' },
};

async function survives(reader: LogReader, path: string, bytes: Uint8Array): Promise<void> {
  try {
    const out = await reader.read('r', [{ path, bytes }]);
    for (const run of Array.isArray(out) ? out : [out]) assert.ok(run.scalars instanceof Map);
  } catch (e) {
    if (!(e instanceof LogFormatError)) throw e;
  }
}

/** Fixture bytes with a few bytes overwritten, a slice cut out or the tail cut off. */
const damage = (base: Uint8Array) => fc.oneof(
  fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => {
    const b = base.slice();
    for (const [at, v] of edits) b[at] = v;
    return b;
  }),
  fc.tuple(fc.nat(base.length), fc.nat(200)).map(([at, n]) => new Uint8Array([...base.subarray(0, at), ...base.subarray(at + n)])),
  fc.nat(base.length).map((n) => base.slice(0, n)),
);

for (const reader of LOG_READERS) {
  const sample = SAMPLES[reader.format];
  if (!sample) continue;
  test(`fuzz ${reader.format}: random and damaged bytes never crash or hang`, { timeout: 120_000 }, async () => {
    const base = new Uint8Array(readFileSync(join(FIXTURES, sample.fixture)));
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), (bytes) => survives(reader, sample.path, bytes)), { numRuns: 150 });
    await fc.assert(fc.asyncProperty(damage(base), (bytes) => survives(reader, sample.path, bytes)), { numRuns: 150 });
  });
}

test('every reader that exists is fuzzed here', () => {
  const mine = ['tfevents', 'lightning-csv', 'keras-csv', 'csv', 'mlflow', 'wandb'];
  assert.deepEqual(LOG_READERS.map((r) => r.format).filter((f) => mine.includes(f)).sort(), mine.sort());
});
