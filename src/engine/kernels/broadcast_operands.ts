/** Broadcasting several tensor arguments together the way PyTorch's elementwise ops do, with a
 *  LossError naming the argument that does not fit. */
import { LossError } from '../errors';
import { Tensor, broadcastShapes, expandTo, formatShape, reduceGradTo } from '../tensor';

/** The common shape of `operands` (name, shape), checked left to right. */
export function broadcastAll(loss: string, operands: ReadonlyArray<readonly [string, readonly number[]]>): number[] {
  let shape = [...operands[0]![1]];
  for (let i = 1; i < operands.length; i++) {
    const [name, s] = operands[i]!;
    const next = broadcastShapes(shape, s);
    if (!next) {
      throw new LossError(loss, name, `shape ${formatShape(s)} does not broadcast with ${operands.slice(0, i).map(([n]) => n).join(' and ')} (shape ${formatShape(shape)})`);
    }
    shape = next;
  }
  return shape;
}

/** An argument's values laid out at `shape` (no copy when it already has that shape). */
export function valuesAt(t: Tensor, shape: readonly number[]): Float64Array {
  return expandTo(t, shape).data;
}

/** A gradient computed at the broadcast shape, summed back to the argument's shape. */
export function gradFor(grad: Float64Array, shape: readonly number[], arg: Tensor): Tensor {
  return reduceGradTo(grad, shape, arg.shape);
}

/** PyTorch writes these losses in place into an input-shaped result, so an extra argument may
 *  broadcast into input's shape but never enlarge it. */
export function requireBroadcastsInto(loss: string, name: string, arg: Tensor, shape: readonly number[]): void {
  const b = broadcastShapes(arg.shape, shape);
  if (!b || b.length !== shape.length || b.some((d, i) => d !== shape[i])) {
    throw new LossError(loss, name, `shape ${formatShape(arg.shape)} does not broadcast to the input shape ${formatShape(shape)}`);
  }
}
