/** Elementwise losses on WebAssembly SIMD (simd/elementwise.as.ts; DPO, log-cosh, Cauchy): block by block, the operands
 *  are copied into the kernel's memory, the loss and its gradients computed two lanes at a time,
 *  and the results copied out. Each entry returns null where WebAssembly SIMD is missing (the
 *  caller's JavaScript loop then runs). */
import { instantiate, reserve, type KernelMemory } from './simd/instance';
import { WASM_BASE64 } from './simd/elementwise.wasm.generated';

interface Kernel extends KernelMemory {
  dpoSigmoid(
    chosen: number, rejected: number, refChosen: number, refRejected: number, n: number, beta: number, ls: number,
    values: number, gChosen: number, gRejected: number, scale: number, ref: boolean, keep: boolean, grad: boolean,
  ): number;
  logCosh(x: number, y: number, n: number, values: number, gx: number, gy: number, scale: number, keep: boolean, gradX: boolean, gradY: boolean): number;
  cauchy(x: number, y: number, n: number, k: number, values: number, gx: number, gy: number, scale: number, keep: boolean, grad: boolean): number;
}

let kernel: Kernel | null | undefined;

/** Elements per block: the operands and results of a block stay in L2. */
const BLOCK = 4096;

/** The kernel with room for `arrays` blocks from its heap base (their byte addresses), or null. */
function withBlocks(arrays: number): { k: Kernel; at: number[]; heap: Float64Array } | null {
  if (kernel === undefined) kernel = instantiate<Kernel>(WASM_BASE64);
  const k = kernel;
  if (!k) return null;
  const base = (k.heapBase() + 15) & ~15;
  const at = Array.from({ length: arrays }, (_, i) => base + i * BLOCK * 8);
  if (!reserve(k, base + arrays * BLOCK * 8)) return null;
  return { k, at, heap: new Float64Array(k.memory.buffer) };
}

export interface PairArrays {
  chosen: Float64Array;
  rejected: Float64Array;
  refChosen: Float64Array | null;
  refRejected: Float64Array | null;
}

/** DPO's sigmoid loss (preference.ts): the losses' sum; each pair's loss into `values` and the
 *  gradients, times `scale`, into gChosen and gRejected when given. */
export function dpoSigmoidSimd(
  { chosen, rejected, refChosen, refRejected }: PairArrays, beta: number, ls: number,
  values: Float64Array | null, gChosen: Float64Array | null, gRejected: Float64Array | null, scale: number,
): number | null {
  const w = withBlocks(7);
  if (!w) return null;
  const { k, at, heap } = w;
  const [c, r, rc, rr, v, gc, gr] = at as [number, number, number, number, number, number, number];
  const ref = refChosen !== null && refRejected !== null;
  const grad = gChosen !== null && gRejected !== null;
  let sum = 0;
  for (let i0 = 0; i0 < chosen.length; i0 += BLOCK) {
    const i1 = Math.min(chosen.length, i0 + BLOCK);
    heap.set(chosen.subarray(i0, i1), c / 8);
    heap.set(rejected.subarray(i0, i1), r / 8);
    if (ref) {
      heap.set(refChosen.subarray(i0, i1), rc / 8);
      heap.set(refRejected.subarray(i0, i1), rr / 8);
    }
    sum += k.dpoSigmoid(c, r, rc, rr, i1 - i0, beta, ls, v, gc, gr, scale, ref, values !== null, grad);
    if (values) values.set(heap.subarray(v / 8, v / 8 + i1 - i0), i0);
    if (grad) {
      gChosen.set(heap.subarray(gc / 8, gc / 8 + i1 - i0), i0);
      gRejected.set(heap.subarray(gr / 8, gr / 8 + i1 - i0), i0);
    }
  }
  return sum;
}

/** A loss of x and y elementwise, block by block: `pass(k, x, y, n, values, gx, gy)` runs the kernel
 *  on wasm addresses and returns the block's sum; each loss into `values` and d/dx, d/dy into gx,
 *  gy when given. */
function elementBlocks(
  x: Float64Array, y: Float64Array, values: Float64Array | null, gx: Float64Array | null, gy: Float64Array | null,
  pass: (k: Kernel, x: number, y: number, n: number, values: number, gx: number, gy: number) => number,
): number | null {
  const w = withBlocks(5);
  if (!w) return null;
  const { k, at, heap } = w;
  const [xp, yp, v, gxp, gyp] = at as [number, number, number, number, number];
  let sum = 0;
  for (let i0 = 0; i0 < x.length; i0 += BLOCK) {
    const i1 = Math.min(x.length, i0 + BLOCK);
    heap.set(x.subarray(i0, i1), xp / 8);
    heap.set(y.subarray(i0, i1), yp / 8);
    sum += pass(k, xp, yp, i1 - i0, v, gxp, gyp);
    if (values) values.set(heap.subarray(v / 8, v / 8 + i1 - i0), i0);
    if (gx) gx.set(heap.subarray(gxp / 8, gxp / 8 + i1 - i0), i0);
    if (gy) gy.set(heap.subarray(gyp / 8, gyp / 8 + i1 - i0), i0);
  }
  return sum;
}

/** The log-cosh loss (log_cosh_loss.ts) of x − y: the losses' sum; each loss into `values` and
 *  tanh(x − y) times `scale` into gx and, negated, gy when given. */
export function logCoshSimd(x: Float64Array, y: Float64Array, values: Float64Array | null, gx: Float64Array | null, gy: Float64Array | null, scale: number): number | null {
  return elementBlocks(x, y, values, gx, gy, (k, xp, yp, n, v, gxp, gyp) => k.logCosh(xp, yp, n, v, gxp, gyp, scale, values !== null, gx !== null, gy !== null));
}

/** The Cauchy loss (robust.ts) of r = x − y with k = 1/c²: the losses' sum; each loss into `values`
 *  and (r·k)/(½r²k + 1) times `scale` into gx and, negated, gy when given. */
export function cauchySimd(x: Float64Array, y: Float64Array, k: number, values: Float64Array | null, gx: Float64Array | null, gy: Float64Array | null, scale: number): number | null {
  return elementBlocks(x, y, values, gx, gy, (kernel, xp, yp, n, v, gxp, gyp) => kernel.cauchy(xp, yp, n, k, v, gxp, gyp, scale, values !== null, gx !== null));
}
