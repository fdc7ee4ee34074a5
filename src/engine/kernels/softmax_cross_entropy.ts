/** The fused log-softmax + cross-entropy passes behind cross_entropy: one exp per logit, the
 *  softmax kept in the gradient buffer, value and gradient in the same sweep over each row.
 *  Rows are strided: row (n, j) holds logits[n·C·inner + c·inner + j], c = 0..C-1. */
import { expNonPositive } from './fast_exp';
import { softmaxRowsSimd, type RowFactors } from './softmax_rows_simd';

// A module-level alias: calling through the import binding on every element keeps V8 from inlining it.
const expShifted = expNonPositive;

export interface SoftmaxRows {
  logits: Float64Array;
  batch: number;
  classes: number;
  inner: number;
  /** Per-class weights, or null for all ones. */
  weight: Float64Array | null;
}

export interface ClassIndexSums {
  /** Per-row losses, when asked for (reduction 'none'). */
  rows: Float64Array | null;
  nllSum: number;
  smoothSum: number;
  gradLogits: Float64Array | null;
}

/** Class-index targets (row class or -1 when ignored). Row loss = (1−ε)·nllᵣ + (ε/C)·smoothᵣ with
 *  nllᵣ = −w[k]·log pₖ and smoothᵣ = −Σc w[c]·log p_c (PyTorch 1.13's label smoothing), or nllᵣ
 *  alone when ε = 0. `nllGrad`/`smoothGrad` are the factors that d(output)/d(nllᵣ / w[k]) and
 *  d(output)/d(smoothᵣ) take (they carry the 'mean' divisor). */
export function classIndexRows(
  s: SoftmaxRows,
  targets: Int32Array,
  smoothing: number,
  keepRows: boolean,
  grad: { nllScale: number; smoothScale: number } | null,
): ClassIndexSums {
  const { logits: x, batch, classes: C, inner, weight } = s;
  const rowsOut = keepRows ? new Float64Array(batch * inner) : null;
  const g = grad ? new Float64Array(x.length) : null;
  let weightSum = C;
  if (weight) {
    weightSum = 0;
    for (let c = 0; c < C; c++) weightSum += weight[c]!;
  }
  const smoothFactor = smoothing > 0 ? smoothing / C : 0;
  const nllFactor = smoothing > 0 ? 1 - smoothing : 1;
  let nllSum = 0;
  let smoothSum = 0;
  /** Row r's terms from its max m, Σ e and Σ w·(x − m), starting at `base`: its losses added up, and
   *  the factors of its gradient b·w[c] − e_c·f, plus `a` at the target (0 when it is ignored). */
  const finishRow = (r: number, base: number, m: number, sumE: number, sumWZ: number, factors: RowFactors): void => {
    const logS = Math.log(sumE);
    const k = targets[r]!;
    let a = 0;
    let b = 0;
    if (k >= 0) {
      const wk = weight ? weight[k]! : 1;
      const nll = -wk * (x[base + k * inner]! - m - logS);
      const smooth = smoothFactor > 0 ? -(sumWZ - logS * weightSum) : 0;
      nllSum += nll;
      smoothSum += smooth;
      if (rowsOut) rowsOut[r] = smoothFactor > 0 ? nllFactor * nll + smooth * smoothFactor : nll;
      if (grad) {
        a = wk * grad.nllScale;
        b = grad.smoothScale;
      }
    }
    // d/dlogit_c = dL/dlogp_c − softmax_c · Σ dL/dlogp, with dL/dlogp_c = a·[c = k] + b·w[c].
    factors.f = (a + b * weightSum) / sumE;
    factors.b = b;
    factors.a = a;
  };
  if (inner === 1 && !weight && softmaxRowsSimd(x, batch, C, g, targets, (r, m, sumE, sumZ, factors) => finishRow(r, r * C, m, sumE, sumZ, factors))) {
    return { rows: rowsOut, nllSum, smoothSum, gradLogits: g };
  }
  const factors: RowFactors = { f: 0, b: 0, a: 0 };
  for (let n = 0; n < batch; n++) {
    for (let j = 0; j < inner; j++) {
      const base = n * C * inner + j;
      const end = base + C * inner;
      const m = rowMax(x, base, end, inner);
      let sumE = 0;
      let sumWZ = 0;
      if (g) {
        if (weight) {
          for (let i = base, c = 0; i < end; i += inner, c++) {
            const z = x[i]! - m;
            const e = expShifted(z);
            g[i] = e;
            sumE += e;
            sumWZ += weight[c]! * z;
          }
        } else {
          for (let i = base; i < end; i += inner) {
            const z = x[i]! - m;
            const e = expShifted(z);
            g[i] = e;
            sumE += e;
            sumWZ += z;
          }
        }
      } else if (weight) {
        for (let i = base, c = 0; i < end; i += inner, c++) {
          const z = x[i]! - m;
          sumE += expShifted(z);
          sumWZ += weight[c]! * z;
        }
      } else {
        for (let i = base; i < end; i += inner) {
          const z = x[i]! - m;
          sumE += expShifted(z);
          sumWZ += z;
        }
      }
      const r = n * inner + j;
      finishRow(r, base, m, sumE, sumWZ, factors);
      if (g) {
        const { f, b, a } = factors;
        if (weight) {
          for (let i = base, c = 0; i < end; i += inner, c++) g[i] = b * weight[c]! - g[i]! * f;
        } else {
          for (let i = base; i < end; i += inner) g[i] = b - g[i]! * f;
        }
        if (targets[r]! >= 0) g[base + targets[r]! * inner]! += a;
      }
    }
  }
  return { rows: rowsOut, nllSum, smoothSum, gradLogits: g };
}

