/** Engine benchmark: forward + backward of catalog losses against PyTorch CPU on one thread,
 *  in the same run. `npm run bench:engine [-- --reps N]`. Results go to bench/results/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TensorArgs, Options } from '../src/engine/catalog/types';
import { loadEngine, type Engine } from './bundledEngine';
import { median, numberFlag } from './args';
import { TorchProcess, ensureTorch, memoryMode, newGradientMemory, rerunKeepingFreedMemory, timedRun } from './peers';

/** Set first thing in main(): the engine measured (bundledEngine.ts). */
let engine: Engine;
let engineHow = '';

const here = dirname(fileURLToPath(import.meta.url));

interface BenchCase {
  name: string;
  what: string;
  loss: string;
  options: Options;
  makeArgs: () => TensorArgs;
  /** Element counts of the gradient arrays one forward+backward returns (new memory on both sides). */
  gradientSizes: readonly number[];
  /** The arguments that get a gradient: a forward+backward reads each and writes as many bytes
   *  again, the traffic that `copyMs` times as plain copies. */
  differentiated: readonly string[];
  /** Instead of `compute` (new gradient arrays), the loss's elementwise form writing into arrays
   *  made once: the training loop's path (lossHead.ts); torch_engine.py's case of the same name
   *  writes its gradients into tensors made once too, with ATen's out= backward. */
  intoReusedBuffers?: boolean;
}

/** mulberry32: the same data every run. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function huberArgs(): TensorArgs {
  const n = 2 ** 23;
  const rand = uniform(2);
  const input = new Float64Array(n);
  const target = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    input[i] = rand() * 4 - 2;
    target[i] = rand() * 4 - 2;
  }
  return { input: new engine.Tensor([n], input), target: new engine.Tensor([n], target) };
}

const CASES: BenchCase[] = [
  {
    name: 'cross_entropy',
    what: '65536x128 float64 logits, class targets, label_smoothing 0.1',
    loss: 'cross_entropy',
    options: { label_smoothing: 0.1 },
    makeArgs: () => {
      const [n, c] = [65536, 128];
      const rand = uniform(1);
      const logits = new Float64Array(n * c);
      for (let i = 0; i < logits.length; i += 2) {
        const r = Math.sqrt(-2 * Math.log(1 - rand()));
        const th = 2 * Math.PI * rand();
        logits[i] = 3 * r * Math.cos(th);
        logits[i + 1] = 3 * r * Math.sin(th);
      }
      const target = new Float64Array(n);
      for (let i = 0; i < n; i++) target[i] = Math.floor(rand() * c);
      return { input: new engine.Tensor([n, c], logits), target: new engine.Tensor([n], target, 'int64') };
    },
    gradientSizes: [65536 * 128],
    differentiated: ['input'],
  },
  {
    name: 'huber_loss',
    what: '2^23 float64 elements, delta 1, gradients for input and target',
    loss: 'huber_loss',
    options: {},
    makeArgs: huberArgs,
    gradientSizes: [2 ** 23, 2 ** 23],
    differentiated: ['input', 'target'],
  },
  {
    name: 'huber_into',
    what: 'huber_loss as above, gradients written into buffers made once (both sides)',
    loss: 'huber_loss',
    options: {},
    makeArgs: huberArgs,
    gradientSizes: [],
    differentiated: ['input', 'target'],
    intoReusedBuffers: true,
  },
];

/** One forward+backward of the case on our side. */
function ourRun(c: BenchCase, args: TensorArgs): () => void {
  const spec = engine.getLoss(c.loss)!;
  if (!c.intoReusedBuffers) return () => void spec.compute(args, c.options, true);
  if (!spec.elementwise) throw new Error(`${c.loss} has no elementwise form`);
  const form = spec.elementwise(c.options);
  const [x, y] = [args['input']!.data, args['target']!.data];
  const gx = new Float64Array(x.length);
  const gy = new Float64Array(x.length);
  const scale = form.reduction === 'mean' ? 1 / x.length : 1;
  return () => void form.kernel(x, y, null, gx, gy, scale, form.param);
}

interface Row {
  case: string;
  what: string;
  oursMs: number | null;
  torchMs: number | null;
  ratio: number | null;
  oursTimes: number[];
  torchTimes: number[];
  /** CPU time (user + system, the process's every thread) of the same runs: what the other
   *  processes on a shared machine take does not count in it. */
  oursCpuMs: number | null;
  torchCpuMs: number | null;
  cpuRatio: number | null;
  /** Median time of newGradientMemory, taken in turn with the others. */
  floorMs: number;
  /** Median time of copying each differentiated argument into a buffer made once (memcpy): the
   *  memory traffic no forward+backward avoids, a floor under both sides' times on this machine. */
  copyMs: number;
  note: string;
}

function copyFloorMs(args: TensorArgs, differentiated: readonly string[], reps: number): number {
  const copies = differentiated.map((name) => ({ source: args[name]!.data, into: new Float64Array(args[name]!.data.length) }));
  const copyAll = (): void => copies.forEach(({ source, into }) => into.set(source));
  copyAll();
  return median(Array.from({ length: reps }, () => timedRun(copyAll).seconds)) * 1e3;
}

