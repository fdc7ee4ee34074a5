/** The float64 matrix product that every similarity-based loss shares (InfoNCE, CLIP, N-pairs,
 *  the cosine heads, NT-Xent, SupCon): on WebAssembly SIMD (simd/matmul.as.ts) where the runtime
 *  has it, else in JavaScript. Both sum each output over k in order from 0 without fused
 *  multiply-adds, so the result has the same bits either way (and as the naive triple loop). */
import { instantiate, reserve, type KernelMemory } from './simd/instance';
import { WASM_BASE64 } from './simd/matmul.wasm.generated';

/** How an operand is stored: A (R×L) as R rows of L, or transposed (L rows of R); B (L×C) as L
 *  rows of C, or transposed (C rows of L, the layout of A·Bᵀ with B's rows as embeddings). */
export interface Layout {
  aTransposed?: boolean;
  bTransposed?: boolean;
}

interface Kernel extends KernelMemory {
  gemm(ap: number, bp: number, out: number, R4: number, C4: number, L: number): void;
}

/** Products smaller than this many multiply-adds stay in JavaScript (packing would dominate). */
const WASM_FROM = 1 << 15;
/** The wasm memory is grown up to this (it never shrinks); larger products run in JavaScript. */
const WASM_MAX_BYTES = 256 * 2 ** 20;
/** Output rows per gemm call are chosen so that one chunk of the output takes about this many bytes. */
const OUT_CHUNK_BYTES = 8 * 2 ** 20;

let kernel: Kernel | null | undefined;

function load(): Kernel | null {
  if (kernel === undefined) kernel = instantiate<Kernel>(WASM_BASE64);
  return kernel;
}

/** A (R×L) · B (L×C) into `out` (R×C, row-major; new when not given). */
export function matmul(a: Float64Array, b: Float64Array, R: number, C: number, L: number, layout: Layout = {}, out: Float64Array = new Float64Array(R * C)): Float64Array {
  if (R * C * L >= WASM_FROM && matmulWasm(a, b, R, C, L, layout, out)) return out;
  return matmulJs(a, b, R, C, L, layout, out);
}

const roundUp4 = (n: number) => (n + 3) & ~3;

/** Packs `count` rows of length L into panels of 4 rows, k-major, zero beyond `count`: panel p,
 *  step k, lane r holds element (4p + r, k), stored at src[(4p + r)·L + k] (`rowMajor`) or at
 *  src[k·count + 4p + r]. Each loop order reads the source contiguously. */
function pack(dst: Float64Array, src: Float64Array, count: number, L: number, rowMajor: boolean): void {
  const count4 = roundUp4(count);
  for (let p = 0; p < count4; p += 4) {
    const base = p * L;
    const lanes = Math.min(4, count - p);
    if (lanes < 4) for (let k = 0; k < 4 * L; k++) dst[base + k] = 0;
    if (rowMajor) {
      for (let r = 0; r < lanes; r++) {
        const row = (p + r) * L;
        for (let k = 0; k < L; k++) dst[base + 4 * k + r] = src[row + k]!;
      }
    } else {
      for (let k = 0; k < L; k++) {
        const from = k * count + p;
        const to = base + 4 * k;
        for (let r = 0; r < lanes; r++) dst[to + r] = src[from + r]!;
      }
    }
  }
}

