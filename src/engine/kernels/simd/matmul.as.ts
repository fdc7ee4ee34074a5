// AssemblyScript, compiled to WebAssembly with SIMD by scripts/wasm.mjs (not seen by tsc).
// The float64 matrix product of matmul.ts: out (R×C) = A (R×L) · B (L×C), both operands packed by
// the caller into panels of 4 (A: 4 rows, B: 4 columns), each panel k-major: panel[k·4 + r] is
// element (r, k) of the panel's rows for A and (k, r) of its columns for B, zero beyond the
// matrix. The caller owns the memory layout and passes byte addresses; nothing here allocates.
//
// Each output element is one sum over k = 0, 1, … in order of a·b (no fused multiply-add), so
// the bits equal those of the plain loop `s = 0; for k: s += a[i,k]·b[k,j]`.

/** out (R4 × C4, row stride C4, both multiples of 4) from the packed panels of A and B. Loop
 *  order i-k-j within a 4×4 register block: eight f64x2 sums, four splats of A and two loads of B
 *  per k. Blocks of B panels that fit in L2 are reused by every row panel of A. */
export function gemm(ap: usize, bp: usize, out: usize, R4: i32, C4: i32, L: i32): void {
  const panel = <usize>L << 5; // 4 values × 8 bytes per k
  // 64 panels of B (L = 128: 256 KB) stay in L2 while every row panel of A passes over them.
  const JB = 64;
  for (let j0 = 0; j0 < C4 >> 2; j0 += JB) {
    const j1 = min(j0 + JB, C4 >> 2);
    for (let i = 0; i < R4 >> 2; i++) {
      const a0 = ap + <usize>i * panel;
      const row = out + ((<usize>i * <usize>C4) << 5);
      for (let j = j0; j < j1; j++) {
        const b0 = bp + <usize>j * panel;
        let s00 = f64x2.splat(0), s01 = f64x2.splat(0);
        let s10 = f64x2.splat(0), s11 = f64x2.splat(0);
        let s20 = f64x2.splat(0), s21 = f64x2.splat(0);
        let s30 = f64x2.splat(0), s31 = f64x2.splat(0);
        for (let k: usize = 0; k < panel; k += 32) {
          const b01 = v128.load(b0 + k);
          const b23 = v128.load(b0 + k, 16);
          const x0 = v128.load64_splat(a0 + k);
          s00 = f64x2.add(s00, f64x2.mul(x0, b01));
          s01 = f64x2.add(s01, f64x2.mul(x0, b23));
          const x1 = v128.load64_splat(a0 + k, 8);
          s10 = f64x2.add(s10, f64x2.mul(x1, b01));
          s11 = f64x2.add(s11, f64x2.mul(x1, b23));
          const x2 = v128.load64_splat(a0 + k, 16);
          s20 = f64x2.add(s20, f64x2.mul(x2, b01));
          s21 = f64x2.add(s21, f64x2.mul(x2, b23));
          const x3 = v128.load64_splat(a0 + k, 24);
          s30 = f64x2.add(s30, f64x2.mul(x3, b01));
          s31 = f64x2.add(s31, f64x2.mul(x3, b23));
        }
        const o = row + (<usize>j << 5);
        const stride = <usize>C4 << 3;
        v128.store(o, s00);
        v128.store(o, s01, 16);
        v128.store(o + stride, s10);
        v128.store(o + stride, s11, 16);
        v128.store(o + 2 * stride, s20);
        v128.store(o + 2 * stride, s21, 16);
        v128.store(o + 3 * stride, s30);
        v128.store(o + 3 * stride, s31, 16);
      }
    }
  }
}

export function heapBase(): usize {
  return __heap_base;
}
