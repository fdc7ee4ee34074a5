/** The pieces Keras' loss functions are built from: reading keyword arguments against their
 *  declared defaults, an elementwise term averaged (or summed) over axes, and JAX's subgradient
 *  conventions at ties. */
import { LossError } from '../../errors';
import type { OptionSpec, OptionValue, Options } from '../../catalog/types';
import { Tensor, numel } from '../../tensor';
import { broadcastPair, readAxes, reduceAxes, scatterAdd } from './shapes';

/** keras.config.epsilon(). */
export const EPS = 1e-7;

/** A function's per-sample losses, what Keras masks, and the pull-back of an upstream gradient
 *  (shaped like the losses) to y_pred (shaped like y_pred). */
export interface KerasOutput {
  value: Tensor;
  mask?: Float64Array;
  backward(upstream: Float64Array): Float64Array;
}

export type KwArgs = Readonly<Record<string, OptionValue | readonly number[]>>;

/** The keyword arguments a call gave, each missing one filled from its OptionSpec's default (the
 *  one place defaults are stated); unknown names raise as Python's TypeError does. */
export function readKwargs(loss: string, specs: readonly OptionSpec[], options: Options, accepted: readonly string[] = []): KwArgs {
  const out: Record<string, OptionValue | readonly number[]> = {};
  for (const s of specs) out[s.name] = s.default;
  for (const [k, v] of Object.entries(options)) {
    if (!specs.some((s) => s.name === k) && !accepted.includes(k)) {
      throw new LossError(loss, k, `unexpected keyword argument (takes ${specs.map((s) => s.name).join(', ') || 'none'})`);
    }
    out[k] = v as OptionValue;
  }
  return out;
}

export function num(loss: string, kw: KwArgs, name: string): number {
  const v = kw[name];
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new LossError(loss, name, `expected a number, got ${JSON.stringify(v)}`);
}

export function bool(loss: string, kw: KwArgs, name: string): boolean {
  const v = kw[name];
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v === null) return false;
  throw new LossError(loss, name, `expected true or false, got ${JSON.stringify(v)}`);
}

/** d max(x, c)/dx in JAX: 1 above, 0 below, 0.5 at a tie (min likewise, mirrored). */
export function maxGrad(x: number, c: number): number {
  return x > c ? 1 : x < c ? 0 : 0.5;
}

/** d clip(x, lo, hi)/dx in JAX (clip = min(max(x, lo), hi)). */
export function clipGrad(x: number, lo: number, hi: number): number {
  return maxGrad(x, lo) * maxGrad(hi, Math.max(x, lo));
}

export function clip(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

/** d|x|/dx in JAX: 1 at 0. */
export function absGrad(x: number): number {
  return x >= 0 ? 1 : -1;
}

/** Writes an element's loss as the return value and its derivative in y_pred into slot.g. */
export type ElementKernel = (t: number, p: number, slot: { g: number }) => number;

/** term(y_true, y_pred) elementwise with NumPy broadcasting, then the mean (or sum) over `axes`
 *  of the broadcast shape (`-1` = the last axis). A rank-0 broadcast has no last axis to reduce. */
export function reduceElementwise(
  loss: string,
  yTrue: Tensor,
  yPred: Tensor,
  kernel: ElementKernel,
  how: 'mean' | 'sum' = 'mean',
  axis: OptionValue | readonly number[] = -1,
): KerasOutput {
  const bc = broadcastPair(loss, 'subtract', yTrue.shape, yPred.shape);
  const axes = readAxes(loss, axis as OptionValue, bc.shape.length, -1);
  const red = reduceAxes(bc.shape, axes);
  const n = bc.ia.length;
  const values = new Float64Array(n);
  const grads = new Float64Array(n);
  const slot = { g: 0 };
  for (let i = 0; i < n; i++) {
    values[i] = kernel(yTrue.data[bc.ia[i]!]!, yPred.data[bc.ib[i]!]!, slot);
    grads[i] = slot.g;
  }
  const scale = how === 'mean' ? 1 / red.count : 1;
  const sums = scatterAdd(values, red.outIndex, numel(red.outShape));
  if (scale !== 1) for (let i = 0; i < sums.length; i++) sums[i]! *= scale;
  return {
    value: new Tensor(red.outShape, sums),
    backward(up) {
      const g = new Float64Array(n);
      for (let i = 0; i < n; i++) g[i] = up[red.outIndex[i]!]! * scale * grads[i]!;
      return scatterAdd(g, bc.ib, yPred.size);
    },
  };
}

/** Requires a tensor of rank ≥ 1 for a reduction over the last axis. */
export function requireRank(loss: string, name: string, t: Tensor, min: number): void {
  if (t.ndim < min) throw new LossError(loss, name, `expected rank ≥ ${min}, got shape [${t.shape.join(', ')}]`);
}

/** y_true with every entry mapped (label smoothing, the hinge labels). */
export function mapData(t: Tensor, f: (x: number) => number): Tensor {
  return new Tensor(t.shape, t.data.map(f));
}
