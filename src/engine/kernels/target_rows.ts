/** Rows of logits whose loss depends on them only through the log-probability of the target class,
 *  loss_r = h(log p_t) (focal, generalized CE, poly-1): the gradient is then h'·(δ_kt − p_k), which the
 *  fused softmax rows of softmax_rows_simd.ts write in one pass as b − e_k·f plus a at the target,
 *  with the reduction's scale already in the factors. Without the kernel, the same arithmetic row
 *  by row in JavaScript. */
import { expNonPositive } from './fast_exp';
import { softmaxRowsSimd, type RowFactors } from './softmax_rows_simd';

/** Row r's loss and its derivative with respect to log p_t, written into out = [h, h']. */
export type TargetTerm = (r: number, logPt: number, out: Float64Array) => void;

/** Each row's loss into the returned array and, with `g`, d(scale·Σ loss)/d(logits) into `g`.
 *  `targets` are valid class indices (checked by the caller). */
export function targetLogProbRows(x: Float64Array, rows: number, C: number, targets: ArrayLike<number>, term: TargetTerm, g: Float64Array | null, scale: number): Float64Array {
  const values = new Float64Array(rows);
  const out = new Float64Array(2);
  const t32 = Int32Array.from(targets);
  const finishRow = (r: number, m: number, sumE: number, factors: RowFactors): void => {
    term(r, x[r * C + t32[r]!]! - m - Math.log(sumE), out);
    values[r] = out[0]!;
    const d = out[1]! * scale;
    // d/dz_k = d·(δ_kt − e_k/Σe)
    factors.f = d / sumE;
    factors.b = 0;
    factors.a = d;
  };
  if (softmaxRowsSimd(x, rows, C, g, t32, (r, m, sumE, _z, factors) => finishRow(r, m, sumE, factors))) return values;
  const factors: RowFactors = { f: 0, b: 0, a: 0 };
  const e = g ?? new Float64Array(C);
  for (let r = 0; r < rows; r++) {
    const base = r * C;
    const at = g ? base : 0;
    let m = -Infinity;
    for (let k = 0; k < C; k++) m = Math.max(m, x[base + k]!);
    let sumE = 0;
    for (let k = 0; k < C; k++) sumE += e[at + k] = expNonPositive(x[base + k]! - m);
    finishRow(r, m, sumE, factors);
    if (!g) continue;
    for (let k = 0; k < C; k++) g[base + k] = -g[base + k]! * factors.f;
    g[base + t32[r]!]! += factors.a;
  }
  return values;
}
