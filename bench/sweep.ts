/** Sweep benchmark: the issue's spec (4 losses × Adam at 3 lrs × 2 seeds, 2-16-16-1 tanh MLP,
 *  300 full-batch steps) on a 1000-point moons CSV that every side reads, with no held-out rows so
 *  all sides train on the same data. Ours on 1 and 2 worker threads (the CLI's path: spec + CSV
 *  loaded by loadSweep, runs on a new WorkerPool with the bundled worker; then, as "warm", a second
 *  sweep on that pool, as the extension's long-lived pool runs it), PyTorch CPU eager on one
 *  thread (Debian python3-torch, installed with apt-get if missing) and TensorFlow.js with
 *  tfjs-backend-cpu and tfjs-backend-wasm (devDependencies). Prints times, ratios and final losses side by side.
 *  `--batch 32` runs the same grid with mini-batches of 32 (reshuffled each epoch) instead.
 *  Our network is float32 like every peer's (the spec's default); `--dtype float64` runs ours in float64.
 *  `--no-tfjs` leaves the TensorFlow.js sides out (minutes per rep on a loaded machine).
 *  Run: npx tsx bench/sweep.ts [--reps 5] [--batch N] [--dtype float64] [--no-tfjs]   (writes bench/results/sweep-<time>.json) */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { loadSweep } from '../src/cli/sweep';
import { WorkerPool } from '../src/worker/pool';
import { flagValue, hasFlag, median, numberFlag } from './args';
import { PYTHON, ensureTorch } from './peers';
import { benchSpec, bundleWorker, writeBenchSpec } from './sweepSpec';

const ROOT = join(__dirname, '..');
const reps = numberFlag('--reps', 5);
const batchFlag = flagValue('--batch');
const batch = batchFlag === undefined ? null : Number(batchFlag);
const dtype = flagValue('--dtype') ?? 'float32';

const SPEC = benchSpec(batch, dtype);

const poolName = (workers: number): string => `losslab, ${workers} worker${workers > 1 ? 's' : ''}`;

interface SideResult {
  elapsedMs: number[];
  /** CPU time of the whole sweep (every thread of the process), where the side reports it: on a
   *  loaded machine wall times include waiting for a core, CPU times much less. */
  cpuMs?: number[];
  final: number[];
  note?: string;
}


/** What CommonJS parts of the tfjs bundle expect in an ES module (the wasm backend's loader reads
 *  its .wasm files relative to __dirname before setWasmPaths takes over). */
const ESM_NODE_GLOBALS = [
  "import { createRequire } from 'node:module'; import { fileURLToPath } from 'node:url'; import { dirname } from 'node:path';",
  'const require = createRequire(import.meta.url); const __filename = fileURLToPath(import.meta.url); const __dirname = dirname(__filename);',
].join('\n');

