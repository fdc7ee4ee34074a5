/** Landscape benchmark: a 51×51 loss grid of the trained 2-16-16-1 MLP on 1000 points
 *  (bench/landscape-mlp.json), with 2 landscape workers, on the main thread, and in PyTorch eager on
 *  one thread (Debian's python3-torch), whose grid is also compared value by value. Both sides in
 *  the model's dtype: float32 (the default) or, with `--dtype float64`, float64.
 *  Run: npm run build && npx tsx bench/landscape.ts [--dtype float64]   (writes bench/results/landscape-<time>.json) */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { pcaPlane } from '../src/engine/landscape/plane';
import { trainRecording } from '../src/engine/landscape/record';
import { slice2d } from '../src/engine/landscape/slices';
import { parseSpec } from '../src/engine/train/spec';
import { specDataset, sweepJobs } from '../src/engine/train/sweep';
import { LandscapePool } from '../src/worker/landscapePool';
import { computeLandscape, type LandscapeResult } from '../src/worker/landscapeRun';
import { flagValue, median } from './args';
import { PYTHON, ensureTorch } from './peers';

const ROOT = join(__dirname, '..');
const SPEC_FILE = join(ROOT, 'bench', 'landscape-mlp.json');
const WORKER = join(ROOT, 'out', 'landscape-worker.js');
const GRID = 51;
const REPS = 3;

async function main(): Promise<void> {
  if (!existsSync(WORKER)) throw new Error('out/landscape-worker.js is missing: run `npm run build` first');
  const dtype = flagValue('--dtype') ?? 'float32';
  const specJson = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as { model: Record<string, unknown> };
  specJson.model.dtype = dtype;
  console.log(`dtype ${dtype}`);

  // 1. Two workers, the way the CLI and the panel compute it. The first landscape starts the pool
  //    (worker start-up, data rebuilt) and probes sharpness alongside the grid; the grids timed
  //    against PyTorch are the next REPS, grid only, on the warm pool that the panel keeps.
  const pool = new LandscapePool(WORKER, 2);
  const pooled: LandscapeResult[] = [];
  for (let r = 0; r <= REPS; r++) pooled.push(await computeLandscape(pool, { spec: specJson, run: 0 }, { grid: GRID, sharpness: r === 0 }));
  await pool.dispose();
  const first = pooled[0]!.timings;
  const gridMs = pooled.slice(1).map((p) => p.timings.grid_ms);
  console.log(`2 workers: grid ${gridMs.map((t) => t.toFixed(0)).join(', ')} ms (median ${median(gridMs).toFixed(0)}); first landscape on a new pool: train ${first.train_ms.toFixed(0)} ms, grid ${first.grid_ms.toFixed(0)} ms with sharpness alongside (${first.sharpness_ms?.toFixed(0)} ms)`);
  console.log(`  sharpness: ${JSON.stringify(pooled[0]!.sharpness)}`);

  // 2. The same grid on this thread.
  const spec = parseSpec(specJson);
  const job = sweepJobs(spec, specDataset(spec))[0]!;
  const run = trainRecording(job, 40);
  const plane = pcaPlane(run.path, run.final, GRID);
  const single: number[] = [];
  const singleCpu: number[] = [];
  let z: number[][] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    z = slice2d(run.objective, plane.center, plane.d1, plane.d2, plane.xs, plane.ys);
    const c = process.cpuUsage(c0);
    single.push(performance.now() - t0);
    singleCpu.push((c.user + c.system) / 1000);
  }
  const sameAsPool = z.every((row, j) => row.every((v, i) => v === pooled[0]!.z[j]![i]));
  console.log(`1 thread:  grid ${single.map((t) => t.toFixed(0)).join(', ')} ms wall, ${singleCpu.map((t) => t.toFixed(0)).join(', ')} ms CPU (median ${median(singleCpu).toFixed(0)}); identical to the pooled grid: ${sameAsPool}`);
  console.log(`  (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores: wall times include waiting for a core)`);

  // 3. PyTorch eager, one thread, same data / centre / directions.
  const layers = run.objective.layers.filter((l) => !l.isBias).map((l) => [...l.shape]);
  const input = JSON.stringify({
    n: job.train.n, features: job.train.features, x: [...job.train.x], y: [...job.train.y], layers,
    center: [...plane.center], d1: [...plane.d1], d2: [...plane.d2], xs: plane.xs, ys: plane.ys, reps: REPS, dtype,
  });
  const torchProblem = ensureTorch();
  if (torchProblem) console.error(torchProblem);
  const py = spawnSync(PYTHON, [join(ROOT, 'bench', 'landscape_torch.py')], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  let torch: { torch: string; threads: number; seconds: number[]; cpu_seconds: number[]; z: number[][] } | undefined;
  if (py.status === 0) {
    torch = JSON.parse(py.stdout);
    const maxDiff = Math.max(...torch!.z.flatMap((row, j) => row.map((v, i) => Math.abs(v - z[j]![i]!) / (1 + Math.abs(v)))));
    const torchMs = median(torch!.seconds) * 1000;
    const torchCpu = median(torch!.cpu_seconds) * 1000;
    console.log(`PyTorch ${torch!.torch} eager, ${torch!.threads} thread: grid ${torch!.seconds.map((s) => (s * 1000).toFixed(0)).join(', ')} ms wall, ${torch!.cpu_seconds.map((s) => (s * 1000).toFixed(0)).join(', ')} ms CPU; max relative difference from ours ${maxDiff.toExponential(1)}`);
    console.log(`speed-up over PyTorch: wall, 2 workers ${(torchMs / median(gridMs)).toFixed(1)}×; CPU, 1 thread ${(torchCpu / median(singleCpu)).toFixed(1)}× (2 workers on 2 idle cores ≈ ${((2 * torchCpu) / median(singleCpu)).toFixed(1)}×)`);
  } else {
    console.log(`PyTorch comparison skipped: ${py.stderr.trim().split('\n').pop()}`);
  }

  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const out = join(ROOT, 'bench', 'results', `landscape-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify({
    grid: GRID, dtype, spec: SPEC_FILE, load_average: loadavg(), two_workers_grid_ms: gridMs, first_landscape: first, one_thread_grid_ms: single, one_thread_grid_cpu_ms: singleCpu,
    sharpness: pooled[0]!.sharpness,
    torch: torch ? { version: torch.torch, threads: torch.threads, grid_ms: torch.seconds.map((s) => s * 1000), grid_cpu_ms: torch.cpu_seconds.map((s) => s * 1000) } : null,
  }, null, 2));
  console.log(`wrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