export interface ProbabilitySums {
  rows: Float64Array | null;
  sum: number;
  gradLogits: Float64Array | null;
  gradTarget: Float64Array | null;
  gradWeight: Float64Array | null;
}

/** Probability targets: row loss = −Σc w[c]·t'_c·log p_c with t' = t(1−ε) + ε/C (t' = t when
 *  ε = 0). `gradScale` is d(output)/d(row loss): 1, or 1/rows for 'mean'. */
export function probabilityRows(s: SoftmaxRows, target: Float64Array, smoothing: number, keepRows: boolean, gradScale: number | null): ProbabilitySums {
  const { logits: x, batch, classes: C, inner, weight } = s;
  const rowsOut = keepRows ? new Float64Array(batch * inner) : null;
  const wantGrad = gradScale !== null;
  const g = wantGrad ? new Float64Array(x.length) : null;
  const gt = wantGrad ? new Float64Array(x.length) : null;
  const gw = wantGrad && weight ? new Float64Array(C) : null;
  const smoothed = smoothing > 0;
  const keep = smoothed ? 1 - smoothing : 1;
  const spread = smoothed ? smoothing / C : 0;
  const scale = gradScale ?? 0;
  let sum = 0;
  for (let n = 0; n < batch; n++) {
    for (let j = 0; j < inner; j++) {
      const base = n * C * inner + j;
      const end = base + C * inner;
      const m = rowMax(x, base, end, inner);
      let sumE = 0;
      for (let i = base; i < end; i += inner) {
        const e = expShifted(x[i]! - m);
        if (g) g[i] = e;
        sumE += e;
      }
      const logS = Math.log(sumE);
      let row = 0;
      let gradSum = 0;
      for (let i = base, c = 0; i < end; i += inner, c++) {
        const logp = x[i]! - m - logS;
        const t = smoothed ? target[i]! * keep + spread : target[i]!;
        const w = weight ? weight[c]! : 1;
        row -= logp * t * w;
        if (g && gt) {
          const dLogp = -scale * t * w;
          gradSum += dLogp;
          gt[i] = -scale * w * logp * keep;
          if (gw) gw[c]! -= scale * t * logp;
        }
      }
      sum += row;
      if (rowsOut) rowsOut[n * inner + j] = row;
      if (g) {
        const f = gradSum / sumE;
        for (let i = base, c = 0; i < end; i += inner, c++) {
          const t = smoothed ? target[i]! * keep + spread : target[i]!;
          const w = weight ? weight[c]! : 1;
          g[i] = -scale * t * w - g[i]! * f;
        }
      }
    }
  }
  return { rows: rowsOut, sum, gradLogits: g, gradTarget: gt, gradWeight: gw };
}

/** Largest entry of a strided row (two running maxima for speed). NaN entries are skipped here
 *  but still make the row NaN: their exp is NaN, so the sum, its log and every gradient are. */
function rowMax(x: Float64Array, base: number, end: number, stride: number): number {
  let m0 = -Infinity;
  let m1 = -Infinity;
  let i = base;
  for (; i + stride < end; i += 2 * stride) {
    const a = x[i]!;
    const b = x[i + stride]!;
    m0 = a > m0 ? a : m0;
    m1 = b > m1 ? b : m1;
  }
  if (i < end) {
    const a = x[i]!;
    m0 = a > m0 ? a : m0;
  }
  return m0 > m1 ? m0 : m1;
}
