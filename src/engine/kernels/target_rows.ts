/** Rows of logits whose loss depends on them only through the log-probability of the target class,
 *  loss_r = h(log p_t) (focal, generalized CE, poly-1): the gradient is then h'·(δ_kt − p_k), which the
 *  fused softmax rows of softmax_rows_simd.ts write in one pass as b − e_k·f plus a at the target,
 *  with the reduction's scale already in the factors. Without the kernel, rows.ts's softmaxRow and
 *  the same gradient row by row in JavaScript. */
import { softmaxRow } from './rows';
import { scratch } from './scratch';
import { softmaxRowsSimd } from './softmax_rows_simd';

/** Row r's loss and its derivative with respect to log p_t, written into out = [h, h']. */
export type TargetTerm = (r: number, logPt: number, out: Float64Array) => void;

/** Each row's loss into the returned array and, with `g`, d(scale·Σ loss)/d(logits) into `g`.
 *  `targets` are valid class indices (checked by the caller). */
export function targetLogProbRows(x: Float64Array, rows: number, C: number, targets: ArrayLike<number>, term: TargetTerm, g: Float64Array | null, scale: number): Float64Array {
  const values = new Float64Array(rows);
  const out = new Float64Array(2);
  const t32 = Int32Array.from(targets);
  /** Row r's loss from log p_t; returns d = scale·h', the row's gradient being d·(δ_kt − p_k). */
  const finishRow = (r: number, logPt: number): number => {
    term(r, logPt, out);
    values[r] = out[0]!;
    return out[1]! * scale;
  };
  const simd = softmaxRowsSimd(x, rows, C, g, t32, (r, m, sumE, _z, factors) => {
    const d = finishRow(r, x[r * C + t32[r]!]! - m - Math.log(sumE));
    factors.f = d / sumE;
    factors.b = 0;
    factors.a = d;
  });
  if (simd) return values;
  const p = g ?? scratch('target_rows.softmax', rows * C);
  for (let r = 0; r < rows; r++) {
    const base = r * C;
    const d = finishRow(r, x[base + t32[r]!]! - softmaxRow(x, base, C, p));
    if (!g) continue;
    for (let k = 0; k < C; k++) g[base + k] = -p[base + k]! * d;
    g[base + t32[r]!]! += d;
  }
  return values;
}
