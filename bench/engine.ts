/** Engine benchmark: forward + backward of catalog losses against PyTorch CPU on one thread,
 *  in the same run. `npm run bench:engine [-- --reps N]`. Results go to bench/results/. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getLoss } from '../src/engine/catalog';
import type { TensorArgs, Options } from '../src/engine/catalog/types';
import { Tensor } from '../src/engine/tensor';

const here = dirname(fileURLToPath(import.meta.url));
/** Debian's interpreter: python3-torch installs into its dist-packages, not into a pyenv/venv python. */
const PYTHON = '/usr/bin/python3';

interface BenchCase {
  name: string;
  what: string;
  loss: string;
  options: Options;
  makeArgs: () => TensorArgs;
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
      return { input: new Tensor([n, c], logits), target: new Tensor([n], target, 'int64') };
    },
  },
  {
    name: 'huber_loss',
    what: '2^23 float64 elements, delta 1, gradients for input and target',
    loss: 'huber_loss',
    options: {},
    makeArgs: () => {
      const n = 2 ** 23;
      const rand = uniform(2);
      const input = new Float64Array(n);
      const target = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        input[i] = rand() * 4 - 2;
        target[i] = rand() * 4 - 2;
      }
      return { input: new Tensor([n], input), target: new Tensor([n], target) };
    },
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

type Outcome = { times: number[] } | { error: string };

function runOurs(c: BenchCase, reps: number): Outcome {
  const spec = getLoss(c.loss);
  if (!spec) return { error: `${c.loss} is not in the catalog` };
  const args = c.makeArgs();
  try {
    spec.compute(args, c.options, true); // warm-up: lets V8 optimise the kernels
  } catch (e) {
    return { error: (e as Error).message };
  }
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const start = process.hrtime.bigint();
    spec.compute(args, c.options, true);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { times };
}

function hasTorch(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** Installs Debian's python3-torch when missing; returns a reason when it cannot. */
function ensureTorch(): string | null {
  if (hasTorch()) return null;
  if (process.getuid?.() !== 0) {
    return `PyTorch is not importable by ${PYTHON}. Install it as root: apt-get install -y python3-torch (then rerun npm run bench:engine).`;
  }
  console.error('installing python3-torch with apt-get (one-time, ~1 GB)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', 'python3-torch'], { stdio: 'inherit', env }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (!install()) return 'apt-get install python3-torch failed (see the output above).';
  }
  return hasTorch() ? null : `python3-torch installed but ${PYTHON} still cannot import torch.`;
}

function runTorch(reps: number, names: string[]): { version: string; results: Record<string, Outcome> } | { error: string } {
  const proc = spawnSync(PYTHON, [join(here, 'torch_engine.py'), String(reps + 1), names.join(',')], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (proc.status !== 0) return { error: `torch_engine.py failed: ${proc.stderr.trim().split('\n').slice(-3).join(' ')}` };
  const out = JSON.parse(proc.stdout) as { torch: string; threads: number; results: Record<string, number[]> };
  const results: Record<string, Outcome> = {};
  for (const [name, times] of Object.entries(out.results)) results[name] = { times: times.slice(1) }; // first run is warm-up
  return { version: `${out.torch} (${out.threads} thread)`, results };
}

function main(): number {
  const repsFlag = process.argv.indexOf('--reps');
  const reps = repsFlag > 0 ? Number(process.argv[repsFlag + 1]) : 7;
  if (!Number.isInteger(reps) || reps < 1) {
    console.error('--reps needs a positive integer');
    return 2;
  }
  const torchProblem = ensureTorch();

  const ours: Record<string, Outcome> = {};
  for (const c of CASES) {
    console.error(`ours:  ${c.name} x${reps}...`);
    ours[c.name] = runOurs(c, reps);
  }
  let torch: ReturnType<typeof runTorch> = { error: torchProblem ?? '' };
  if (!torchProblem) {
    console.error(`torch: ${CASES.map((c) => c.name).join(', ')} x${reps}...`);
    torch = runTorch(reps, CASES.map((c) => c.name));
  }

  const ms = (o: Outcome | undefined) => (o && 'times' in o ? median(o.times) * 1e3 : null);
  const rows = CASES.map((c) => {
    const oursMs = ms(ours[c.name]);
    const torchMs = 'results' in torch ? ms(torch.results[c.name]) : null;
    const oursOutcome = ours[c.name];
    return {
      case: c.name,
      what: c.what,
      oursMs,
      torchMs,
      ratio: oursMs !== null && torchMs !== null ? oursMs / torchMs : null,
      note: oursOutcome && 'error' in oursOutcome ? `ours not available: ${oursOutcome.error}` : '',
    };
  });

  const fmt = (v: number | null, digits = 1) => (v === null ? 'n/a' : v.toFixed(digits));
  console.log(`engine bench: forward+backward, median of ${reps} runs; torch ${'version' in torch ? torch.version : 'not run'}`);
  console.log(['case'.padEnd(14), 'ours ms'.padStart(9), 'torch ms'.padStart(9), 'ours/torch'.padStart(11), '  input'].join(''));
  for (const r of rows) {
    console.log([r.case.padEnd(14), fmt(r.oursMs).padStart(9), fmt(r.torchMs).padStart(9), fmt(r.ratio, 2).padStart(11), `  ${r.what}`].join(''));
    if (r.note) console.log(`  ${r.note}`);
  }
  if ('error' in torch && torch.error) console.log(`torch not run: ${torch.error}`);

  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `engine-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const raw = { ours, torch };
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, reps, rows, raw }, null, 2) + '\n');
  console.log(`results: ${file}`);
  return torchProblem || 'error' in torch ? 1 : 0;
}

process.exitCode = main();
