/** Collects one run's scalars point by point (rows of a CSV or JSON log) into ScalarSeries:
 *  growing typed arrays, restarts found where a tag's step goes back. */
import type { ScalarSeries } from './types';

class Column {
  step: Float64Array = new Float64Array(16);
  value: Float64Array = new Float64Array(16);
  wall: Float64Array | null;
  length = 0;

  constructor(withWall: boolean) {
    this.wall = withWall ? new Float64Array(16) : null;
  }

  push(step: number, value: number, wall: number | undefined): void {
    if (this.length === this.step.length) {
      this.step = grow(this.step);
      this.value = grow(this.value);
      if (this.wall) this.wall = grow(this.wall);
    }
    this.step[this.length] = step;
    this.value[this.length] = value;
    if (this.wall) {
      // One row without a time makes the whole tag time-less rather than half-wrong.
      if (wall === undefined || !Number.isFinite(wall)) this.wall = null;
      else this.wall[this.length] = wall;
    }
    this.length++;
  }
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

export class SeriesBuilder {
  private readonly columns = new Map<string, Column>();

  constructor(private readonly withWallTime: boolean) {}

  add(tag: string, step: number, value: number, wallTime?: number): void {
    let c = this.columns.get(tag);
    if (!c) this.columns.set(tag, (c = new Column(this.withWallTime && wallTime !== undefined)));
    c.push(step, value, wallTime);
  }

  finish(): Map<string, ScalarSeries> {
    const out = new Map<string, ScalarSeries>();
    for (const [tag, c] of this.columns) {
      const step = c.step.slice(0, c.length);
      const restarts: number[] = [];
      for (let i = 1; i < step.length; i++) if (step[i]! < step[i - 1]!) restarts.push(i);
      out.set(tag, { step, value: c.value.slice(0, c.length), wallTime: c.wall ? c.wall.slice(0, c.length) : null, restarts });
    }
    return out;
  }
}
