/** optax losses that are a function of each (prediction, target) pair after NumPy broadcasting. */
import type { LossResult } from '../../catalog/types';
import { Tensor } from '../../tensor';
import { broadcastPair, readAt, sumTo } from './arrays';

/** value and d value / d x of one element. */
export type ElementFn = (x: number, y: number) => readonly [number, number];

/** f over broadcast(x, y); y absent reads as 0 (optax's `targets=None`). Gradient for `xName`. */
export function elementwise(loss: string, xName: string, x: Tensor, y: Tensor | undefined, f: ElementFn, wantGrad: boolean): LossResult {
  const shape = y ? broadcastPair(loss, 'sub', x.shape, y.shape) : [...x.shape];
  const xs = readAt(x, shape);
  const ys = y ? readAt(y, shape) : new Float64Array(xs.length);
  const values = new Float64Array(xs.length);
  const grad = wantGrad ? new Float64Array(xs.length) : null;
  for (let i = 0; i < xs.length; i++) {
    const [v, d] = f(xs[i]!, ys[i]!);
    values[i] = v;
    if (grad) grad[i] = d;
  }
  return { value: new Tensor(shape, values), grad: grad ? { [xName]: sumTo(grad, shape, x.shape) } : {} };
}
