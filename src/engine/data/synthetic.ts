/** Synthetic data sets for sweeps: regression, binary and multi-class toy problems, each seeded. */
import { Random } from '../train/random';
import { makeDataset, type Dataset, type Task } from './dataset';

export interface SyntheticParams {
  n: number;
  noise: number;
  seed: number;
  /** Number of classes (multiclass blobs/spirals). */
  classes?: number;
  /** Share of the minority class (imbalanced). */
  ratio?: number;
  /** Share of corrupted targets (outliers). */
  outlierFraction?: number;
}

type Generator = (p: SyntheticParams, rng: Random) => Dataset;

function regression(n: number, fill: (x: number, rng: Random) => number, rng: Random, lo = -3, hi = 3): Dataset {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.range(lo, hi);
    y[i] = fill(x[i]!, rng);
  }
  return makeDataset('regression', x, y, 1, 1);
}

function twoD(task: Task, n: number, classes: number, point: (i: number, out: Float64Array) => number): Dataset {
  const x = new Float64Array(n * 2);
  const y = new Float64Array(n);
  const p = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    y[i] = point(i, p);
    x[2 * i] = p[0]!;
    x[2 * i + 1] = p[1]!;
  }
  return makeDataset(task, x, y, 2, classes);
}

function blobs(task: Task, n: number, classes: number, noise: number, rng: Random, minorityShare?: number): Dataset {
  const centres = Array.from({ length: classes }, (_, c) => [2.5 * Math.cos((2 * Math.PI * c) / classes), 2.5 * Math.sin((2 * Math.PI * c) / classes)] as const);
  const sd = noise > 0 ? noise : 1;
  return twoD(task, n, classes, (i, out) => {
    const c = minorityShare === undefined ? i % classes : rng.uniform() < minorityShare ? 1 : 0;
    out[0] = centres[c]![0] + sd * rng.normal();
    out[1] = centres[c]![1] + sd * rng.normal();
    return c;
  });
}

function spirals(task: Task, n: number, classes: number, noise: number, rng: Random): Dataset {
  return twoD(task, n, classes, (i, out) => {
    const c = i % classes;
    const t = rng.uniform();
    const r = 0.2 + 3 * t;
    const angle = 3.5 * t * Math.PI + (2 * Math.PI * c) / classes;
    out[0] = r * Math.cos(angle) + noise * rng.normal();
    out[1] = r * Math.sin(angle) + noise * rng.normal();
    return c;
  });
}

const REGRESSION: Record<string, Generator> = {
  linear: (p, rng) => regression(p.n, (x) => 2 * x + 1 + p.noise * rng.normal(), rng),
  outliers: (p, rng) => {
    const share = p.outlierFraction ?? 0.1;
    return regression(p.n, (x) => 2 * x + 1 + p.noise * rng.normal() + (rng.uniform() < share ? rng.range(8, 15) * (rng.uniform() < 0.5 ? -1 : 1) : 0), rng);
  },
  heteroscedastic: (p, rng) => regression(p.n, (x) => 2 * x + 1 + p.noise * (0.2 + Math.abs(x)) * rng.normal(), rng),
  sine: (p, rng) => regression(p.n, (x) => Math.sin(2 * x) + p.noise * rng.normal(), rng),
};

const BINARY: Record<string, Generator> = {
  moons: (p, rng) => {
    const outer = Math.ceil(p.n / 2);
    return twoD('binary', p.n, 2, (i, out) => {
      const inner = i >= outer;
      const t = Math.PI * (inner ? (i - outer) / Math.max(1, p.n - outer - 1) : i / Math.max(1, outer - 1));
      out[0] = (inner ? 1 - Math.cos(t) : Math.cos(t)) + p.noise * rng.normal();
      out[1] = (inner ? 0.5 - Math.sin(t) : Math.sin(t)) + p.noise * rng.normal();
      return inner ? 1 : 0;
    });
  },
  circles: (p, rng) =>
    twoD('binary', p.n, 2, (i, out) => {
      const inner = i % 2;
      const t = 2 * Math.PI * rng.uniform();
      const r = inner ? 0.5 : 1;
      out[0] = r * Math.cos(t) + p.noise * rng.normal();
      out[1] = r * Math.sin(t) + p.noise * rng.normal();
      return inner;
    }),
  xor: (p, rng) =>
    twoD('binary', p.n, 2, (_i, out) => {
      const a = rng.range(-1, 1);
      const b = rng.range(-1, 1);
      out[0] = a + p.noise * rng.normal();
      out[1] = b + p.noise * rng.normal();
      return a * b > 0 ? 1 : 0;
    }),
  blobs: (p, rng) => blobs('binary', p.n, 2, p.noise, rng),
  spirals: (p, rng) => spirals('binary', p.n, 2, p.noise, rng),
  imbalanced: (p, rng) => blobs('binary', p.n, 2, p.noise, rng, p.ratio ?? 0.1),
};

const MULTICLASS: Record<string, Generator> = {
  blobs: (p, rng) => blobs('multiclass', p.n, p.classes ?? 3, p.noise, rng),
  spirals: (p, rng) => spirals('multiclass', p.n, p.classes ?? 3, p.noise, rng),
};

export const SYNTHETIC: Readonly<Record<Task, Readonly<Record<string, Generator>>>> = {
  regression: REGRESSION,
  binary: BINARY,
  multiclass: MULTICLASS,
};

export function syntheticNames(task: Task): string[] {
  return Object.keys(SYNTHETIC[task]);
}

/** The named data set for `task`, or undefined when there is none by that name. */
export function generate(task: Task, name: string, params: SyntheticParams): Dataset | undefined {
  const g = Object.prototype.hasOwnProperty.call(SYNTHETIC[task], name) ? SYNTHETIC[task][name] : undefined;
  return g?.(params, new Random(params.seed));
}
