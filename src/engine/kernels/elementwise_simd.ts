/** Elementwise losses on WebAssembly SIMD (simd/elementwise.as.ts; DPO, log-cosh, Cauchy): block by
 *  block, the operands are copied into the kernel's memory, the loss and its gradients computed two
 *  lanes at a time, and the results copied out. Each entry returns null where WebAssembly SIMD is missing (the
 *  caller's JavaScript loop then runs). */
import { instantiate, reserve, type KernelMemory } from './simd/instance';
import { WASM_BASE64 } from './simd/elementwise.wasm.generated';
import { log1pTableRows } from './fast_log1p';

interface Kernel extends KernelMemory {
  log1pTable(): number;
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

/** The kernel, its log1p tables written from fast_log1p.ts's on first use; null without SIMD. */
function loaded(): Kernel | null {
  if (kernel === undefined) {
    kernel = instantiate<Kernel>(WASM_BASE64);
    if (kernel) new Float64Array(kernel.memory.buffer).set(log1pTableRows(), kernel.log1pTable() / 8);
  }
  return kernel;
}

/** Runs a pass block by block: each given input copied into the kernel's memory, `pass(k, inputs,
 *  outputs, n)` given the byte addresses of every input and output block (absent arrays get one
 *  too) and returning the block's sum, each given output copied out. Returns the sum, or null
 *  without SIMD. */
function blocks(
  inputs: readonly (Float64Array | null)[], outputs: readonly (Float64Array | null)[],
  pass: (k: Kernel, inputs: number[], outputs: number[], n: number) => number,
): number | null {
  const k = loaded();
  if (!k) return null;
  const base = (k.heapBase() + 15) & ~15;
  const address = (i: number): number => base + i * BLOCK * 8;
  if (!reserve(k, address(inputs.length + outputs.length))) return null;
  const heap = new Float64Array(k.memory.buffer);
  const at = inputs.map((_, i) => address(i));
  const out = outputs.map((_, i) => address(inputs.length + i));
  const n = inputs[0]!.length;
  let sum = 0;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    inputs.forEach((a, i) => {
      if (a) heap.set(a.subarray(i0, i1), at[i]! / 8);
    });
    sum += pass(k, at, out, i1 - i0);
    outputs.forEach((a, i) => {
      if (a) a.set(heap.subarray(out[i]! / 8, out[i]! / 8 + i1 - i0), i0);
    });
  }
  return sum;
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
  const ref = refChosen !== null && refRejected !== null;
  const grad = gChosen !== null && gRejected !== null;
  return blocks([chosen, rejected, refChosen, refRejected], [values, gChosen, gRejected], (k, [c, r, rc, rr], [v, gc, gr], n) =>
    k.dpoSigmoid(c!, r!, rc!, rr!, n, beta, ls, v!, gc!, gr!, scale, ref, values !== null, grad));
}

/** The log-cosh loss (log_cosh_loss.ts) of x − y: the losses' sum; each loss into `values` and
 *  tanh(x − y) times `scale` into gx and, negated, gy when given. */
export function logCoshSimd(x: Float64Array, y: Float64Array, values: Float64Array | null, gx: Float64Array | null, gy: Float64Array | null, scale: number): number | null {
  return blocks([x, y], [values, gx, gy], (k, [xp, yp], [v, gxp, gyp], n) =>
    k.logCosh(xp!, yp!, n, v!, gxp!, gyp!, scale, values !== null, gx !== null, gy !== null));
}

/** The Cauchy loss (robust.ts) of r = x − y with k = 1/c²: the losses' sum; each loss into `values`
 *  and (r·k)/(½r²k + 1) times `scale` into gx and, negated, gy when given. */
export function cauchySimd(x: Float64Array, y: Float64Array, k: number, values: Float64Array | null, gx: Float64Array | null, gy: Float64Array | null, scale: number): number | null {
  return blocks([x, y], [values, gx, gy], (kernel, [xp, yp], [v, gxp, gyp], n) =>
    kernel.cauchy(xp!, yp!, n, k, v!, gxp!, gyp!, scale, values !== null, gx !== null));
}
