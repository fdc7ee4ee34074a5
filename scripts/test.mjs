// `npm test`: build, typecheck, unit tests (node --test), integration tests (inside VS Code's
// extension host, code-server), end-to-end tests (Chromium driving the workbench). Prints ONE final
// line `N passed, M failed` over everything; exits non-zero if anything failed. Build and typecheck
// count as one check each; a phase that crashes or reports no result counts as a failure, never 0.
// Usage: node scripts/test.mjs [--only unit|python|integration|e2e]
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { REPO, ensureSystemPackages } from './vscode.mjs';

const RESULTS = join(REPO, 'test-results');
const PHASES = ['unit', 'python', 'integration', 'e2e'];
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
if (only !== undefined && !PHASES.includes(only)) {
  console.error(`--only takes one of: ${PHASES.join(', ')}`);
  process.exit(2);
}
const wanted = (phase) => only === undefined || only === phase;

mkdirSync(RESULTS, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];

/** Runs a command with no stdin, echoing its output and saving it to test-results/<log>. */
function run(cmd, args, log) {
  return new Promise((resolve) => {
    const file = createWriteStream(join(RESULTS, log));
    const chunks = [];
    const child = spawn(cmd, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    const onData = (stream) => (d) => {
      chunks.push(d);
      file.write(d);
      stream.write(d);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('error', (e) => {
      chunks.push(Buffer.from(String(e)));
    });
    child.on('close', (code, signal) => {
      file.end();
      resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString() });
    });
  });
}

/** A skipped test is neither passed nor failed; it is counted and shown so that none hides. */
function record(phase, passed, failed, seconds, note = '', skipped = 0) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  const skips = skipped ? ` ${String(skipped).padStart(4)} skipped` : '';
  summary.push(`${phase.padEnd(12)} ${String(passed).padStart(4)} passed ${String(failed).padStart(4)} failed${skips}  ${seconds.toFixed(1).padStart(6)} s${note ? '  ' + note : ''}`);
}

async function timed(fn) {
  const started = Date.now();
  const result = await fn();
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

/** A phase whose exit code and counts disagree, or that reported nothing, crashed: one failure more. */
function crashed(code, failed) {
  return code !== 0 && failed === 0;
}

function lastNumber(text, re) {
  const all = [...text.matchAll(re)];
  return all.length > 0 ? Number(all[all.length - 1][1]) : undefined;
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(dir, f))
    .sort();
}

async function buildPhase() {
  const r = await timed(() => run(process.execPath, ['scripts/build.mjs'], 'build.log'));
  record('build', r.code === 0 ? 1 : 0, r.code === 0 ? 0 : 1, r.seconds);
  return r.code === 0;
}

async function typecheckPhase() {
  const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = await timed(() => run(process.execPath, [tsc, '--noEmit', '-p', '.'], 'typecheck.log'));
  const errors = lastNumber(r.output, /Found (\d+) errors?/g) ?? (r.code === 0 ? 0 : 1);
  record('typecheck', r.code === 0 ? 1 : 0, r.code === 0 ? 0 : 1, r.seconds, r.code === 0 ? '' : `(${errors} type errors)`);
}

