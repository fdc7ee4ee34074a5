/** The plane a 2-D landscape is drawn on: two directions through the trained parameters and the
 *  grid of coordinates along them. */
import { randomDirection } from './directions';
import type { LandscapeObjective } from './objective';
import { projectTrajectory } from './pca';
import { linspace } from './vector';

export interface LandscapePlane {
  center: Float64Array;
  d1: Float64Array;
  d2: Float64Array;
  xs: number[];
  ys: number[];
  /** 'pca': the optimiser path's two main directions, scaled so the path fits the grid;
   *  'random': seeded Gaussian directions with filter normalisation (Li et al. 2018). */
  kind: 'pca' | 'random';
  /** The path's checkpoints in plane coordinates (pca planes only). */
  trajectory?: { x: number[]; y: number[]; explained: [number, number] };
}

/** Filter-normalised random plane over the default −1:1 grid. */
export function randomPlane(objective: LandscapeObjective, center: Float64Array, grid = 51, seed = 0): LandscapePlane {
  const xs = linspace(-1, 1, grid);
  return { center, d1: randomDirection(objective, center, seed), d2: randomDirection(objective, center, seed + 1), xs, ys: xs.slice(), kind: 'random' };
}

/** Plane of the path's top two principal directions through `center`. Each direction is stretched
 *  so that the path, with a margin, spans −1:1 along it; the grid then stays −1:1. */
export function pcaPlane(path: readonly Float64Array[], center: Float64Array, grid = 51, margin = 0.15): LandscapePlane {
  const p = projectTrajectory(path, center);
  const reach = (v: number[]): number => Math.max(...v.map(Math.abs), 1e-12) * (1 + margin);
  const [rx, ry] = [reach(p.x), reach(p.y)];
  const xs = linspace(-1, 1, grid);
  return {
    center,
    d1: p.directions[0].map((v) => v * rx),
    d2: p.directions[1].map((v) => v * ry),
    xs,
    ys: xs.slice(),
    kind: 'pca',
    trajectory: { x: p.x.map((v) => v / rx), y: p.y.map((v) => v / ry), explained: p.explained },
  };
}
