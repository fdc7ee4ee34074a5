/** Growing one tag's points while a reader decodes, shared by every reader. */
import type { ScalarSeries } from './types';

/** Points a builder holds per chunk once past the first chunk's doublings: full chunks are never
 *  copied again until build(), which makes the exact-length arrays (one copy, no slack held). */
const CHUNK = 1 << 16;

interface Chunk {
  step: Float64Array;
  value: Float64Array;
  wall: Float64Array | null;
}

export class SeriesBuilder {
  private readonly full: Chunk[] = [];
  private step = new Float64Array(16);
  private value = new Float64Array(16);
  private wall: Float64Array | null;
  /** Points in the current chunk. */
  private fill = 0;
  private last = NaN;
  private restarts: number[] = [];
  length = 0;

  constructor(withWallTime: boolean) {
    this.wall = withWallTime ? new Float64Array(16) : null;
  }

  push(step: number, value: number, wallTime = NaN): void {
    let i = this.fill;
    if (i === this.step.length) i = this.grow();
    if (step < this.last) this.restarts.push(this.length);
    this.last = step;
    this.step[i] = step;
    this.value[i] = value;
    if (this.wall) this.wall[i] = wallTime;
    this.fill = i + 1;
    this.length++;
  }

  /** Room for the next point: doubles the first chunk up to CHUNK, then starts a new one. */
  private grow(): number {
    const n = this.fill;
    if (n < CHUNK) {
      const copy = (a: Float64Array) => {
        const b = new Float64Array(Math.min(CHUNK, n * 2));
        b.set(a);
        return b;
      };
      this.step = copy(this.step);
      this.value = copy(this.value);
      if (this.wall) this.wall = copy(this.wall);
      return n;
    }
    this.full.push({ step: this.step, value: this.value, wall: this.wall });
    this.step = new Float64Array(CHUNK);
    this.value = new Float64Array(CHUNK);
    if (this.wall) this.wall = new Float64Array(CHUNK);
    this.fill = 0;
    return 0;
  }

  /** The points so far in exact-length arrays (copies, so the builder may keep growing). */
  build(): ScalarSeries {
    const current: Chunk = { step: this.step.subarray(0, this.fill), value: this.value.subarray(0, this.fill), wall: this.wall?.subarray(0, this.fill) ?? null };
    const chunks = [...this.full, current];
    const join = (part: (c: Chunk) => Float64Array) => {
      const out = new Float64Array(this.length);
      let at = 0;
      for (const c of chunks) {
        out.set(part(c), at);
        at += part(c).length;
      }
      return out;
    };
    return {
      step: join((c) => c.step),
      value: join((c) => c.value),
      wallTime: this.wall ? join((c) => c.wall!) : null,
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