function ensureTfjs(): boolean {
  const packages = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm'];
  const probe = (): boolean => packages.every((p) => existsSync(join(ROOT, 'node_modules', p)));
  if (probe()) return true;
  spawnSync('flock', ['/tmp/npm.lock', 'npm', 'install', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  return probe();
}

async function main(): Promise<void> {
  const { dir, specFile, csvFile } = writeBenchSpec(SPEC);
  const worker = await bundleWorker('src/worker/main.ts', join(dir, 'worker.js'));

  // Cold: a new pool, as the CLI runs a sweep. Warm: a second sweep on the same pool, as the
  // extension's pool (kept between sweeps) runs every sweep after its first; its workers are
  // started and their code already compiled by V8.
  // The two pool sizes take turns, rep by rep and in alternating order, so that a machine whose
  // speed drifts during the bench (other tenants, frequency) biases neither side of the ratio.
  const sides: Record<string, SideResult> = {};
  const side = (name: string): SideResult => (sides[name] ??= { elapsedMs: [], cpuMs: [], final: [] });
  for (const workers of [1, 2]) for (const suffix of ['', ', warm']) side(`${poolName(workers)}${suffix}`);
  for (let rep = 0; rep < reps; rep++) {
    for (const workers of rep % 2 === 0 ? [1, 2] : [2, 1]) {
      let started = performance.now();
      let startedCpu = process.cpuUsage();
      const pool = new WorkerPool({ script: worker, size: workers, throttleMs: 200 });
      for (const timed of [side(poolName(workers)), side(`${poolName(workers)}, warm`)]) {
        const outcomes = await pool.run((await loadSweep(specFile)).jobs).done;
        timed.elapsedMs.push(performance.now() - started);
        const cpu = process.cpuUsage(startedCpu);
        timed.cpuMs!.push((cpu.user + cpu.system) / 1000);
        const bad = outcomes.find((o) => o.status !== 'ok');
        if (bad) throw new Error(`our run failed: ${bad.error}`);
        timed.final = outcomes.map((o) => o.final!.train_loss);
        started = performance.now();
        startedCpu = process.cpuUsage();
      }
      await pool.dispose();
    }
  }

  const external = (name: string, cmd: string, args: string[]): void => {
    const r: SideResult = { elapsedMs: [], cpuMs: [], final: [] };
    for (let rep = 0; rep < reps; rep++) {
      const stdout = execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 }).trim();
      // The JSON is the last line (tfjs prints a banner on stdout first).
      const out = JSON.parse(stdout.slice(stdout.lastIndexOf('\n') + 1)) as { runs: { final_train_loss: number }[]; elapsed_ms: number; cpu_ms?: number };
      r.elapsedMs.push(out.elapsed_ms);
      if (out.cpu_ms === undefined) delete r.cpuMs;
      else r.cpuMs?.push(out.cpu_ms);
      r.final = out.runs.map((x) => x.final_train_loss);
    }
    sides[name] = r;
  };
  const torchProblem = ensureTorch();
  if (torchProblem) process.stderr.write(`skipping PyTorch: ${torchProblem}\n`);
  else external('pytorch eager, 1 thread', PYTHON, [join(ROOT, 'bench/sweep_torch.py'), specFile, csvFile]);
  if (hasFlag('--no-tfjs')) process.stderr.write('leaving TensorFlow.js out (--no-tfjs)\n');
  else if (ensureTfjs()) {
    const tfjsBundle = join(dir, 'sweep_tfjs.mjs');
    await esbuild.build({ entryPoints: [join(ROOT, 'bench/sweep_tfjs.mjs')], outfile: tfjsBundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error', mainFields: ['module', 'main'], banner: { js: ESM_NODE_GLOBALS } });
    external('tfjs-backend-cpu', process.execPath, [tfjsBundle, specFile, csvFile, 'cpu']);
    external('tfjs-backend-wasm', process.execPath, [tfjsBundle, specFile, csvFile, 'wasm', join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')]);
  }
  else process.stderr.write('skipping TensorFlow.js: @tensorflow/tfjs-core and its backends did not install\n');

  const ours = median(sides['losslab, 1 worker']!.elapsedMs);
  const oursCpu = median(sides['losslab, 1 worker']!.cpuMs!);
  const runs = 24;
  const lines = [
    `sweep bench: ${runs} runs × ${SPEC.steps} ${batch === null ? 'full-batch' : `mini-batch (${batch})`} Adam steps, 2-16-16-1 tanh MLP (ours in ${dtype}), 1000-point moons CSV; median of ${reps} (wall time; a new pool's includes starting its workers)`,
    '',
    `${'side'.padEnd(26)} ${'total s'.padStart(8)} ${'runs/s'.padStart(7)} ${'time vs losslab 1w'.padStart(19)} ${'CPU s'.padStart(7)} ${'CPU vs losslab 1w'.padStart(18)}`,
  ];
  for (const [name, r] of Object.entries(sides)) {
    const t = median(r.elapsedMs);
    const cpu = r.cpuMs && r.cpuMs.length > 0 ? median(r.cpuMs) : undefined;
    const cpuColumns = cpu === undefined ? `${'-'.padStart(7)} ${'-'.padStart(18)}` : `${(cpu / 1000).toFixed(2).padStart(7)} ${(cpu / oursCpu).toFixed(2).padStart(17)}x`;
    lines.push(`${name.padEnd(26)} ${(t / 1000).toFixed(2).padStart(8)} ${((runs * 1000) / t).toFixed(2).padStart(7)} ${(t / ours).toFixed(2).padStart(18)}x ${cpuColumns}`);
  }
  const scaling = (suffix: string): string => (median(sides[`losslab, 1 worker${suffix}`]!.elapsedMs) / median(sides[`losslab, 2 workers${suffix}`]!.elapsedMs)).toFixed(2);
  lines.push('', `2-worker throughput / 1-worker throughput: ${scaling('')} with new pools, ${scaling(', warm')} with warm pools`);
  lines.push(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'} (wall times include waiting for a core; CPU times count every thread of the side's process)`);
  lines.push('', 'final training loss per run (same data; different random initial weights per side):');
  const names = Object.keys(sides).filter((n) => n.startsWith('losslab, 1 worker') ? n === 'losslab, 1 worker' : !n.startsWith('losslab'));
  lines.push(`${'loss'.padEnd(34)} ${'lr'.padStart(6)} seed ${names.map((n) => n.split(',')[0]!.padStart(12)).join(' ')}`);
  let i = 0;
  for (const loss of SPEC.losses) {
    for (const lr of SPEC.optimizers[0]!.lr) {
      for (const seed of SPEC.seeds) {
        lines.push(`${loss.padEnd(34)} ${String(lr).padStart(6)} ${String(seed).padStart(4)} ${names.map((n) => (sides[n]!.final[i]?.toFixed(4) ?? '-').padStart(12)).join(' ')}`);
        i++;
      }
    }
  }
  const report = lines.join('\n');
  process.stdout.write(report + '\n');
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results', `sweep-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ spec: SPEC, reps, sides, report }, null, 1));
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
