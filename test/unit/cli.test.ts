/** The `losslab` command as a user runs it: a real process, its stdout, stderr and exit code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCase, type CaseJson, type CaseResult } from '../../src/engine/cases';
import { LOSSES } from '../../src/engine/catalog';

const REPO = join(__dirname, '..', '..');
const ORACLE = join(REPO, 'test', 'fixtures', 'oracle', 'torch-public.json');
const dir = mkdtempSync(join(tmpdir(), 'losslab-cli-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function losslab(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), ...args], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('losslab eval on the PyTorch reference file matches every case: values, gradients and rejections', () => {
  const { code, stdout } = losslab('eval', ORACLE);
  assert.equal(code, 0);
  const cases = JSON.parse(readFileSync(ORACLE, 'utf8')) as CaseJson[];
  const results = JSON.parse(stdout) as CaseResult[];
  assert.equal(results.length, cases.length);
  const problems = cases.flatMap((c, i) => {
    assert.equal(results[i]!.id, c.id, 'results keep the order of the cases');
    return compareCase(c.expected, results[i]!).map((p) => `${c.id}: ${p}`);
  });
  assert.deepEqual(problems, []);
  const rejected = results.filter((r) => r.error);
  assert.ok(rejected.length >= 20, 'the reference file has a rejection per loss');
  for (const r of rejected) assert.match(r.error!, /^[a-z_0-9]+: /, 'a rejection names the loss');
});

test('a file that is not JSON, not an array or not there: a clear message and a non-zero exit', () => {
  const notJson = losslab('eval', file('bad.json', '[{"id": 1,'));
  assert.notEqual(notJson.code, 0);
  assert.match(notJson.stderr, /bad\.json is not valid JSON/);
  assert.equal(notJson.stdout, '');
  const notArray = losslab('eval', file('obj.json', '{"id": "x"}'));
  assert.notEqual(notArray.code, 0);
  assert.match(notArray.stderr, /expected a JSON array of cases/);
  const missing = losslab('eval', join(dir, 'nowhere.json'));
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /cannot read .*nowhere\.json/);
  const noFile = losslab('eval');
  assert.notEqual(noFile.code, 0);
  assert.match(noFile.stderr, /eval needs a FILE/);
});

test('one bad case gets its own error; the good cases around it are still evaluated', () => {
  const cases = [
    { id: 'ok', loss: 'mse_loss', args: { input: { shape: [2], dtype: 'float64', data: [1, 2] }, target: { shape: [2], dtype: 'float64', data: [0, 0] } } },
    { id: 'unknown', loss: 'mse_los', args: {} },
    { id: 'malformed', loss: 'mse_loss', args: { input: { shape: [3], data: [1, 2] }, target: { shape: [2], data: [0, 0] } } },
    { id: 'not-a-number', loss: 'l1_loss', args: { input: { shape: [1], data: ['one'] }, target: { shape: [1], data: [0] } } },
  ];
  const { code, stdout } = losslab('eval', file('mixed.json', JSON.stringify(cases)));
  assert.equal(code, 0);
  const [ok, unknown, malformed, nan] = JSON.parse(stdout) as CaseResult[];
  assert.deepEqual(ok!.value, { shape: [], data: [2.5] });
  assert.deepEqual(ok!.grad!.input!.data, [1, 2]);
  assert.match(unknown!.error!, /unknown loss "mse_los"/);
  assert.match(malformed!.error!, /input: shape \[3\] needs 3 values, data has 2/);
  assert.match(nan!.error!, /input: data\[0\] is not a number/);
});

test('losslab list --json prints the whole catalog; list prints one line per loss; unknown commands fail', () => {
  const json = losslab('list', '--json');
  assert.equal(json.code, 0);
  const catalog = JSON.parse(json.stdout) as { id: string; spellings: unknown[] }[];
  assert.deepEqual(catalog.map((l) => l.id), LOSSES.map((l) => l.id));
  assert.ok(catalog.length >= 120, `${catalog.length} catalog entries`);
  assert.ok(catalog.every((l) => l.spellings.length > 0));
  const plain = losslab('list');
  assert.equal(plain.stdout.trim().split('\n').length, LOSSES.length);
  const bad = losslab('frobnicate');
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /unknown command "frobnicate"/);
});

test('losslab landscape trains the spec and prints a grid, the path and sharpness; bad arguments are refused clearly', () => {
  const spec = file('landscape.losslab.json', JSON.stringify({
    task: 'binary', dataset: { name: 'moons', n: 200, noise: 0.2, seed: 0 }, model: { hidden: [4], activation: 'tanh' },
    losses: ['binary_cross_entropy_with_logits'], optimizers: [{ name: 'adam', lr: [0.03] }], steps: 40, seeds: [0],
  }));
  const { code, stdout, stderr } = losslab('landscape', spec, '--grid', '7', '--workers', '1', '--json');
  assert.equal(code, 0, stderr);
  const r = JSON.parse(stdout) as { x: number[]; y: number[]; z: number[][]; directions: string; trajectory: { explained: number[] } | null; sharpness: { top_eigenvalue: number; trace: number } | null };
  assert.equal(r.x.length, 7);
  assert.equal(r.y.length, 7);
  assert.equal(r.z.length, 7);
  assert.ok(r.z.every((row) => row.length === 7 && row.every(Number.isFinite)), 'a finite 7×7 grid');
  assert.equal(r.directions, 'pca');
  assert.ok(r.trajectory && r.trajectory.explained.length >= 2, 'the optimiser path projected on its PCA plane');
  assert.ok(r.sharpness && Number.isFinite(r.sharpness.top_eigenvalue) && Number.isFinite(r.sharpness.trace), 'sharpness estimates');
  // The grid's axes run from −span to span around the trained parameters, with the centre at 0.
  assert.equal(r.x[3], 0);
  assert.equal(r.y[3], 0);

  const text = losslab('landscape', spec, '--grid', '5', '--workers', '1');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /5×5 grid/);
  assert.match(text.stdout, /top Hessian eigenvalue/);

  const bad = losslab('landscape', spec, '--grid', '2');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--grid needs an integer from 3 to 401, got 2/);
  const missing = losslab('landscape', join(dir, 'nowhere.json'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*nowhere\.json/);
});

test('losslab eval refuses a broadcast too large to compute, naming the limit, and goes on with the next case', () => {
  const big = (shape: number[]) => ({ shape, data: Array.from({ length: shape[0]! * shape[1]! }, (_, i) => i % 7) });
  const cases = file('broadcast.json', JSON.stringify([
    { id: 'huge', loss: 'mse_loss', args: { input: big([20000, 1]), target: big([1, 20000]) } },
    { id: 'fine', loss: 'mse_loss', args: { input: { shape: [2], data: [1, 2] }, target: { shape: [2], data: [0, 0] } } },
  ]));
  const { code, stdout } = losslab('eval', cases);
  assert.equal(code, 0);
  const [huge, fine] = JSON.parse(stdout) as CaseResult[];
  assert.match(huge!.error ?? '', /broadcasting \[20000, 1\] with \[1, 20000\] gives \[20000, 20000\], 400,000,000 elements: more than Loss Lab computes \(33,554,432\)/);
  assert.deepEqual(fine!.value?.data, [2.5]);
});
