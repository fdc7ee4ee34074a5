/** `losslab logs` as a user runs it: a real process, its stdout, stderr and exit code. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, given } from './expected';

const REPO = join(__dirname, '..', '..', '..');
const TF = join(FIXTURES, 'tfevents');

function losslab(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), 'logs', ...args], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Json {
  runs: { run: string; format: string; scalars: Record<string, { step: number[]; value: (number | string)[]; wall_time: number[] | null }> }[];
  anomalies: { run: string; tag: string; kind: string; step: number; message: string }[];
  errors: { path: string; message: string }[];
}

test('--json: the contract shape, float32 values as their exact doubles, non-finite values as strings', () => {
  const { code, stdout } = losslab(join(TF, 'torch'), '--json');
  assert.equal(code, 0);
  const out = JSON.parse(stdout) as Json;
  assert.deepEqual(Object.keys(out), ['runs', 'anomalies', 'errors']);
  assert.deepEqual(out.runs.map((r) => [r.run, r.format]), [['.', 'tfevents'], ['loss_train', 'tfevents'], ['loss_val', 'tfevents']]);
  const loss = out.runs[0]!.scalars['train/loss']!;
  const expected = given('tfevents/torch')['.']!['train/loss']!;
  assert.deepEqual(loss.step, expected.map((p) => p[0]));
  assert.deepEqual(loss.value, expected.map((p) => (typeof p[1] === 'number' ? Math.fround(p[1]) : p[1])));
  assert.ok(loss.value.includes('nan') && loss.value.includes('inf'));
  assert.equal(loss.wall_time!.length, loss.step.length);
  const kinds = out.anomalies.filter((a) => a.tag === 'train/loss').map((a) => [a.run, a.kind, a.step]);
  assert.deepEqual(kinds, [['.', 'nan', 45], ['.', 'inf', 50]]);
  assert.deepEqual(out.errors, []);
});

test('--check exits 1 naming the run, tag and step of a NaN; 0 on healthy runs; --tag filters', () => {
  const bad = losslab(join(TF, 'torch'), '--check');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, new RegExp(`train/loss became NaN at step 45 in ${TF.replace(/[/\\]/g, '.')}.torch`));
  const good = losslab(join(TF, 'tf2'), '--check', '--tag', 'loss');
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /tf2\/train|train\s+tfevents\s+epoch_loss\s+25/);
  const filtered = JSON.parse(losslab(join(TF, 'torch'), '--json', '--tag', '^lr$').stdout) as Json;
  assert.deepEqual(filtered.runs.map((r) => Object.keys(r.scalars)), [['lr']]);
});

test('a restart is reported as such, never as a spike', () => {
  const out = JSON.parse(losslab(join(TF, 'tbx'), '--json').stdout) as Json;
  assert.deepEqual(out.anomalies.map((a) => [a.kind, a.step]), [['restart', 20]]);
});

test('bad input: errors are entries, damaged runs keep what precedes the damage, bad arguments exit 2', () => {
  const { code, stdout } = losslab(join(TF, 'damaged'), join(TF, 'nothing-here'), '--json');
  assert.equal(code, 0);
  const out = JSON.parse(stdout) as Json;
  assert.deepEqual(out.runs.map((r) => r.run), ['crc', 'empty', 'truncated']);
  assert.deepEqual(out.errors.map((e) => [e.path.slice(TF.length + 1), e.message.replace(/:.*/, '')]), [
    ['nothing-here', 'cannot open'],
    ['damaged/garbage/events.out.tfevents.0.garbage', 'not a TFRecord file'],
  ]);
  assert.equal(losslab().code, 2);
  assert.equal(losslab(TF, '--tag', '(').code, 2);
  assert.equal(losslab(join(TF, 'nothing-here')).code, 1);
});
