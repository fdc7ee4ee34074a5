// AssemblyScript, compiled to WebAssembly with SIMD by scripts/wasm.mjs (not seen by tsc).
// The two passes of softmax_cross_entropy.ts's fused rows over a block of contiguous rows of C
// float64 logits, in place: the caller copies the block in, reads the row sums, and copies the
// gradient out. The caller owns the memory layout and passes byte addresses; nothing allocates.

import { expNonPositive2 } from './vector_exp.as';

/** Each of `rows` rows of C values at `x` becomes exp(v − max of its row); `stats` gets, per row,
 *  the max, Σ exp(v − max) and Σ (v − max). The max skips NaN (a NaN still makes the sums NaN). */
export function softmaxRows(x: usize, stats: usize, rows: i32, C: i32): void {
  const pairs = <usize>(C >> 1) << 4;
  const odd = (C & 1) != 0;
  const rowBytes = <usize>C << 3;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    let m2 = f64x2.splat(-Infinity);
    for (let o: usize = 0; o < pairs; o += 16) m2 = f64x2.pmax(m2, v128.load(row + o));
    const a = f64x2.extract_lane(m2, 0);
    const b = f64x2.extract_lane(m2, 1);
    let m = a < b ? b : a;
    if (odd) {
      const last = load<f64>(row + pairs);
      m = m < last ? last : m;
    }
    const mm = f64x2.splat(m);
    let sumE = f64x2.splat(0);
    let sumZ = f64x2.splat(0);
    for (let o: usize = 0; o < pairs; o += 16) {
      const z = f64x2.sub(v128.load(row + o), mm);
      const e = expNonPositive2(z);
      v128.store(row + o, e);
      sumE = f64x2.add(sumE, e);
      sumZ = f64x2.add(sumZ, z);
    }
    let se = f64x2.extract_lane(sumE, 0) + f64x2.extract_lane(sumE, 1);
    let sz = f64x2.extract_lane(sumZ, 0) + f64x2.extract_lane(sumZ, 1);
    if (odd) {
      const z = load<f64>(row + pairs) - m;
      const e = f64x2.extract_lane(expNonPositive2(f64x2.splat(z)), 0);
      store<f64>(row + pairs, e);
      se += e;
      sz += z;
    }
    const s = stats + <usize>r * 24;
    store<f64>(s, m);
    store<f64>(s, se, 8);
    store<f64>(s, sz, 16);
  }
}

/** Each row r of C values at `x` becomes b_r − v·f_r, with (f_r, b_r) at `factors` + 16·r. */
export function scaleRows(x: usize, factors: usize, rows: i32, C: i32): void {
  const pairs = <usize>(C >> 1) << 4;
  const odd = (C & 1) != 0;
  const rowBytes = <usize>C << 3;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    const f = load<f64>(factors + (<usize>r << 4));
    const b = load<f64>(factors + (<usize>r << 4), 8);
    const f2 = f64x2.splat(f);
    const b2 = f64x2.splat(b);
    for (let o: usize = 0; o < pairs; o += 16) v128.store(row + o, f64x2.sub(b2, f64x2.mul(v128.load(row + o), f2)));
    if (odd) store<f64>(row + pairs, b - load<f64>(row + pairs) * f);
  }
}

export function heapBase(): usize {
  return __heap_base;
}
