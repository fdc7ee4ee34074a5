/** Random directions in parameter space, filter-normalised as in Li et al. 2018 ("Visualizing the
 *  Loss Landscape of Neural Nets"), so that slices of networks with different weight scales are
 *  comparable. */
import { Random } from '../train/random';
import type { LandscapeObjective, ParameterBlock } from './objective';

export function gaussianDirection(size: number, seed: number): Float64Array {
  const rng = new Random(seed);
  const d = new Float64Array(size);
  for (let i = 0; i < size; i++) d[i] = rng.normal();
  return d;
}

/** Per filter (row of a weight block): d ← d·‖w‖/(‖d‖+1e-10). Biases, 1-D blocks and anything not
 *  covered by a block are zeroed ("ignore biasbn"). Returns a new vector. */
export function filterNormalize(direction: Float64Array, weights: Float64Array, blocks: readonly ParameterBlock[]): Float64Array {
  const out = new Float64Array(direction.length);
  for (const block of blocks) {
    if (block.isBias || block.shape.length <= 1) continue;
    const count = block.shape.reduce((a, b) => a * b, 1);
    const filters = block.shape[0]!;
    const per = count / filters;
    for (let f = 0; f < filters; f++) {
      const start = block.offset + f * per;
      let dn = 0;
      let wn = 0;
      for (let i = start; i < start + per; i++) {
        dn += direction[i]! * direction[i]!;
        wn += weights[i]! * weights[i]!;
      }
      const s = Math.sqrt(wn) / (Math.sqrt(dn) + 1e-10);
      for (let i = start; i < start + per; i++) out[i] = direction[i]! * s;
    }
  }
  return out;
}

/** A seeded Gaussian direction, filter-normalised against the weights at `center`. */
export function randomDirection(objective: LandscapeObjective, center: Float64Array, seed: number): Float64Array {
  return filterNormalize(gaussianDirection(objective.size, seed), center, objective.layers);
}
