/** Seeded train/validation split: rows shuffled with the seed, the last `valFraction` held out. */
import { Random } from '../train/random';
import { takeRows, type Dataset } from './dataset';

export interface Split {
  train: Dataset;
  val: Dataset | null;
}

export function splitData(d: Dataset, valFraction: number, seed: number): Split {
  if (!(valFraction >= 0 && valFraction < 1)) throw new RangeError(`validation fraction ${valFraction} must be in [0, 1)`);
  const nVal = Math.floor(d.n * valFraction);
  if (nVal === 0) return { train: d, val: null };
  const order = Int32Array.from({ length: d.n }, (_, i) => i);
  new Random(seed).shuffle(order);
  return { train: takeRows(d, order.subarray(0, d.n - nVal)), val: takeRows(d, order.subarray(d.n - nVal)) };
}
