import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeLength, growthOf } from '../../../src/logio/records';

/** A TFRecord frame as TensorBoard writes it: u64 length, length CRC, data, data CRC (CRCs are
 *  not checked when finding boundaries, so zeros do). */
function frame(data: number): Uint8Array {
  const b = new Uint8Array(12 + data + 4);
  new DataView(b.buffer).setUint32(0, data, true);
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

test('event files end at the last whole TFRecord frame', () => {
  const whole = concat(frame(30), frame(7));
  const path = 'runs/exp/events.out.tfevents.1700000000.host.1.0';
  assert.equal(completeLength(path, whole), 46 + 23);
  assert.equal(completeLength(path, concat(whole, frame(50).subarray(0, 20))), 69);
  assert.equal(completeLength(path, concat(whole, frame(50).subarray(0, 8))), 69);
  assert.equal(completeLength(path, new Uint8Array(0)), 0);
});

test('line-oriented files end after their last newline', () => {
  const text = new TextEncoder().encode('step,loss\n1,0.5\n2,0.');
  assert.equal(completeLength('lightning_logs/version_0/metrics.csv', text), 16);
  assert.equal(completeLength('mlruns/0/abc/metrics/loss', new TextEncoder().encode('no newline yet')), 0);
});

test('JSON and SQLite files are rewritten whole; Ray results and logs are appended', () => {
  assert.equal(growthOf('out/checkpoint-10/trainer_state.json'), 'rewrite');
  assert.equal(growthOf('mlflow.db'), 'rewrite');
  assert.equal(growthOf('ray_results/exp/trial_1/result.json'), 'append');
  assert.equal(growthOf('train.jsonl'), 'append');
});
