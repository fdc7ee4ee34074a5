/** Building ScalarSeries point by point, restarts (a step going backwards) marked as they come. */
import type { ScalarSeries } from './types';

export class SeriesBuilder {
  private readonly steps: number[] = [];
  private readonly values: number[] = [];
  private readonly walls: number[] = [];
  private hasWall = false;

  push(step: number, value: number, wallTime?: number): void {
    this.steps.push(step);
    this.values.push(value);
    this.walls.push(wallTime ?? NaN);
    if (wallTime !== undefined) this.hasWall = true;
  }

  build(): ScalarSeries {
    const restarts: number[] = [];
    for (let i = 1; i < this.steps.length; i++) if (this.steps[i]! < this.steps[i - 1]!) restarts.push(i);
    return { step: Float64Array.from(this.steps), value: Float64Array.from(this.values), wallTime: this.hasWall ? Float64Array.from(this.walls) : null, restarts };
  }
}

/** The builder for `tag`, created on first use. */
export function seriesFor(map: Map<string, SeriesBuilder>, tag: string): SeriesBuilder {
  let b = map.get(tag);
  if (!b) map.set(tag, (b = new SeriesBuilder()));
  return b;
}

export function buildAll(map: Map<string, SeriesBuilder>): Map<string, ScalarSeries> {
  return new Map([...map].map(([tag, b]) => [tag, b.build()]));
}
