/** Sharpness summary at a point: top Hessian eigenvalue and Hessian trace. */
import { hutchinsonTrace, topHessianEigenvalue } from './hessian';
import type { LandscapeObjective } from './objective';

export interface Sharpness {
  top_eigenvalue: number;
  /** Power iteration stopped by its tolerance rather than by the iteration cap. */
  converged: boolean;
  iterations: number;
  trace: number;
  trace_standard_error: number;
  trace_samples: number;
}

export interface SharpnessOptions {
  maxIterations?: number;
  tolerance?: number;
  traceSamples?: number;
  seed?: number;
}

export function sharpness(objective: LandscapeObjective, at: Float64Array, options: SharpnessOptions = {}): Sharpness {
  const { maxIterations = 60, tolerance = 1e-4, traceSamples = 30, seed = 0 } = options;
  const top = topHessianEigenvalue(objective, at, { maxIterations, tolerance, seed });
  const trace = hutchinsonTrace(objective, at, { samples: traceSamples, seed: seed + 1 });
  return {
    top_eigenvalue: top.value,
    converged: top.converged,
    iterations: top.iterations,
    trace: trace.value,
    trace_standard_error: trace.standardError,
    trace_samples: trace.samples,
  };
}
