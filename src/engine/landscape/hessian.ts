/** Sharpness of a minimum from Hessian-vector products (as PyHessian does), without forming the
 *  Hessian. The product is a central difference of analytic gradients,
 *  Hv ≈ (∇L(w + h·v) − ∇L(w − h·v)) / 2h, exact for quadratics up to rounding and O(h²) otherwise. */
import { Random } from '../train/random';
import type { LandscapeObjective } from './objective';
import { axpy, dot, norm } from './vector';

export interface HvpOptions {
  /** Step length in parameter space (the step along v is this divided by ‖v‖); default
   *  1e-4·max(1, rms(w)). */
  step?: number;
}

export function hessianVectorProduct(objective: LandscapeObjective, w: Float64Array, v: Float64Array, options: HvpOptions = {}): Float64Array {
  const vn = norm(v);
  const out = new Float64Array(w.length);
  if (vn === 0) return out;
  const rms = norm(w) / Math.sqrt(Math.max(1, w.length));
  const h = (options.step ?? 1e-4 * Math.max(1, rms)) / vn;
  const p = new Float64Array(w.length);
  const gPlus = objective.lossAndGrad(axpy(p, w, h, v)).grad.slice();
  const gMinus = objective.lossAndGrad(axpy(p, w, -h, v)).grad;
  for (let i = 0; i < w.length; i++) out[i] = (gPlus[i]! - gMinus[i]!) / (2 * h);
  return out;
}

export interface EigenOptions extends HvpOptions {
  maxIterations?: number;
  /** Stop when the Rayleigh quotient changes by less than this fraction. */
  tolerance?: number;
  seed?: number;
}

export interface TopEigen {
  /** The eigenvalue of largest magnitude (power iteration's answer; at a minimum, the largest). */
  value: number;
  vector: Float64Array;
  iterations: number;
  converged: boolean;
}

export function topHessianEigenvalue(objective: LandscapeObjective, w: Float64Array, options: EigenOptions = {}): TopEigen {
  const { maxIterations = 100, tolerance = 1e-6, seed = 0 } = options;
  const rng = new Random(seed);
  let v = Float64Array.from({ length: w.length }, () => rng.normal());
  v = v.map((x) => x / norm(v));
  let value = 0;
  for (let it = 1; it <= maxIterations; it++) {
    const hv = hessianVectorProduct(objective, w, v, options);
    const next = dot(v, hv);
    const hn = norm(hv);
    if (hn === 0) return { value: 0, vector: v, iterations: it, converged: true };
    const converged = it > 1 && Math.abs(next - value) <= tolerance * (Math.abs(next) + 1e-12);
    value = next;
    v = hv.map((x) => x / hn);
    if (converged) return { value, vector: v, iterations: it, converged: true };
  }
  return { value, vector: v, iterations: maxIterations, converged: false };
}

export interface TraceOptions extends HvpOptions {
  samples?: number;
  seed?: number;
}

export interface TraceEstimate {
  value: number;
  /** Standard error of the mean over the samples. */
  standardError: number;
  samples: number;
}

/** Hutchinson's estimator: tr(H) = E[vᵀHv] for Rademacher v (entries ±1). */
export function hutchinsonTrace(objective: LandscapeObjective, w: Float64Array, options: TraceOptions = {}): TraceEstimate {
  const { samples = 100, seed = 0 } = options;
  const rng = new Random(seed);
  const draws: number[] = [];
  for (let s = 0; s < samples; s++) {
    const v = Float64Array.from({ length: w.length }, () => (rng.uniform() < 0.5 ? -1 : 1));
    draws.push(dot(v, hessianVectorProduct(objective, w, v, options)));
  }
  const mean = draws.reduce((a, b) => a + b, 0) / samples;
  const variance = samples > 1 ? draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (samples - 1) : 0;
  return { value: mean, standardError: Math.sqrt(variance / samples), samples };
}
