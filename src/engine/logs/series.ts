/** Growing one tag's points while a reader decodes, shared by every reader. */
import type { ScalarSeries } from './types';

export class SeriesBuilder {
  private step = new Float64Array(16);
  private value = new Float64Array(16);
  private wall: Float64Array | null;
  private restarts: number[] = [];
  length = 0;

  constructor(withWallTime: boolean) {
    this.wall = withWallTime ? new Float64Array(16) : null;
  }

  push(step: number, value: number, wallTime = NaN): void {
    const n = this.length;
    if (n === this.step.length) this.grow(n * 2);
    if (n > 0 && step < this.step[n - 1]!) this.restarts.push(n);
    this.step[n] = step;
    this.value[n] = value;
    if (this.wall) this.wall[n] = wallTime;
    this.length = n + 1;
  }

  private grow(capacity: number): void {
    const copy = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.step = copy(this.step);
    this.value = copy(this.value);
    if (this.wall) this.wall = copy(this.wall);
  }

  /** The points so far, trimmed to length (copies, so the builder may keep growing). */
  build(): ScalarSeries {
    const n = this.length;
    return {
      step: this.step.slice(0, n),
      value: this.value.slice(0, n),
      wallTime: this.wall ? this.wall.slice(0, n) : null,
      restarts: this.restarts.slice(),
    };
  }
}

/** Builders by tag, in the order tags first appear. */
export class ScalarsBuilder {
  readonly byTag = new Map<string, SeriesBuilder>();
  constructor(private readonly withWallTime: boolean) {}

  series(tag: string): SeriesBuilder {
    let s = this.byTag.get(tag);
    if (!s) this.byTag.set(tag, (s = new SeriesBuilder(this.withWallTime)));
    return s;
  }

  build(): Map<string, ScalarSeries> {
    const out = new Map<string, ScalarSeries>();
    for (const [tag, s] of this.byTag) if (s.length > 0) out.set(tag, s.build());
    return out;
  }
}

/** "1,204" — counts in notes read like the rest of the product. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
