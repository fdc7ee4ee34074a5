/** Softmax rows on WebAssembly SIMD (simd/softmax.as.ts), for contiguous rows of C logits: block
 *  by block, the logits are copied into the kernel's memory, turned into exp(v − max) with each
 *  row's sums, finished by the caller (losses, factors), turned into b − e·f there (a gradient, or
 *  the probabilities with f = −1/Σe, b = 0) and copied out. The same arithmetic as the JavaScript
 *  loops, with the exponential from a table of 2^(j/128) and a short series, and the sums in two lanes:
 *  equal to a few ulps.
 *  Users: classIndexRows (cross_entropy, label smoothing), targetLogProbRows (focal, GCE, poly-1) and
 *  softmaxRowsInto (soft-target CE, single-label ASL, JSD, z-loss). */
import { instantiate, reserve, type KernelMemory } from './simd/instance';
import { WASM_BASE64 } from './simd/softmax.wasm.generated';

/** A row's gradient is b − e_c·f, plus a at its target. */
export interface RowFactors {
  f: number;
  b: number;
  a: number;
}

interface Kernel extends KernelMemory {
  softmaxRows(x: number, stats: number, rows: number, C: number): void;
  scaleRows(x: number, factors: number, rows: number, C: number): void;
}

let kernel: Kernel | null | undefined;

/** Logits per block: the block, its exponentials and its gradient stay in L2 between the passes. */
const BLOCK_BYTES = 128 * 1024;
/** Rows longer than this stay in JavaScript (the kernel's memory would grow for one row). */
const MAX_ROW_BYTES = 16 * 2 ** 20;

/** Row blocks through the kernel: each row's sums go to `finishRow`, which sets its factors; with
 *  `out`, each row then becomes b − e·f there and `afterBlock(r0, n, added)` gets each row's `a`.
 *  False where WebAssembly SIMD is missing or the rows are too long for it (nothing done). */
function rowBlocks(
  x: Float64Array,
  rows: number,
  C: number,
  out: Float64Array | null,
  finishRow: (r: number, max: number, sumExp: number, sumShifted: number, factors: RowFactors) => void,
  afterBlock: (r0: number, n: number, added: Float64Array) => void,
): boolean {
  if (C < 2 || 8 * C > MAX_ROW_BYTES) return false;
  if (kernel === undefined) kernel = instantiate<Kernel>(WASM_BASE64);
  const k = kernel;
  if (!k) return false;
  const perBlock = Math.max(1, Math.min(rows, Math.floor(BLOCK_BYTES / (8 * C))));
  const xp = (k.heapBase() + 15) & ~15;
  const statsP = xp + perBlock * C * 8;
  const factorsP = statsP + perBlock * 24;
  if (!reserve(k, factorsP + perBlock * 16)) return false;
  const heap = new Float64Array(k.memory.buffer);
  const [x0, s0, f0] = [xp / 8, statsP / 8, factorsP / 8];
  const factors: RowFactors = { f: 0, b: 0, a: 0 };
  const added = new Float64Array(perBlock);
  for (let r0 = 0; r0 < rows; r0 += perBlock) {
    const n = Math.min(perBlock, rows - r0);
    heap.set(x.subarray(r0 * C, (r0 + n) * C), x0);
    k.softmaxRows(xp, statsP, n, C);
    for (let i = 0; i < n; i++) {
      finishRow(r0 + i, heap[s0 + 3 * i]!, heap[s0 + 3 * i + 1]!, heap[s0 + 3 * i + 2]!, factors);
      heap[f0 + 2 * i] = factors.f;
      heap[f0 + 2 * i + 1] = factors.b;
      added[i] = factors.a;
    }
    if (!out) continue;
    k.scaleRows(xp, factorsP, n, C);
    out.set(heap.subarray(x0, x0 + n * C), r0 * C);
    afterBlock(r0, n, added);
  }
  return true;
}

/** classIndexRows' rows: the gradient into `g` (when given), `a` added at each row's target. */
export function softmaxRowsSimd(
  x: Float64Array,
  rows: number,
  C: number,
  g: Float64Array | null,
  targets: Int32Array,
  finishRow: (r: number, max: number, sumExp: number, sumShifted: number, factors: RowFactors) => void,
): boolean {
  return rowBlocks(x, rows, C, g, finishRow, (r0, n, added) => {
    for (let i = 0; i < n; i++) {
      const t = targets[r0 + i]!;
      if (t >= 0) g![(r0 + i) * C + t]! += added[i]!;
    }
  });
}

/** The softmax of each of `rows` rows of C logits into `p`, and each row's logsumexp into `lse`
 *  when given; false where the kernel cannot (nothing done). */
export function softmaxProbabilitiesSimd(x: Float64Array, rows: number, C: number, p: Float64Array, lse?: Float64Array): boolean {
  return rowBlocks(x, rows, C, p, (r, m, sumExp, _z, factors) => {
    if (lse) lse[r] = m + Math.log(sumExp);
    factors.f = -1 / sumExp;
    factors.b = 0;
    factors.a = 0;
  }, () => undefined);
}
