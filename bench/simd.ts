/** Experiment for issues 5 and 6 (not used by the extension): how much a WebAssembly SIMD forward
 *  pass would buy. The 51×51 landscape grid of bench/landscape.ts (trained 2-16-16-1 tanh MLP,
 *  1,000 points, BCE with logits), one thread: our engine's JavaScript, the AssemblyScript kernels
 *  of bench/simd/forward.as.ts in float64 (f64x2) and float32 (f32x4), and PyTorch eager in float64
 *  and float32, all in the same run.
 *  Run: npx tsx bench/simd.ts   (compiles the kernels with assemblyscript fetched by npx) */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pcaPlane } from '../src/engine/landscape/plane';
import { trainRecording } from '../src/engine/landscape/record';
import { planePoint } from '../src/engine/landscape/vector';
import { parseSpec } from '../src/engine/train/spec';
import { specDataset, sweepJobs } from '../src/engine/train/sweep';
import { PYTHON, ensureTorch, median } from './peers';

const ROOT = join(__dirname, '..');
const ASSEMBLYSCRIPT = 'assemblyscript@0.27.37';
const REPS = 3;

interface Kernels {
  memory: WebAssembly.Memory;
  forward64(params: number, widths: number, layers: number, x: number, n: number, scratch: number, out: number): void;
  forward32(params: number, widths: number, layers: number, x: number, n: number, scratch: number, out: number): void;
}

function compileKernels(): Kernels {
  const wasm = join(mkdtempSync(join(tmpdir(), 'losslab-simd-')), 'forward.wasm');
  execFileSync('npx', ['--yes', '-p', ASSEMBLYSCRIPT, 'asc', join(ROOT, 'bench', 'simd', 'forward.as.ts'), '-O3', '--enable', 'simd', '--runtime', 'stub', '--initialMemory', '256', '-o', wasm], { stdio: ['ignore', 'ignore', 'inherit'] });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasm)), { env: { abort: () => { throw new Error('abort in the wasm kernel'); } } });
  return instance.exports as unknown as Kernels;
}

/** mean over i of max(z,0) − z·y + log(1 + e^−|z|): binary_cross_entropy_with_logits. */
function bceWithLogits(z: Float64Array, y: ArrayLike<number>, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.max(z[i]!, 0) - z[i]! * y[i]! + Math.log1p(Math.exp(-Math.abs(z[i]!)));
  return sum / n;
}

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function main(): Promise<void> {
  const spec = parseSpec(JSON.parse(readFileSync(join(ROOT, 'bench', 'landscape-mlp.json'), 'utf8')));
  const job = sweepJobs(spec, specDataset(spec))[0]!;
  const run = trainRecording(job, 40);
  const plane = pcaPlane(run.path, run.final, 51);
  const { n, x, y } = job.train;
  const objective = run.objective;
  const weights = objective.layers.filter((l) => !l.isBias);
  const widths = [weights[0]!.shape[1]!, ...weights.map((l) => l.shape[0]!)];
  if (widths.slice(1, -1).some((w) => w % 8 !== 0) || widths[widths.length - 1] !== 1 || n % 2 !== 0) throw new Error('the kernels want hidden widths in 8s, one output and an even n');

  const k = compileKernels();
  // Memory: widths, parameters (Wᵀ then b per layer), data, two scratch buffers of n × 64, outputs.
  const at = { widths: 1024, params: 2048, x: 65536, scratch: 65536 + n * 16 * 8, out: 65536 + n * 16 * 8 + 2 * n * 64 * 8 };
  const bytes = new DataView(k.memory.buffer);
  widths.forEach((w, i) => bytes.setInt32(at.widths + 4 * i, w, true));
  const f64 = new Float64Array(k.memory.buffer);
  const f32 = new Float32Array(k.memory.buffer);
  const outputs = new Float64Array(k.memory.buffer, at.out, n);
  const pack = (p: Float64Array, into: Float64Array | Float32Array, size: number): void => {
    let o = at.params / size;
    for (let l = 0; l < weights.length; l++) {
      const [J, K] = weights[l]!.shape as [number, number];
      const w0 = weights[l]!.offset;
      for (let kk = 0; kk < K; kk++) for (let j = 0; j < J; j++) into[o++] = p[w0 + j * K + kk]!;
      const bias = objective.layers[2 * l + 1]!;
      for (let j = 0; j < J; j++) into[o++] = p[bias.offset + j]!;
    }
  };
  const grid = (loss: (p: Float64Array) => number): number[][] => {
    const p = new Float64Array(objective.size);
    return plane.ys.map((b) => plane.xs.map((a) => loss(planePoint(p, plane.center, a, plane.d1, b, plane.d2))));
  };
  const variants: Record<string, (p: Float64Array) => number> = {
    'engine JS (float64)': (p) => objective.loss(p),
    'wasm f64x2': (p) => {
      pack(p, f64, 8);
      k.forward64(at.params, at.widths, widths.length, at.x, n, at.scratch, at.out);
      return bceWithLogits(outputs, y, n);
    },
    'wasm f32x4': (p) => {
      pack(p, f32, 4);
      k.forward32(at.params, at.widths, widths.length, at.x, n, at.scratch, at.out);
      return bceWithLogits(outputs, y, n);
    },
  };
  const results: Record<string, { ms: number; z: number[][] }> = {};
  for (const [name, loss] of Object.entries(variants)) {
    if (name.includes('f64')) f64.set(x.subarray(0, n * widths[0]!), at.x / 8);
    if (name.includes('f32')) for (let i = 0; i < n * widths[0]!; i++) f32[at.x / 4 + i] = x[i]!;
    let z: number[][] = [];
    const times = Array.from({ length: REPS }, () => cpuMs(() => (z = grid(loss))));
    results[name] = { ms: median(times), z };
  }
  const reference = results['engine JS (float64)']!.z;
  const worst = (z: number[][]): number => Math.max(...z.flatMap((row, j) => row.map((v, i) => Math.abs(v - reference[j]![i]!) / (1 + Math.abs(reference[j]![i]!)))));

  const torchMs: Record<string, number> = {};
  const problem = ensureTorch();
  if (problem) console.error(problem);
  else {
    for (const dtype of ['float64', 'float32']) {
      const input = JSON.stringify({
        dtype, n, features: widths[0], x: [...x], y: [...y], layers: weights.map((l) => [...l.shape]),
        center: [...plane.center], d1: [...plane.d1], d2: [...plane.d2], xs: plane.xs, ys: plane.ys, reps: REPS,
      });
      const py = spawnSync(PYTHON, [join(ROOT, 'bench', 'landscape_torch.py')], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
      if (py.status !== 0) throw new Error(py.stderr);
      torchMs[`PyTorch eager ${dtype}`] = median((JSON.parse(py.stdout) as { cpu_seconds: number[] }).cpu_seconds) * 1000;
    }
  }
  console.log(`51×51 grid, ${n} points, widths ${widths.join('-')}, one thread, CPU ms (median of ${REPS}):`);
  for (const [name, r] of Object.entries(results)) {
    const vsTorch = Object.entries(torchMs).map(([t, ms]) => `${(ms / r.ms).toFixed(1)}× ${t}`).join(', ');
    console.log(`  ${name.padEnd(20)} ${r.ms.toFixed(0).padStart(6)} ms  max rel. diff from the engine ${worst(r.z).toExponential(1)}  ${vsTorch}`);
  }
  for (const [name, ms] of Object.entries(torchMs)) console.log(`  ${name.padEnd(20)} ${ms.toFixed(0).padStart(6)} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
