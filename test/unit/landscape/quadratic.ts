/** Quadratic objectives f(w) = ½(w−m)ᵀA(w−m) + c with A = Q·diag(λ)·Qᵀ built from chosen
 *  eigenvalues, so landscapes and Hessian spectra are known exactly. */
import type { LandscapeObjective, ParameterBlock } from '../../../src/engine/landscape/objective';
import { rng } from '../fd';

/** Two dense layers (3×4 weights, 3 biases, 2×3 weights, 2 biases): 23 parameters. */
export const BLOCKS: ParameterBlock[] = [
  { offset: 0, shape: [3, 4], isBias: false },
  { offset: 12, shape: [3], isBias: true },
  { offset: 15, shape: [2, 3], isBias: false },
  { offset: 21, shape: [2], isBias: true },
];
export const SIZE = 23;

export function normal(seed: number): () => number {
  const u = rng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export function randomVector(n: number, seed: number): Float64Array {
  const g = normal(seed);
  return Float64Array.from({ length: n }, () => g());
}

/** Dense row-major n×n. */
export class Quadratic implements LandscapeObjective {
  readonly layers = BLOCKS;
  calls = 0;
  constructor(
    readonly size: number,
    readonly a: Float64Array,
    readonly minimum: Float64Array,
    readonly offset = 0.5,
  ) {}

  /** A = Q diag(eigenvalues) Qᵀ, Q a product of three seeded Householder reflections. */
  static withEigenvalues(eigenvalues: number[], seed: number): Quadratic {
    const n = eigenvalues.length;
    let q: Float64Array = new Float64Array(n * n);
    for (let i = 0; i < n; i++) q[i * n + i] = 1;
    for (let r = 0; r < 3; r++) {
      const u = randomVector(n, seed * 7 + r);
      const un = Math.hypot(...u);
      const h = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) h[i * n + j] = (i === j ? 1 : 0) - (2 * u[i]! * u[j]!) / (un * un);
      q = matmul(q, h, n);
    }
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k]! * eigenvalues[k]! * q[j * n + k]!;
      a[i * n + j] = s;
    }
    return new Quadratic(n, a, randomVector(n, seed + 1000));
  }

  mul(v: Float64Array): Float64Array {
    const n = this.size;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += this.a[i * n + j]! * v[j]!;
      out[i] = s;
    }
    return out;
  }

  lossAndGrad(w: Float64Array): { loss: number; grad: Float64Array } {
    this.calls++;
    const r = w.map((x, i) => x - this.minimum[i]!);
    const grad = this.mul(r);
    let loss = this.offset;
    for (let i = 0; i < r.length; i++) loss += 0.5 * r[i]! * grad[i]!;
    return { loss, grad };
  }
}

function matmul(x: Float64Array, y: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) out[i * n + j]! += x[i * n + k]! * y[k * n + j]!;
  return out;
}

export function dotv(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
