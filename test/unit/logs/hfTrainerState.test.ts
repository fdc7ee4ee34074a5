import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hfTrainerStateReader, readTrainerState } from '../../../src/engine/logs/hfTrainerState';
import { LogFormatError } from '../../../src/engine/logs/types';

// Written by the real Trainer (test/fixtures/logs/generate_hf_trainer.py).
const ROOT = join(import.meta.dirname, '../../fixtures/logs');
const checkpoints = readdirSync(join(ROOT, 'hf')).filter((d) => d.startsWith('checkpoint-')).sort((a, b) => Number(a.slice(11)) - Number(b.slice(11)));
const latest = `hf/${checkpoints.at(-1)}/trainer_state.json`;
const bytes = readFileSync(join(ROOT, latest));

test('a folder of checkpoints is one run, read from its latest trainer_state.json', () => {
  assert.ok(checkpoints.length >= 2, 'the fixture keeps two checkpoints');
  const paths = checkpoints.map((c) => `hf/${c}/trainer_state.json`).concat(['hf/README.md', 'other/metrics.csv']);
  assert.deepEqual(hfTrainerStateReader.claim(paths), [{ run: 'hf', files: [latest] }]);
});

test("the output folder's own trainer_state.json wins over its checkpoints", () => {
  const paths = ['out/trainer_state.json', 'out/checkpoint-5/trainer_state.json', 'b/c/trainer_state.json'];
  assert.deepEqual(hfTrainerStateReader.claim(paths), [
    { run: 'out', files: ['out/trainer_state.json'] },
    { run: 'b/c', files: ['b/c/trainer_state.json'] },
  ]);
});

test('every numeric key of every log_history entry is a point of its tag at that step', async () => {
  const run = readTrainerState('hf', [{ path: latest, bytes }]);
  const history = (JSON.parse(bytes.toString('utf8')) as { log_history: Record<string, number>[] }).log_history;
  assert.equal(run.format, 'hf-trainer-state');
  assert.deepEqual(run.notes, []);
  for (const tag of ['loss', 'eval_loss', 'learning_rate', 'grad_norm', 'epoch']) {
    const entries = history.filter((e) => typeof e[tag] === 'number');
    const s = run.scalars.get(tag);
    assert.ok(s, `tag ${tag}`);
    assert.deepEqual([...s.step], entries.map((e) => e.step));
    assert.deepEqual([...s.value], entries.map((e) => e[tag]));
    assert.deepEqual(s.restarts, []);
  }
  assert.equal(run.scalars.has('step'), false);
  assert.equal(run.params?.train_batch_size, 8);
});

test("Python's bare NaN and Infinity are read as numbers", async () => {
  const text = bytes.toString('utf8').replace(/"loss": [-\d.e]+/, '"loss": NaN').replace(/"grad_norm": [-\d.e]+/, '"grad_norm": Infinity');
  const run = readTrainerState('hf', [{ path: latest, bytes: Buffer.from(text) }]);
  assert.ok(Number.isNaN(run.scalars.get('loss')!.value[0]));
  assert.equal(run.scalars.get('grad_norm')!.value[0], Infinity);
});

test('bad input is a LogFormatError that says what is wrong', () => {
  const bad = (text: string): unknown => readTrainerState('x', [{ path: 'x/trainer_state.json', bytes: Buffer.from(text) }]);
  assert.throws(() => bad(''), (e: unknown) => e instanceof LogFormatError && /empty/.test(e.message));
  assert.throws(() => bad(bytes.toString('utf8').slice(0, 300)), (e: unknown) => e instanceof LogFormatError && /not JSON/.test(e.message));
  assert.throws(() => bad('{"epoch": 1}'), (e: unknown) => e instanceof LogFormatError && /log_history/.test(e.message));
});
