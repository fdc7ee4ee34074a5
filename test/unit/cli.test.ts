/** The `losslab` command as a user runs it: a real process, its stdout, stderr and exit code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOSSES } from '../../src/engine/catalog';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCase, type CaseJson, type CaseResult } from '../../src/engine/cases';

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
  assert.equal(catalog.length, LOSSES.length);
  assert.ok(catalog.length >= 45);
  assert.ok(catalog.every((l) => l.spellings.length > 0));
  const plain = losslab('list');
  assert.equal(plain.stdout.trim().split('\n').length, LOSSES.length);
  const bad = losslab('frobnicate');
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /unknown command "frobnicate"/);
});
