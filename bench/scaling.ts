/** Where 2-worker sweep throughput goes: the sweep bench's 24 runs on 1 and 2 threads, reporting
 *  wall time and the summed per-run time (equal sums = no slowdown from running two at once):
 *  through a new WorkerPool as the CLI runs them; as a second sweep on the same pool (warm, as the
 *  extension's long-lived pool runs every sweep after its first); as plain worker_threads that each
 *  run their share with executeRun (no pool, no streaming); a control doing only the float32
 *  network's forward and backward passes for the same number of steps; and a control of plain
 *  arithmetic (Math.log over a small array), which shows what the machine's two cores give.
 *  Run: npx tsx bench/scaling.ts [--reps 3]   (writes bench/results/scaling-<time>.json) */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadSweep } from '../src/cli/sweep';
import { WorkerPool } from '../src/worker/pool';
import { median, numberFlag } from './args';
import { benchSpec, bundleWorker, writeBenchSpec } from './sweepSpec';

const ROOT = join(__dirname, '..');
const REPS = numberFlag('--reps', 3);

interface Sample {
  wallMs: number;
  sumMs: number;
}

async function viaPool(script: string, specFile: string, size: number, sweeps: 1 | 2): Promise<Sample> {
  const pool = new WorkerPool({ script, size, throttleMs: 200 });
  let sample: Sample = { wallMs: 0, sumMs: 0 };
  for (let k = 0; k < sweeps; k++) {
    const started = performance.now();
    const outcomes = await pool.run((await loadSweep(specFile)).jobs).done;
    sample = { wallMs: performance.now() - started, sumMs: outcomes.reduce((s, o) => s + o.ms, 0) };
  }
  await pool.dispose();
  return sample;
}

async function viaThreads(script: string, specFile: string, threads: number, mode: 'runs' | 'network' | 'arithmetic'): Promise<Sample> {
  const started = performance.now();
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, index) => new Promise<number[]>((resolve, reject) => {
      const w = new Worker(script, { workerData: { specFile, index, threads, mode } });
      w.once('message', resolve);
      w.once('error', reject);
    })),
  );
  return { wallMs: performance.now() - started, sumMs: parts.flat().reduce((s, x) => s + x, 0) };
}

async function main(): Promise<void> {
  const { dir, specFile } = writeBenchSpec(benchSpec(null, 'float32'));
  const poolWorker = await bundleWorker('src/worker/main.ts', join(dir, 'worker.js'));
  const threadWorker = await bundleWorker('bench/scaling-worker.ts', join(dir, 'scaling-worker.js'));
  const ways: Record<string, (threads: number) => Promise<Sample>> = {
    'WorkerPool, new (the CLI)': (n) => viaPool(poolWorker, specFile, n, 1),
    'WorkerPool, warm (2nd sweep)': (n) => viaPool(poolWorker, specFile, n, 2),
    'plain threads, executeRun': (n) => viaThreads(threadWorker, specFile, n, 'runs'),
    'control: network passes only': (n) => viaThreads(threadWorker, specFile, n, 'network'),
    'control: arithmetic only': (n) => viaThreads(threadWorker, specFile, n, 'arithmetic'),
  };
  const results: Record<string, Record<number, Sample[]>> = {};
  for (let rep = 0; rep < REPS; rep++) {
    for (const [name, run] of Object.entries(ways)) {
      for (const threads of [1, 2]) ((results[name] ??= {})[threads] ??= []).push(await run(threads));
    }
  }
  const lines = [`scaling bench: 24 runs × 300 steps (the sweep bench's spec, float32), median of ${REPS}; ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`, ''];
  lines.push(`${'way'.padEnd(31)} ${'1 thread s'.padStart(10)} ${'2 threads s'.padStart(11)} ${'speed-up'.padStart(8)} ${'Σ per-run, 2 vs 1'.padStart(18)}`);
  for (const [name, byThreads] of Object.entries(results)) {
    const wall1 = median(byThreads[1]!.map((s) => s.wallMs));
    const wall2 = median(byThreads[2]!.map((s) => s.wallMs));
    const sum1 = median(byThreads[1]!.map((s) => s.sumMs));
    const sum2 = median(byThreads[2]!.map((s) => s.sumMs));
    lines.push(`${name.padEnd(31)} ${(wall1 / 1000).toFixed(2).padStart(10)} ${(wall2 / 1000).toFixed(2).padStart(11)} ${(wall1 / wall2).toFixed(2).padStart(8)} ${(sum2 / sum1).toFixed(2).padStart(18)}`);
  }
  const report = lines.join('\n');
  console.log(report);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results', `scaling-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ reps: REPS, results, report }, null, 1));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
