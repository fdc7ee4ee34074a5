/** Random inputs, option sets and rejections for every family loss; families.test.ts runs them. */
import type { Options } from '../../../../src/engine/catalog/types';
import { Tensor } from '../../../../src/engine/tensor';
import { randomTensor } from '../../fd';

export type Rand = () => number;
export type Args = Record<string, Tensor>;

export interface Case {
  /** Random arguments away from kinks (finite differences need a smooth neighbourhood). */
  args(rand: Rand): Args;
  /** Option sets the gradient is checked under (each option of the entry at least once). */
  options: readonly Options[];
  /** Calls that must throw a LossError naming `argument`. */
  rejects: readonly { args?: (rand: Rand) => Args; options?: Options; argument: string }[];
  tol?: number;
}

export const ints = (shape: number[], values: number[]): Tensor => Tensor.from(shape, values, 'int64');
export const floats = (shape: number[], rand: Rand, lo = -2, hi = 2): Tensor => randomTensor(shape, rand, lo, hi);

/** Values whose magnitudes stay away from `kinks` by at least `gap` (for piecewise losses). */
export function awayFrom(shape: number[], rand: Rand, kinks: readonly number[], lo = -3, hi = 3, gap = 0.05): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  while (out.length < n) {
    const v = lo + (hi - lo) * rand();
    if (kinks.every((k) => Math.abs(Math.abs(v) - k) > gap)) out.push(v);
  }
  return Tensor.from(shape, out);
}