async function benchCase(c: BenchCase, reps: number, torch: TorchProcess | null): Promise<Row> {
  const row: Row = { case: c.name, what: c.what, oursMs: null, torchMs: null, ratio: null, oursTimes: [], torchTimes: [], oursCpuMs: null, torchCpuMs: null, cpuRatio: null, floorMs: 0, copyMs: 0, note: '' };
  const floorTimes: number[] = [];
  let args: TensorArgs | null = null;
  const oursCpu: number[] = [];
  const torchCpu: number[] = [];
  const spec = engine.getLoss(c.loss);
  let ours: (() => void) | null = null;
  if (!spec) row.note = `ours not available: ${c.loss} is not in the catalog`;
  else {
    args = c.makeArgs();
    try {
      const run = ourRun(c, args!);
      // Warm-up, twice: V8 optimises the kernels, and with freed memory kept both heaps grow to size.
      run();
      run();
      ours = run;
    } catch (e) {
      row.note = `ours not available: ${(e as Error).message}`;
    }
  }
  if (torch) for (let k = 0; k < 2; k++) await torch.time(c.name); // warm-up (and data set-up)
  const runOurs = (run: () => void) => {
    const t = timedRun(run);
    row.oursTimes.push(t.seconds);
    oursCpu.push(t.cpuSeconds);
  };
  for (let r = 0; r < reps; r++) {
    // alternate who goes first, so neither side always runs right after the other's allocations
    if (r % 2 === 0 && ours) runOurs(ours);
    if (torch) {
      const answer = await torch.ask(c.name);
      row.torchTimes.push(answer.seconds);
      torchCpu.push(Number(answer['cpu_seconds']));
    }
    if (r % 2 === 1 && ours) runOurs(ours);
    floorTimes.push(timedRun(() => newGradientMemory(c.gradientSizes)).seconds);
  }
  row.oursCpuMs = oursCpu.length ? median(oursCpu) * 1e3 : null;
  row.torchCpuMs = torchCpu.length ? median(torchCpu) * 1e3 : null;
  row.cpuRatio = row.oursCpuMs !== null && row.torchCpuMs !== null ? row.oursCpuMs / row.torchCpuMs : null;
  row.floorMs = median(floorTimes) * 1e3;
  // After the timed runs, so that the extra buffers do not change how often V8 collects during them.
  if (args) row.copyMs = copyFloorMs(args, c.differentiated, reps);
  row.oursMs = row.oursTimes.length ? median(row.oursTimes) * 1e3 : null;
  row.torchMs = row.torchTimes.length ? median(row.torchTimes) * 1e3 : null;
  row.ratio = row.oursMs !== null && row.torchMs !== null ? row.oursMs / row.torchMs : null;
  return row;
}

async function main(): Promise<number> {
  ({ engine, how: engineHow } = await loadEngine());
  const reps = numberFlag('--reps', 9);
  if (!Number.isInteger(reps) || reps < 1) {
    console.error('--reps needs a positive integer');
    return 2;
  }
  let torchProblem = ensureTorch();
  let torch: TorchProcess | null = null;
  let version = 'not run';
  if (!torchProblem) {
    try {
      ({ torch, version } = await TorchProcess.start(join(here, 'torch_engine.py')));
    } catch (e) {
      torchProblem = `could not start bench/torch_engine.py: ${(e as Error).message}`;
    }
  }

  const rows: Row[] = [];
  try {
    for (const c of CASES) {
      console.error(`${c.name}: ${reps} repetitions, ours and torch in turn...`);
      rows.push(await benchCase(c, reps, torch));
    }
  } finally {
    torch?.close();
  }

  const fmt = (v: number | null, digits = 1) => (v === null ? 'n/a' : v.toFixed(digits));
  console.log(`engine bench: forward+backward, median of ${reps} runs taken in turn; node ${process.version}; torch ${version}`);
  console.log(`load: 1-minute load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores; floor ms = allocating and writing once the gradient arrays the case returns (new memory), in turn with the others; copy ms = copying each differentiated argument into a buffer made once (the bytes any forward+backward reads and writes)`);
  console.log('wall = elapsed time; cpu = CPU time of the process (user + system), which other processes\' load does not inflate; ratios are ours/torch (below 1: ours faster)');
  console.log(`memory: ${memoryMode()}`);
  console.log(`engine: ${engineHow}`);
  console.log(['case'.padEnd(14), 'ours ms'.padStart(9), 'torch ms'.padStart(9), 'ours/torch'.padStart(11), 'ours cpu'.padStart(9), 'torch cpu'.padStart(10), 'cpu ratio'.padStart(10), 'floor ms'.padStart(9), 'copy ms'.padStart(8), '  input'].join(''));
  for (const r of rows) {
    console.log([r.case.padEnd(14), fmt(r.oursMs).padStart(9), fmt(r.torchMs).padStart(9), fmt(r.ratio, 2).padStart(11), fmt(r.oursCpuMs).padStart(9), fmt(r.torchCpuMs).padStart(10), fmt(r.cpuRatio, 2).padStart(10), fmt(r.floorMs).padStart(9), fmt(r.copyMs).padStart(8), `  ${r.what}`].join(''));
    if (r.note) console.log(`  ${r.note}`);
  }
  if (torchProblem) console.log(`torch not run: ${torchProblem}`);

  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `engine-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, torch: version, memory: memoryMode(), engine: engineHow, reps, rows }, null, 2) + '\n');
  console.log(`results: ${file}`);
  return torchProblem ? 1 : 0;
}

const rerun = rerunKeepingFreedMemory();
if (rerun !== null) process.exitCode = rerun;
else main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
