import { LossError } from '../errors';
import { Tensor, formatShape, sameShape } from '../tensor';
import type { TensorArgs } from '../catalog/types';
import { fastExp } from '../kernels/fast_exp';

export type Reduction = 'none' | 'mean' | 'sum';

/** The tensor argument `name`, or a LossError saying it is missing. */
export function requireArg(loss: string, args: TensorArgs, name: string): Tensor {
  const t = args[name];
  if (!t) throw new LossError(loss, name, 'missing required tensor argument');
  return t;
}

export function optionalArg(args: TensorArgs, name: string): Tensor | undefined {
  return args[name];
}

export function requireFloat(loss: string, name: string, t: Tensor): void {
  if (!t.isFloating) throw new LossError(loss, name, `expected a floating-point tensor, got ${t.dtype}`);
}

export function requireSameShape(loss: string, aName: string, a: Tensor, bName: string, b: Tensor): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new LossError(loss, bName, `shape ${formatShape(b.shape)} does not match ${aName} shape ${formatShape(a.shape)}`);
  }
}

/** Applies a reduction to elementwise losses. Returns the value and the factor by which the
 *  elementwise gradient (of each element's loss) must be scaled to give d(sum(value))/d(element). */
export function reduce(values: Float64Array, shape: readonly number[], reduction: Reduction): { value: Tensor; scale: number } {
  const scale = reductionScale(reduction, values.length);
  if (reduction === 'none') return { value: new Tensor(shape, values), scale };
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return { value: Tensor.scalar(reduction === 'sum' ? s : values.length === 0 ? NaN : s / values.length), scale };
}

/** The factor of each element's gradient under `reduction` of `count` elements (reduce's scale),
 *  for a loss that writes its gradient before it sums its values. */
export function reductionScale(reduction: Reduction, count: number): number {
  return reduction !== 'mean' ? 1 : count === 0 ? NaN : 1 / count;
}

/** log(1 + exp(x)) without overflow. e^−|x| comes from fastExp (within 4e-16 of Math.exp, about 4×
 *  faster; Math.exp itself beyond ±708): these helpers are much of a small model's training step. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(fastExp(-x)) : Math.log1p(fastExp(x));
}

/** 1 / (1 + exp(-x)) without overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + fastExp(-x));
  const e = fastExp(x);
  return e / (1 + e);
}

/** log(sigmoid(x)) = -softplus(-x). */
export function logSigmoid(x: number): number {
  return -softplus(-x);
}
