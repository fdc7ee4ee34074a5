/** `losslab sweep SPEC.json [--workers N] [--json]`: runs the spec's grid on worker threads.
 *  --json: one JSON object on stdout {"runs": [...], "elapsed_ms"}; otherwise a table on stdout
 *  and a progress bar on stderr. Relative CSV paths resolve against the spec file's folder.
 *  Ctrl-C cancels the sweep and prints what finished. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CsvError } from '../engine/data/csv';
import type { Dataset } from '../engine/data/dataset';
import { SpecError, specProblemLines, type SweepSpec } from '../engine/train/spec';
import { INPUT_LIMITS, loadSpecInput, parseSpecText, type SpecFileAccess } from '../engine/train/specInput';
import { readTextBounded } from '../logio/readBounded';
import { bestRun, sweepReport } from '../engine/train/report';
import { sweepJobs, type RunJob, type RunOutcome } from '../engine/train/sweep';
import { MAX_POOL_SIZE, WorkerPool, defaultPoolSize, type PoolOptions } from '../worker/pool';

export const SWEEP_USAGE = '  sweep SPEC [--workers N] [--json]\n                     train the spec\'s grid (losses × optimisers × lrs × seeds) on worker threads';

export class SweepArgsError extends Error {}

interface Args {
  file: string;
  workers: number;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { file: '', workers: defaultPoolSize(), json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') args.json = true;
    else if (a === '--workers') {
      const v = argv[++i];
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > MAX_POOL_SIZE) throw new SweepArgsError(`--workers needs an integer from 1 to ${MAX_POOL_SIZE}, got ${v ?? 'nothing'}`);
      args.workers = n;
    } else if (a.startsWith('--')) throw new SweepArgsError(`unknown option ${a}`);
    else if (!args.file) args.file = a;
    else throw new SweepArgsError(`unexpected argument ${a}`);
  }
  if (!args.file) throw new SweepArgsError('sweep needs a SPEC file (a *.losslab.json)');
  return args;
}

/** out/worker.js next to the bundled CLI, or the TypeScript entry when running from sources. */
export function workerPoolOptions(): Pick<PoolOptions, 'script' | 'tsLoader'> {
  const bundled = join(__dirname, 'worker.js');
  if (existsSync(bundled)) return { script: bundled };
  const source = join(__dirname, '..', 'worker', 'main.ts');
  if (existsSync(source)) return { script: source, tsLoader: createRequire(__filename).resolve('tsx/cjs/api') };
  throw new SweepArgsError('worker.js is missing next to the CLI: run `npm run build`');
}

/** Node's file access for loadSpecInput: a CSV named absolute or relative to the spec's folder. The
 *  CLI reads the user's own files, so its messages may quote them. */
export function nodeSpecFiles(specFile: string): SpecFileAccess<string> {
  return {
    locate: (csv) => (isAbsolute(csv) ? csv : resolve(dirname(specFile), csv)),
    read: readTextBounded,
    describe: (path) => path,
    mayQuote: () => true,
  };
}

/** Reads and checks the spec (`json` as written, `spec` checked) and its data set (a CSV's absolute
 *  path in `csvPath`); every problem is a SweepArgsError naming the file. */
export async function loadSpecData(file: string): Promise<{ json: unknown; spec: SweepSpec; data: Dataset; csvPath?: string; csvText?: string }> {
  let json: unknown;
  try {
    json = parseSpecText(await readTextBounded(file, INPUT_LIMITS.specBytes));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new SweepArgsError(e instanceof SpecError ? `${file} is ${e.problem}` : `cannot read ${file}: ${err.code ?? err.message}`);
  }
  try {
    const { spec, data, csv } = await loadSpecInput(json, nodeSpecFiles(file));
    return { json, spec, data, ...(csv ? { csvPath: csv.ref, csvText: csv.text } : {}) };
  } catch (e) {
    if (e instanceof SpecError) throw new SweepArgsError(specProblemLines(file, e));
    if (e instanceof CsvError) throw new SweepArgsError(e.message);
    throw e;
  }
}

