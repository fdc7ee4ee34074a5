/** New-loss benchmark: forward + backward of the catalog's newer losses against PyTorch on one
 *  thread, in the same run, taken in turn: torchvision.ops where the framework has the loss, else
 *  the loss as a user writes it in plain torch (bench/torch_losses.py says whose code).
 *  `npx tsx bench/losses.ts [--reps 5] [--only id,id]`. Prints a table; results go to bench/results/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options, TensorArgs } from '../src/engine/catalog/types';
import type { Tensor } from '../src/engine/tensor';
import { loadEngine, type Engine } from './bundledEngine';
import { flagValue, median, numberFlag } from './args';
import { TorchProcess, ensureTorch, memoryMode, newGradientMemory, rerunKeepingFreedMemory, timedRun } from './peers';

/** Set first thing in main(): the engine measured (bundledEngine.ts). */
let engine: Engine;
let engineHow = '';

const here = dirname(fileURLToPath(import.meta.url));

type Sizes = Readonly<Record<string, number>>;

/** n uniforms in [0, 1) from an integer hash of the index: the same numbers as torch_losses.py's hashed(). */
function hashed(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  const offset = Math.imul(seed, 0x632be5ab);
  for (let i = 0; i < n; i++) {
    let x = (Math.imul(i, 0x9e3779b1) + offset) >>> 0;
    x ^= x >>> 16;
    x = Math.imul(x, 0x85ebca6b) >>> 0;
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae35) >>> 0;
    x ^= x >>> 16;
    out[i] = (x >>> 0) / 4294967296;
  }
  return out;
}

const values = (shape: number[], seed: number, lo: number, hi: number): Tensor =>
  new engine.Tensor(shape, hashed(shape.reduce((a, b) => a * b, 1), seed).map((u) => u * (hi - lo) + lo));
const classes = (n: number, seed: number, c: number): Tensor => new engine.Tensor([n], hashed(n, seed).map((u) => Math.floor(u * c)), 'int64');
const below = (shape: number[], seed: number, p: number): Tensor => new engine.Tensor(shape, hashed(shape.reduce((a, b) => a * b, 1), seed).map((u) => (u < p ? 1 : 0)));
function boxes(n: number, seed: number): Tensor {
  const [x1, y1, w, h] = [values([n], seed, 0, 10), values([n], seed + 1, 0, 10), values([n], seed + 2, 0.5, 5), values([n], seed + 3, 0.5, 5)];
  const d = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) d.set([x1.data[i]!, y1.data[i]!, x1.data[i]! + w.data[i]!, y1.data[i]! + h.data[i]!], 4 * i);
  return new engine.Tensor([n, 4], d);
}
function rowsNormalised(n: number, c: number, seed: number): Tensor {
  const t = values([n, c], seed, 0.05, 1);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < c; k++) s += t.data[i * c + k]!;
    for (let k = 0; k < c; k++) t.data[i * c + k]! /= s;
  }
  return t;
}

const elementwise = (s: Sizes): TensorArgs => ({ input: values([s['n']!], 1, -s['spread']!, s['spread']!), target: values([s['n']!], 2, -s['spread']!, s['spread']!) });
const logitsAndClasses = (s: Sizes): TensorArgs => ({ input: values([s['n']!, s['c']!], 1, -3, 3), target: classes(s['n']!, 2, s['c']!) });
const masks = (s: Sizes): TensorArgs => ({ input: values([s['n']!, s['m']!], 1, 0, 1), target: below([s['n']!, s['m']!], 2, 0.3) });
const boxPair = (s: Sizes): TensorArgs => ({ boxes1: boxes(s['n']!, 1), boxes2: boxes(s['n']!, 11) });
const logProbs = (s: Sizes, names: string[]): TensorArgs => Object.fromEntries(names.map((name, k) => [name, values([s['n']!], k + 1, -3, -0.1)]));

interface LossCase {
  id: string;
  /** Whose implementation the torch side runs. */
  peer: string;
  sizes: Sizes;
  options?: Options;
  make: (s: Sizes) => TensorArgs;
}

