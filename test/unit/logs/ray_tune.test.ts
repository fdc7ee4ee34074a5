/** The Ray Tune reader on result.json lines in Ray's format (fields from Ray's documentation,
 *  written by hand here: Ray does not run on this machine): x from `step` or training_iteration,
 *  nested dicts flattened, Python's NaN kept, a cut last line noted, params from params.json. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { rayTuneReader, readRayTrial } from '../../../src/engine/logs/ray_tune';
import { LogFormatError } from '../../../src/engine/logs/types';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const line = (i: number, extra: string): string =>
  `{"loss": ${extra}, "info": {"lr": 0.${i + 1}}, "timestamp": ${1764600000 + i}, "training_iteration": ${i + 1}, "done": false, "trial_id": "x", "config": {"lr": 0.1}, "pid": 7, "time_total_s": 0.5}`;

test('claims each trial folder with its params.json', () => {
  assert.deepEqual(rayTuneReader.claim(['exp/t0/result.json', 'exp/t0/params.json', 'exp/t1/result.json', 'exp/notes.txt', 'result.json']), [
    { run: 'exp/t0', files: ['exp/t0/result.json', 'exp/t0/params.json'] },
    { run: 'exp/t1', files: ['exp/t1/result.json'] },
    { run: '.', files: ['result.json'] },
  ]);
});

test('series per numeric field against training_iteration, bookkeeping left out, NaN kept, a cut line noted', () => {
  const text = [line(0, '1.5'), line(1, 'NaN'), line(2, '0.25'), '{"loss": 0.1, "traini'].join('\n');
  const r = readRayTrial('t0', [{ path: 't0/result.json', bytes: enc(text) }, { path: 't0/params.json', bytes: enc('{"lr": 0.1, "loss": "mse_loss"}') }]);
  assert.deepEqual([...r.scalars.keys()].sort(), ['info/lr', 'loss']);
  const loss = r.scalars.get('loss')!;
  assert.deepEqual(Array.from(loss.step), [1, 2, 3]);
  assert.ok(Number.isNaN(loss.value[1]));
  assert.deepEqual(Array.from(loss.wallTime!), [1764600000, 1764600001, 1764600002]);
  assert.deepEqual(r.params, { lr: 0.1, loss: 'mse_loss' });
  assert.equal(r.notes.length, 1);
});

test('a step that goes back is a restart', () => {
  const text = ['{"step": 0, "loss": 1}', '{"step": 1, "loss": 0.5}', '{"step": 0, "loss": 0.9}'].join('\n');
  const r = readRayTrial('t', [{ path: 'result.json', bytes: enc(text) }]);
  assert.deepEqual(r.scalars.get('loss')!.restarts, [2]);
});

test('not JSON lines at all: LogFormatError; random bytes never crash', () => {
  assert.throws(() => readRayTrial('t', [{ path: 'result.json', bytes: enc('hello') }]), LogFormatError);
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
    try {
      readRayTrial('t', [{ path: 'result.json', bytes }]);
    } catch (e) {
      if (!(e instanceof LogFormatError)) throw e;
    }
  }), { numRuns: 200 });
});
