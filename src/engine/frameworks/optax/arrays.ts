/** NumPy/JAX array semantics the optax spellings need: axis arguments (int, list or None),
 *  broadcasting of two operands, reductions over axes with a `where` mask. */
import { LossError } from '../../errors';
import type { OptionValue } from '../../catalog/types';
import { Tensor, broadcastIndex, broadcastShapes, formatShape, numel } from '../../tensor';

/** jnp's axis: an int, a list of ints, or null for every axis; negative counts from the end. */
export function canonicalAxes(loss: string, axis: OptionValue | readonly OptionValue[], ndim: number): number[] {
  if (axis === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = Array.isArray(axis) ? axis : [axis];
  const out: number[] = [];
  for (const a of list) {
    if (typeof a !== 'number' || !Number.isInteger(a)) throw new LossError(loss, 'axis', `expected an int or a list of ints, got ${JSON.stringify(axis)}`);
    if (a < -ndim || a >= ndim) throw new LossError(loss, 'axis', `axis ${a} is out of bounds for array of dimension ${ndim}`);
    const c = a < 0 ? a + ndim : a;
    if (out.includes(c)) throw new LossError(loss, 'axis', `repeated axis ${a}`);
    out.push(c);
  }
  return out;
}

/** A reduction of `shape` over `axes`: each element's output slot, and the kept shape. */
export interface Grouping {
  outShape: number[];
  groupOf: Int32Array;
  groups: number;
}

export function groupBy(shape: readonly number[], axes: readonly number[]): Grouping {
  const reduced = new Set(axes);
  const outShape = shape.filter((_, i) => !reduced.has(i));
  const total = numel(shape);
  const groupOf = new Int32Array(total);
  const nd = shape.length;
  const outStride = new Array<number>(nd).fill(0);
  let s = 1;
  for (let i = nd - 1; i >= 0; i--) {
    if (!reduced.has(i)) {
      outStride[i] = s;
      s *= shape[i]!;
    }
  }
  const idx = new Array<number>(nd).fill(0);
  let g = 0;
  for (let k = 0; k < total; k++) {
    groupOf[k] = g;
    for (let i = nd - 1; i >= 0; i--) {
      idx[i]!++;
      g += outStride[i]!;
      if (idx[i]! < shape[i]!) break;
      g -= outStride[i]! * shape[i]!;
      idx[i] = 0;
    }
  }
  return { outShape, groupOf, groups: numel(outShape) };
}

/** NumPy broadcasting of two shapes, rejected like JAX when incompatible. */
export function broadcastPair(loss: string, what: string, a: readonly number[], b: readonly number[]): number[] {
  const shape = broadcastShapes(a, b);
  if (!shape) throw new LossError(loss, null, `${what} got incompatible shapes for broadcasting: ${formatShape(a)}, ${formatShape(b)}`);
  return shape;
}

/** `t` read at every index of `shape` (which it must broadcast to). */
export function readAt(t: Tensor, shape: readonly number[]): Float64Array {
  const map = broadcastIndex(t.shape, shape);
  const out = new Float64Array(map.length);
  for (let i = 0; i < map.length; i++) out[i] = t.data[map[i]!]!;
  return out;
}

/** A boolean mask (nonzero = true) broadcast to `shape`, or null when absent. JAX requires the
 *  mask to broadcast to the reduced array's shape. */
export function maskAt(loss: string, where: Tensor | undefined, shape: readonly number[]): Uint8Array | null {
  if (!where) return null;
  const b = broadcastShapes(where.shape, shape);
  if (!b || b.length !== shape.length || b.some((d, i) => d !== shape[i])) {
    throw new LossError(loss, 'where', `shape ${formatShape(where.shape)} does not broadcast to ${formatShape(shape)}`);
  }
  const map = broadcastIndex(where.shape, shape);
  const out = new Uint8Array(map.length);
  for (let i = 0; i < map.length; i++) out[i] = where.data[map[i]!]! !== 0 ? 1 : 0;
  return out;
}

/** Sums a gradient laid out on `from` back onto an argument of shape `to` (broadcast adjoint). */
export function sumTo(grad: Float64Array, from: readonly number[], to: readonly number[]): Tensor {
  const map = broadcastIndex(to, from);
  const out = new Float64Array(numel(to));
  for (let i = 0; i < map.length; i++) out[map[i]!]! += grad[i]!;
  return new Tensor(to, out);
}

/** optax's utils.check_subdtype(x, jnp.floating). */
export function requireFloating(loss: string, name: string, t: Tensor): void {
  if (!t.isFloating) throw new LossError(loss, name, `expected a floating-point array, got ${t.dtype}`);
}

export function requireInteger(loss: string, name: string, t: Tensor): void {
  if (t.dtype !== 'int64') throw new LossError(loss, name, `expected an integer array, got ${t.dtype}`);
}

/** optax's utils.check_shapes_equal. */
export function requireShapesEqual(loss: string, a: Tensor, b: Tensor): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new LossError(loss, null, `Shape mismatch: got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
}

/** JAX's d max(x, c)/dx: 1 above, 0 below, 0.5 at a tie, 0 for NaN. */
export function maxSlope(x: number, c: number): number {
  return x > c ? 1 : x === c ? 0.5 : 0;
}