const ROBUST: Sizes = { n: 2 ** 20, spread: 2 };
const CLASSES: Sizes = { n: 16384, c: 128 };
const MASKS: Sizes = { n: 16, m: 65536 };
const PLAIN = 'plain torch';
/** A batch of embeddings with 4 samples per class on average (positives for NT-Xent and SupCon). */
const EMBEDDED: Sizes = { n: 1024, d: 128, classes: 256 };
const embeddedWithLabels = (s: Sizes): TensorArgs => ({ embeddings: values([s['n']!, s['d']!], 1, -1, 1), labels: classes(s['n']!, 2, s['classes']!) });
const CASES: readonly LossCase[] = [
  { id: 'pseudo_huber_loss', peer: PLAIN, sizes: ROBUST, make: elementwise },
  { id: 'charbonnier_loss', peer: `${PLAIN} (kornia's formula)`, sizes: ROBUST, make: elementwise },
  { id: 'cauchy_loss', peer: `${PLAIN} (kornia's formula)`, sizes: ROBUST, make: elementwise },
  { id: 'geman_mcclure_loss', peer: `${PLAIN} (kornia's formula)`, sizes: ROBUST, make: elementwise },
  { id: 'welsch_loss', peer: `${PLAIN} (kornia's formula)`, sizes: ROBUST, make: elementwise },
  { id: 'wing_loss', peer: PLAIN, sizes: { n: 2 ** 20, spread: 16 }, make: elementwise },
  { id: 'quantile_loss', peer: PLAIN, sizes: ROBUST, options: { quantile: 0.9 }, make: elementwise },
  { id: 'log_cosh_loss', peer: `${PLAIN} (Keras' formula)`, sizes: ROBUST, make: elementwise },
  { id: 'poly1_cross_entropy', peer: PLAIN, sizes: CLASSES, make: logitsAndClasses },
  { id: 'categorical_focal_loss', peer: PLAIN, sizes: CLASSES, make: logitsAndClasses },
  { id: 'generalized_cross_entropy', peer: PLAIN, sizes: CLASSES, make: logitsAndClasses },
  { id: 'label_smoothing_cross_entropy', peer: "timm's forward", sizes: CLASSES, make: logitsAndClasses },
  { id: 'soft_target_cross_entropy', peer: "timm's forward", sizes: CLASSES, make: (s) => ({ input: values([s['n']!, s['c']!], 1, -3, 3), target: rowsNormalised(s['n']!, s['c']!, 2) }) },
  { id: 'asymmetric_loss', peer: "timm's forward", sizes: { n: 4096, c: 80 }, make: (s) => ({ input: values([s['n']!, s['c']!], 1, -3, 3), target: below([s['n']!, s['c']!], 2, 0.2) }) },
  { id: 'dice_loss', peer: PLAIN, sizes: MASKS, make: masks },
  { id: 'tversky_loss', peer: PLAIN, sizes: MASKS, make: masks },
  { id: 'soft_bce_with_logits_loss', peer: "smp's forward", sizes: MASKS, make: (s) => ({ input: values([s['n']!, s['m']!], 1, -3, 3), target: below([s['n']!, s['m']!], 2, 0.3) }) },
  { id: 'generalized_box_iou_loss', peer: 'torchvision.ops', sizes: { n: 65536 }, options: { reduction: 'mean' }, make: boxPair },
  { id: 'distance_box_iou_loss', peer: 'torchvision.ops', sizes: { n: 65536 }, options: { reduction: 'mean' }, make: boxPair },
  { id: 'complete_box_iou_loss', peer: 'torchvision.ops', sizes: { n: 65536 }, options: { reduction: 'mean' }, make: boxPair },
  { id: 'infonce_loss', peer: PLAIN, sizes: { n: 1024, d: 128 }, make: (s) => ({ anchors: values([s['n']!, s['d']!], 1, -1, 1), positives: values([s['n']!, s['d']!], 2, -1, 1) }) },
  { id: 'clip_loss', peer: `${PLAIN} (open_clip's formula)`, sizes: { n: 1024, d: 128 }, make: (s) => ({ image_features: values([s['n']!, s['d']!], 1, -0.2, 0.2), text_features: values([s['n']!, s['d']!], 2, -0.2, 0.2) }) },
  { id: 'ntxent_loss', peer: `${PLAIN} (optax's formula)`, sizes: EMBEDDED, make: embeddedWithLabels },
  { id: 'supcon_loss', peer: `${PLAIN} (PML's SupConLoss formula)`, sizes: EMBEDDED, make: embeddedWithLabels },
  { id: 'dpo_loss', peer: "TRL's sigmoid loss", sizes: { n: 2 ** 20 }, make: (s) => logProbs(s, ['policy_chosen_logps', 'policy_rejected_logps', 'reference_chosen_logps', 'reference_rejected_logps']) },
  { id: 'ppo_clip_loss', peer: "CleanRL's policy loss", sizes: { n: 2 ** 20 }, make: (s) => ({ log_probs: values([s['n']!], 1, -3, -0.1), old_log_probs: values([s['n']!], 2, -3, -0.1), advantages: values([s['n']!], 3, -2, 2) }) },
];

interface Row {
  id: string;
  peer: string;
  size: string;
  oursMs: number | null;
  torchMs: number | null;
  /** torch time / our time: above 1, ours is faster. */
  speedup: number | null;
  /** The same from CPU time (user + system of each process), which other processes' load does not inflate. */
  oursCpuMs: number | null;
  torchCpuMs: number | null;
  cpuSpeedup: number | null;
  /** CPU ms of newGradientMemory for the gradients our compute returns, taken in turn with the runs. */
  floorCpuMs: number | null;
  /** |ours − torch| / max(1, |torch|) on the loss value. */
  valueDiff: number | null;
  load: string;
  note: string;
}

const loadAverage = (): string => loadavg()[0]!.toFixed(1);

