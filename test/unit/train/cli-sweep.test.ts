import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SweepArgsError, cmdSweep } from '../../../src/cli/sweep';

const dir = mkdtempSync(join(tmpdir(), 'losslab-cli-sweep-'));
mkdirSync(join(dir, 'data'));
const rows = Array.from({ length: 80 }, (_, i) => `${Math.cos(i)},${Math.sin(i * 1.3)},${i % 2 === 0 ? 'yes' : 'no'}`);
writeFileSync(join(dir, 'data', 'points.csv'), ['x1,x2,label', ...rows].join('\n') + '\n');
const spec = {
  task: 'binary', dataset: { csv: 'data/points.csv', features: ['x1', 'x2'], target: 'label' },
  model: { hidden: [4], activation: 'relu' }, losses: ['binary_cross_entropy_with_logits', 'mse_loss'],
  optimizers: [{ name: 'sgd', lr: [0.1, 1e9] }], steps: 20, seeds: [0],
};
writeFileSync(join(dir, 'ok.losslab.json'), JSON.stringify(spec));

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('--json prints one object with the contract fields; the CSV path is relative to the spec', async () => {
  let stdout = '';
  const code = await cmdSweep([join(dir, 'ok.losslab.json'), '--workers', '2', '--json'], (s) => (stdout += s), () => undefined);
  assert.equal(code, 0);
  const out = JSON.parse(stdout) as { runs: { config: Record<string, unknown>; loss: (number | null)[]; val_loss?: [number, number | null][]; final: Record<string, unknown>; status: string; error?: string; ms: number }[]; elapsed_ms: number };
  assert.equal(stdout.trim().split('\n').length, 1, 'one line of JSON');
  assert.equal(out.runs.length, 4);
  assert.ok(out.elapsed_ms >= 0);
  assert.deepEqual(out.runs[0]!.config, { loss: 'binary_cross_entropy_with_logits', optimizer: 'sgd', lr: 0.1, seed: 0, dtype: 'float32' });
  for (const r of out.runs) {
    assert.deepEqual(Object.keys(r.final).sort(), ['metric', 'train_loss', 'val_loss']);
    assert.ok(r.status === 'ok' || (r.status === 'failed' && typeof r.error === 'string'));
    assert.equal(typeof r.ms, 'number');
  }
  assert.equal(out.runs[0]!.status, 'ok');
  assert.equal(out.runs[0]!.loss.length, 20);
  assert.deepEqual(Object.keys(out.runs[0]!.final.metric as object).sort(), ['accuracy', 'auc', 'f1', 'log_loss']);
  // Validation curve: [step, value] pairs, every step here (20 steps ≤ 500, default val_fraction 0.2).
  const val = out.runs[0]!.val_loss!;
  assert.deepEqual(val.map(([s]) => s), Array.from({ length: 20 }, (_, i) => i));
  assert.ok(val.every(([, v]) => typeof v === 'number' && v > 0));
  assert.notEqual(val[0]![1], val[19]![1]);
});

test('--json: val_every thins the validation curve; without a validation split there is none', async () => {
  const runJson = async (over: Record<string, unknown>): Promise<{ runs: { loss: unknown[]; val_loss?: [number, number | null][] }[] }> => {
    const file = join(dir, `val-${Object.keys(over).join('-')}.losslab.json`);
    writeFileSync(file, JSON.stringify({ ...spec, losses: ['mse_loss'], optimizers: [{ name: 'sgd', lr: 0.1 }], ...over }));
    let stdout = '';
    assert.equal(await cmdSweep([file, '--workers', '1', '--json'], (s) => (stdout += s), () => undefined), 0);
    return JSON.parse(stdout) as { runs: { loss: unknown[]; val_loss?: [number, number | null][] }[] };
  };
  const thin = await runJson({ val_every: 8 });
  assert.deepEqual(thin.runs[0]!.val_loss!.map(([s]) => s), [0, 8, 16]);
  const none = await runJson({ val_fraction: 0 });
  assert.equal(none.runs[0]!.loss.length, 20);
  assert.ok(!('val_loss' in none.runs[0]!));
});

test('without --json: a table on stdout (best run starred, pitfall flagged) and progress on stderr', async () => {
  let stdout = '';
  let stderr = '';
  await cmdSweep([join(dir, 'ok.losslab.json'), '--workers', '1'], (s) => (stdout += s), (s) => (stderr += s));
  assert.match(stdout, /^\s+loss\s+optimizer\s+lr\s+seed\s+train loss\s+val loss\s+accuracy/);
  assert.match(stdout, /^\*/m);
  assert.match(stdout, /! mse_loss: .*\(mse-for-classification\)/);
  assert.match(stderr, /\[#{30}\] 4\/4 runs/);
});

test('usage and spec problems are SweepArgsError naming the file and the path', async () => {
  await assert.rejects(cmdSweep([]), SweepArgsError);
  await assert.rejects(cmdSweep(['a.json', '--workers', '0']), /--workers needs an integer/);
  writeFileSync(join(dir, 'bad.losslab.json'), JSON.stringify({ ...spec, optimizers: [{ name: 'adam', lr: 'fast' }] }));
  await assert.rejects(cmdSweep([join(dir, 'bad.losslab.json')]), /bad\.losslab\.json: optimizers\[0\]\.lr: expected a number/);
  writeFileSync(join(dir, 'three.losslab.json'), JSON.stringify({ ...spec, steps: 0, losses: ['mse_loss', 'no_such_loss'], optimizers: [{ name: 'adam', lr: 'fast' }] }));
  await assert.rejects(cmdSweep([join(dir, 'three.losslab.json')]), (e: Error) => {
    const lines = e.message.split('\n');
    assert.equal(lines.length, 3, e.message);
    assert.ok(lines.every((l) => l.startsWith(join(dir, 'three.losslab.json') + ': ')), 'each problem names the file');
    assert.deepEqual(lines.map((l) => l.split(': ')[1]), ['losses[1]', 'optimizers[0].lr', 'steps']);
    return true;
  });
  writeFileSync(join(dir, 'nocsv.losslab.json'), JSON.stringify({ ...spec, dataset: { ...spec.dataset, csv: 'missing.csv' } }));
  await assert.rejects(cmdSweep([join(dir, 'nocsv.losslab.json')]), /dataset\.csv: cannot read .*missing\.csv: ENOENT/);
  writeFileSync(join(dir, 'data', 'broken.csv'), 'x1,x2,label\n1,,yes\n2,3,no\n');
  writeFileSync(join(dir, 'broken.losslab.json'), JSON.stringify({ ...spec, dataset: { ...spec.dataset, csv: 'data/broken.csv' } }));
  await assert.rejects(cmdSweep([join(dir, 'broken.losslab.json')]), /broken\.csv: line 2, column "x2": missing value/);
});
