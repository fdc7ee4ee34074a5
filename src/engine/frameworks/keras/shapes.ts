/** Keras' shape rules: `squeeze_or_expand_to_same_rank` (~rank), NumPy broadcasting of two
 *  tensors, and reductions over a set of axes, each with the index maps the backward passes use. */
import { LossError } from '../../errors';
import type { OptionValue } from '../../catalog/types';
import { Tensor, broadcastIndex, broadcastShapes, formatShape, numel } from '../../tensor';

/** Keras' squeeze_or_expand_to_same_rank: when the ranks differ by one and the higher-rank
 *  tensor's last dim is 1, a 1-D lower-rank tensor gains a trailing 1, otherwise that trailing 1
 *  is squeezed. Reshapes only: the data (and so every gradient's layout) is unchanged. */
export function sameRank(a: Tensor, b: Tensor): [Tensor, Tensor] {
  const ra = a.ndim;
  const rb = b.ndim;
  if (ra === rb + 1 && a.shape[ra - 1] === 1) {
    return rb === 1 ? [a, b.reshape([...b.shape, 1])] : [a.reshape(a.shape.slice(0, -1)), b];
  }
  if (rb === ra + 1 && b.shape[rb - 1] === 1) {
    return ra === 1 ? [a.reshape([...a.shape, 1]), b] : [a, b.reshape(b.shape.slice(0, -1))];
  }
  return [a, b];
}

export interface Broadcast {
  shape: number[];
  /** For each element of the broadcast shape, the flat index into each operand. */
  ia: Int32Array;
  ib: Int32Array;
}

/** NumPy broadcasting of two shapes, rejected as Keras' ops reject it. */
export function broadcastPair(loss: string, op: string, a: readonly number[], b: readonly number[]): Broadcast {
  const shape = broadcastShapes(a, b);
  if (!shape) throw new LossError(loss, null, `${op} got incompatible shapes for broadcasting: ${formatShape(a)}, ${formatShape(b)}`);
  return { shape, ia: broadcastIndex(a, shape), ib: broadcastIndex(b, shape) };
}

/** Sums `values` (laid out over `from`) onto the flat indices `map` of a tensor of size `size`:
 *  how a gradient at a broadcast shape returns to an operand. */
export function scatterAdd(values: Float64Array, map: Int32Array, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < map.length; i++) out[map[i]!]! += values[i]!;
  return out;
}

/** The axes an `axis` option names (null = all), normalised to 0..rank-1, or a LossError. */
export function readAxes(loss: string, raw: OptionValue | readonly number[] | undefined, rank: number, fallback: number | null): number[] {
  const v = raw === undefined ? fallback : raw;
  if (v === null) return Array.from({ length: rank }, (_, i) => i);
  const list = Array.isArray(v) ? (v as unknown[]) : [v];
  const axes = list.map((x) => {
    if (typeof x !== 'number' || !Number.isInteger(x)) throw new LossError(loss, 'axis', `expected an integer or a list of integers, got ${JSON.stringify(v)}`);
    if (x < -rank || x >= rank) throw new LossError(loss, 'axis', `axis ${x} is out of bounds for a tensor of rank ${rank}`);
    return x < 0 ? x + rank : x;
  });
  if (new Set(axes).size !== axes.length) throw new LossError(loss, 'axis', `repeated axis in ${JSON.stringify(v)}`);
  return axes;
}

export interface AxisReduction {
  outShape: number[];
  /** For each element of the input, the flat index of its reduced output. */
  outIndex: Int32Array;
  /** Number of input elements folded into each output (1 for an empty set of axes). */
  count: number;
}

/** The reduction of a tensor of `shape` over `axes` (keepdims false). */
export function reduceAxes(shape: readonly number[], axes: readonly number[]): AxisReduction {
  const reduced = new Set(axes);
  const outShape = shape.filter((_, i) => !reduced.has(i));
  const outStrides = new Array<number>(shape.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (reduced.has(i)) continue;
    outStrides[i] = stride;
    stride *= shape[i]!;
  }
  const total = numel(shape);
  const outIndex = new Int32Array(total);
  const idx = new Array<number>(shape.length).fill(0);
  let offset = 0;
  for (let f = 0; f < total; f++) {
    outIndex[f] = offset;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]!++;
      offset += outStrides[d]!;
      if (idx[d]! < shape[d]!) break;
      offset -= outStrides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  let count = 1;
  for (const a of axes) count *= shape[a]!;
  return { outShape, outIndex, count };
}

/** Σ of `values` over the reduction's axes. */
export function sumOver(values: Float64Array, r: AxisReduction): Float64Array {
  return scatterAdd(values, r.outIndex, numel(r.outShape));
}