async function benchCase(c: LossCase, reps: number, torch: TorchProcess): Promise<Row> {
  const spec = engine.getLoss(c.id);
  const size = Object.entries(c.sizes).filter(([k]) => k !== 'spread').map(([k, v]) => `${k}=${v}`).join(' ');
  const row: Row = { id: c.id, peer: c.peer, size, oursMs: null, torchMs: null, speedup: null, oursCpuMs: null, torchCpuMs: null, cpuSpeedup: null, floorCpuMs: null, valueDiff: null, load: '', note: '' };
  if (!spec) return { ...row, note: 'not in the catalog' };
  const args = c.make(c.sizes);
  const options = c.options ?? {};
  const grad = spec.args.filter((a) => a.differentiable && args[a.name]).map((a) => a.name);
  // The torch side gets every option at the catalog's declared value, so both compute the same loss.
  const declared = Object.fromEntries(spec.options.filter((o) => o.default !== null).map((o) => [o.name, o.default]));
  const request = JSON.stringify({ case: c.id, sizes: c.sizes, grad, options: { ...declared, ...options } });
  const ours = () => spec.compute(args, options, true).value.item();
  const gradientSizes = Object.values(spec.compute(args, options, true).grad).map((g) => g.size);
  const floorCpu: number[] = [];
  const oursTimes: number[] = [];
  const torchTimes: number[] = [];
  const oursCpu: number[] = [];
  const torchCpu: number[] = [];
  const runOurs = () => {
    const t = timedRun(ours);
    oursTimes.push(t.seconds);
    oursCpu.push(t.cpuSeconds);
    return t.result;
  };
  // Warm-up, twice: V8 optimises the kernels, and with freed memory kept both heaps grow to size.
  let ourValue = ours();
  ours();
  let torchValue = Number((await torch.ask(request))['value']);
  await torch.ask(request);
  const loads: string[] = [];
  for (let r = 0; r < reps; r++) {
    loads.push(loadAverage());
    // alternate who goes first, so neither side always runs right after the other's allocations
    if (r % 2 === 0) runOurs();
    const answer = await torch.ask(request);
    torchTimes.push(answer.seconds);
    torchCpu.push(Number(answer['cpu_seconds']));
    torchValue = Number(answer['value']);
    if (r % 2 === 1) ourValue = runOurs();
    floorCpu.push(timedRun(() => newGradientMemory(gradientSizes)).cpuSeconds);
  }
  row.oursMs = median(oursTimes) * 1e3;
  row.torchMs = median(torchTimes) * 1e3;
  row.speedup = row.torchMs / row.oursMs;
  row.oursCpuMs = median(oursCpu) * 1e3;
  row.torchCpuMs = median(torchCpu) * 1e3;
  row.cpuSpeedup = row.torchCpuMs / row.oursCpuMs;
  row.floorCpuMs = median(floorCpu) * 1e3;
  row.valueDiff = Math.abs(ourValue - torchValue) / Math.max(1, Math.abs(torchValue));
  row.load = `${loads[0]}–${loads[loads.length - 1]}`;
  return row;
}

async function main(): Promise<number> {
  ({ engine, how: engineHow } = await loadEngine());
  const reps = numberFlag('--reps', 5);
  if (!Number.isInteger(reps) || reps < 1) {
    console.error('--reps needs a positive integer');
    return 2;
  }
  const only = flagValue('--only')?.split(',');
  const cases = only ? CASES.filter((c) => only.includes(c.id)) : CASES;
  const problem = ensureTorch();
  if (problem) {
    console.error(problem);
    return 1;
  }
  const { torch, version } = await TorchProcess.start(join(here, 'torch_losses.py'));
  const rows: Row[] = [];
  try {
    for (const c of cases) {
      console.error(`${c.id}: ${reps} repetitions, ours and torch in turn...`);
      rows.push(await benchCase(c, reps, torch));
    }
  } finally {
    torch.close();
  }
  const fmt = (v: number | null, digits = 1) => (v === null ? 'n/a' : v.toFixed(digits));
  console.log(`new-loss bench: forward+backward, float64, median of ${reps} runs taken in turn; node ${process.version}; torch ${version}; load = 1-minute load average at the first and last rep`);
  console.log('wall = elapsed time; cpu = CPU time of each process (user + system), which the load of other processes does not inflate; floor = CPU ms to allocate and write once the gradient arrays our compute returns');
  console.log(`memory: ${memoryMode()}`);
  console.log(`engine: ${engineHow}`);
  console.log('| loss | size | ours ms | torch ms | torch/ours | ours cpu ms | torch cpu ms | torch/ours cpu | floor cpu ms | value diff | load | torch side |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.id} | ${r.size} | ${fmt(r.oursMs)} | ${fmt(r.torchMs)} | ${fmt(r.speedup, 2)} | ${fmt(r.oursCpuMs)} | ${fmt(r.torchCpuMs)} | ${fmt(r.cpuSpeedup, 2)} | ${fmt(r.floorCpuMs)} | ${r.valueDiff === null ? 'n/a' : r.valueDiff.toExponential(0)} | ${r.load} | ${r.peer}${r.note ? `; ${r.note}` : ''} |`);
  }
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `losses-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, torch: version, memory: memoryMode(), engine: engineHow, reps, rows }, null, 2) + '\n');
  console.log(`results: ${file}`);
  return 0;
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