async function unitPhase() {
  const files = testFiles(join('test', 'unit'));
  if (files.length === 0) {
    record('unit', 0, 1, 0, '(no test files found)');
    return;
  }
  const tap = join(RESULTS, 'unit.tap');
  const r = await timed(() => run(process.execPath, [
    '--import', 'tsx', '--test',
    // node's default is one file at a time on 2 cores (cores - 1): the second core then sits idle.
    `--test-concurrency=${Math.max(2, availableParallelism())}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ], 'unit.log'));
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const pass = lastNumber(text, /^# pass (\d+)$/gm);
  // A cancelled test (its file crashed or timed out) failed.
  const failed = lastNumber(text, /^# fail (\d+)$/gm);
  const fail = failed === undefined ? undefined : failed + (lastNumber(text, /^# cancelled (\d+)$/gm) ?? 0);
  const skipped = (lastNumber(text, /^# skipped (\d+)$/gm) ?? 0) + (lastNumber(text, /^# todo (\d+)$/gm) ?? 0);
  if (pass === undefined || fail === undefined) {
    record('unit', pass ?? 0, Math.max(1, fail ?? 0), r.seconds, '(crashed: no TAP summary)', skipped);
  } else {
    record('unit', pass, fail + (crashed(r.code, fail) ? 1 : 0), r.seconds, crashed(r.code, fail) ? `(exit ${r.code})` : '', skipped);
  }
}

/** The Python helper's tests (python/losslab.py, python/losslab_torch.py), stdlib unittest. Debian's
 *  /usr/bin/python3 on purpose, not the first python3 on PATH: it is the one with python3-torch,
 *  -ipykernel and -nbclient, and the torch tests fail (never skip) without them. PYTHON overrides it. */
const TEST_PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

async function pythonPhase() {
  const r = await timed(() => run(TEST_PYTHON, ['-m', 'unittest', 'discover', '-s', join('test', 'python'), '-v'], 'python.log'));
  const ran = lastNumber(r.output, /^Ran (\d+) tests?/gm);
  if (ran === undefined) {
    record('python', 0, 1, r.seconds, `(crashed: exit ${r.code}, no unittest summary; see test-results/python.log)`);
    return;
  }
  const count = (word) => lastNumber(r.output, new RegExp(`^(?:OK|FAILED) \\(.*\\b${word}=(\\d+)`, 'gm')) ?? 0;
  const failed = count('failures') + count('errors');
  const skipped = count('skipped');
  record('python', ran - failed - skipped, failed + (crashed(r.code, failed) ? 1 : 0), r.seconds, '', skipped);
}

/** mocha's spec reporter: "N passing", "M failing". */
function mochaCounts(phase, r) {
  const pass = lastNumber(r.output, /^\s*(\d+) passing\b/gm);
  const fail = lastNumber(r.output, /^\s*(\d+) failing\b/gm) ?? 0;
  const pending = lastNumber(r.output, /^\s*(\d+) pending\b/gm) ?? 0;
  if (pass === undefined && fail === 0) {
    record(phase, 0, 1, r.seconds, `(crashed: exit ${r.code}, no mocha summary; see test-results/${phase}.log)`, pending);
  } else {
    record(phase, pass ?? 0, fail + (crashed(r.code, fail) ? 1 : 0), r.seconds, crashed(r.code, fail) ? `(exit ${r.code})` : '', pending);
  }
}

async function integrationPhase() {
  const r = await timed(() => run(process.execPath, ['scripts/run-integration.mjs'], 'integration.log'));
  mochaCounts('integration', r);
  const activation = lastNumber(r.output, /losslab activationMs=([\d.]+)/g);
  const load = lastNumber(r.output, /losslab activationMs=[\d.]+ loadMs=([\d.]+)/g);
  if (activation !== undefined) summary.push(`             inside VS Code: activate() ${activation} ms, bundle evaluation ${load ?? '?'} ms`);
}

async function e2ePhase() {
  const files = testFiles(join('test', 'e2e'));
  if (files.length === 0) {
    record('e2e', 0, 1, 0, '(no test files found)');
    return;
  }
  const mocha = join(REPO, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const r = await timed(() => run(process.execPath, [
    '--import', 'tsx', mocha, '--ui', 'tdd', '--timeout', '300000', '--reporter', 'spec', '--no-color',
    '--require', join('test', 'e2e', 'workbench.ts'), ...files,
  ], 'e2e.log'));
  mochaCounts('e2e', r);
}

const started = Date.now();
// Debian packages the phases need (the frameworks the Python tests run, Chromium, code-server's build).
ensureSystemPackages();
let built = true;
if (only !== 'unit' && only !== 'python') built = await buildPhase();
if (only === undefined) await typecheckPhase();
if (wanted('unit')) await unitPhase();
if (wanted('python')) await pythonPhase();
for (const [phase, fn] of [['integration', integrationPhase], ['e2e', e2ePhase]]) {
  if (!wanted(phase)) continue;
  if (built) await fn();
  else record(phase, 0, 1, 0, '(not run: the build failed)');
}

console.log(`\n${summary.join('\n')}\ntotal time ${((Date.now() - started) / 1000).toFixed(1)} s; logs and screenshots in test-results/`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