/** The spec and its runs, checked (see loadSpecData). */
export async function loadSweep(file: string): Promise<{ spec: SweepSpec; jobs: RunJob[] }> {
  const { spec, data } = await loadSpecData(file);
  try {
    return { spec, jobs: sweepJobs(spec, data) };
  } catch (e) {
    if (e instanceof SpecError) throw new SweepArgsError(specProblemLines(file, e));
    throw e;
  }
}

function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '-';
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(digits);
}

export function table(spec: SweepSpec, jobs: readonly RunJob[], outcomes: readonly RunOutcome[]): string {
  const metricName = spec.task === 'regression' ? 'r2' : 'accuracy';
  const best = bestRun(spec.task, outcomes);
  const header = ['', 'loss', 'optimizer', 'lr', 'seed', 'train loss', 'val loss', metricName, 'ms', 'status'];
  const rows = jobs.map((j, i) => {
    const o = outcomes[i]!;
    const m = o.final?.metric as Record<string, number> | undefined;
    return [
      i === best ? '*' : o.flag ? '!' : '',
      j.config.loss, j.config.optimizer, String(j.config.lr), String(j.config.seed),
      fmt(o.final?.train_loss), fmt(o.final?.val_loss), fmt(m?.[metricName], 3), o.ms.toFixed(0),
      o.status === 'failed' ? `failed: ${o.error ?? ''}` : o.status,
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string => r.map((cell, c) => (c >= 3 && c <= 8 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  const notes = new Map<string, string>();
  jobs.forEach((j, i) => {
    const f = outcomes[i]!.flag;
    if (f) notes.set(j.config.loss, `! ${j.config.loss}: ${f.title} (${f.id})`);
  });
  return [line(header), ...rows.map(line), '', best >= 0 ? `* best run (${spec.task === 'regression' ? 'lowest MSE' : 'highest accuracy, then lowest log loss'} on the ${spec.val_fraction > 0 ? 'validation' : 'training'} set)` : 'no run finished', ...notes.values()].join('\n') + '\n';
}

function progressBar(done: number, total: number, failed: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} runs${failed ? `, ${failed} failed` : ''}`;
}

/** Resolves with the exit code (0: the sweep completed, whatever its runs did; 130: interrupted). */
export async function cmdSweep(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  const args = parseArgs(argv);
  const { spec, jobs } = await loadSweep(args.file);
  const started = performance.now();
  const pool = new WorkerPool({ ...workerPoolOptions(), size: Math.min(args.workers, Math.max(1, jobs.length)), throttleMs: 200 });
  const tty = process.stderr.isTTY === true;
  let done = 0;
  let failedRuns = 0;
  let lastTenth = -1;
  const showProgress = (): void => {
    if (args.json) return;
    const tenth = Math.floor((10 * done) / jobs.length);
    if (tty) err(`\r${progressBar(done, jobs.length, failedRuns)}${done === jobs.length ? '\n' : ''}`);
    else if (tenth !== lastTenth) {
      lastTenth = tenth;
      err(`${progressBar(done, jobs.length, failedRuns)}\n`);
    }
  };
  showProgress();
  const handle = pool.run(jobs, {
    onDone: (_i, o) => {
      done++;
      if (o.status !== 'ok') failedRuns++;
      showProgress();
    },
  });
  let interrupted = false;
  const onSigint = (): void => {
    interrupted = true;
    handle.cancel();
  };
  process.once('SIGINT', onSigint);
  let outcomes: RunOutcome[];
  try {
    outcomes = await handle.done;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await pool.dispose();
  }
  const elapsed = performance.now() - started;
  if (args.json) {
    out(JSON.stringify(sweepReport(jobs, outcomes, elapsed)) + '\n');
  } else {
    out(table(spec, jobs, outcomes));
    err(`${jobs.length} runs on ${pool.size} worker${pool.size === 1 ? '' : 's'} in ${(elapsed / 1000).toFixed(2)} s\n`);
  }
  return interrupted ? 130 : 0;
}
