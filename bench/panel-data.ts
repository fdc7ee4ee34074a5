/** The runs the panel bench draws, the same in Node (the extension host's store) and in the page
 *  (the peers): a noisy decaying loss per run, seeded, with a few one-point spikes. */
import { seeded } from './seeded';

export const RUNS = 100;
export const POINTS = 100_000;
/** Points a live append adds to one run. */
export const APPEND = 100;

export interface BenchRun {
  step: Float64Array;
  value: Float64Array;
}

/** Run `r` with `n` points (an append extends it: the first points do not change with `n`). */
export function benchRun(r: number, n: number): BenchRun {
  const u = seeded(r + 1);
  const rate = 5_000 + 400 * r;
  const step = new Float64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    step[i] = i;
    value[i] = (2 * Math.exp(-i / rate) + 0.1) * (1 + 0.2 * (u() - 0.5)) + (i % 9973 === 4000 + r ? 5 : 0);
  }
  return { step, value };
}