/** The product on wasm; false (and `out` untouched) when the kernel or its memory is unavailable. */
function matmulWasm(a: Float64Array, b: Float64Array, R: number, C: number, L: number, layout: Layout, out: Float64Array): boolean {
  const k = load();
  if (!k) return false;
  const [R4, C4] = [roundUp4(R), roundUp4(C)];
  const chunkRows = Math.max(4, Math.min(R4, Math.floor(OUT_CHUNK_BYTES / (8 * C4)) & ~3));
  const base = (k.heapBase() + 15) & ~15;
  const ap = base;
  const bp = ap + R4 * L * 8;
  const op = bp + C4 * L * 8;
  const end = op + chunkRows * C4 * 8;
  if (end > WASM_MAX_BYTES || !reserve(k, end)) return false;
  const heap = new Float64Array(k.memory.buffer);
  // A's rows are its panels' rows; B's panels hold its columns, which are rows of Bᵀ.
  pack(heap.subarray(ap / 8, bp / 8), a, R, L, layout.aTransposed !== true);
  pack(heap.subarray(bp / 8, op / 8), b, C, L, layout.bTransposed === true);
  for (let i0 = 0; i0 < R4; i0 += chunkRows) {
    const rows = Math.min(chunkRows, R4 - i0);
    k.gemm(ap + i0 * L * 8, bp, op, rows, C4, L);
    const real = Math.min(rows, R - i0);
    const result = heap.subarray(op / 8, op / 8 + real * C4);
    if (C4 === C) out.set(result, i0 * C);
    else for (let i = 0; i < real; i++) out.set(result.subarray(i * C4, i * C4 + C), (i0 + i) * C);
  }
  return true;
}

/** The JavaScript product (also what runs where WebAssembly SIMD is missing): B's columns as rows (a transposed copy when B is stored L×C), then
 *  blocks of 4 rows of A × 4 rows of Bᵀ, sixteen independent sums sharing 8 loads per k. */
export function matmulJs(a: Float64Array, b: Float64Array, R: number, C: number, L: number, layout: Layout, out: Float64Array): Float64Array {
  const x = layout.aTransposed ? transpose(a, L, R) : a;
  const y = layout.bTransposed ? b : transpose(b, L, C);
  const R4 = R - (R % 4);
  const C4 = C - (C % 4);
  for (let i = 0; i < R4; i += 4) {
    const x0 = i * L;
    const x1 = x0 + L;
    const x2 = x1 + L;
    const x3 = x2 + L;
    for (let j = 0; j < C4; j += 4) {
      const y0 = j * L;
      const y1 = y0 + L;
      const y2 = y1 + L;
      const y3 = y2 + L;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let k = 0; k < L; k++) {
        const a0 = x[x0 + k]!, a1 = x[x1 + k]!, a2 = x[x2 + k]!, a3 = x[x3 + k]!;
        const b0 = y[y0 + k]!, b1 = y[y1 + k]!, b2 = y[y2 + k]!, b3 = y[y3 + k]!;
        s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
        s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
        s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
        s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3;
      }
      const o0 = i * C + j;
      const o1 = o0 + C;
      const o2 = o1 + C;
      const o3 = o2 + C;
      out[o0] = s00; out[o0 + 1] = s01; out[o0 + 2] = s02; out[o0 + 3] = s03;
      out[o1] = s10; out[o1 + 1] = s11; out[o1 + 2] = s12; out[o1 + 3] = s13;
      out[o2] = s20; out[o2 + 1] = s21; out[o2 + 2] = s22; out[o2 + 3] = s23;
      out[o3] = s30; out[o3 + 1] = s31; out[o3 + 2] = s32; out[o3 + 3] = s33;
    }
  }
  // The edges (rows or columns beyond the last whole block): plain sums in the same order.
  for (let i = 0; i < R; i++) {
    for (let j = i < R4 ? C4 : 0; j < C; j++) {
      let sum = 0;
      for (let k = 0; k < L; k++) sum += x[i * L + k]! * y[j * L + k]!;
      out[i * C + j] = sum;
    }
  }
  return out;
}

/** The transpose of row-major x (R×C), in 8×8 tiles so both sides of the copy stay in a few cache lines. */
function transpose(x: Float64Array, R: number, C: number): Float64Array {
  const t = new Float64Array(R * C);
  for (let i0 = 0; i0 < R; i0 += 8) {
    const i1 = Math.min(i0 + 8, R);
    for (let j0 = 0; j0 < C; j0 += 8) {
      const j1 = Math.min(j0 + 8, C);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) t[j * R + i] = x[i * C + j]!;
    }
  }
  return t;
}
