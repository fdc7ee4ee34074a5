/** Growing one tag's points while a reader decodes, shared by every reader. */
import type { ScalarSeries } from './types';

/** Points the largest chunk holds. Chunks double from FIRST up to it and are never copied until
 *  build(), which makes the exact-length arrays (one copy, no slack held): growing a series costs
 *  one allocation per chunk and no re-copies (doubling arrays re-allocated and zero-filled about
 *  twice the points, a tenth of reading a TensorBoard folder). */
const CHUNK = 1 << 16;
const FIRST = 16;

export class SeriesBuilder {
  /** Filled chunks, each point's step, value (and wall time) side by side. */
  private readonly full: Float64Array[] = [];
  private chunk: Float64Array;
  /** The next free slot of `chunk`. */
  private at = 0;
  /** Numbers per point: 3 with wall time, 2 without. */
  private readonly width: number;
  private last = NaN;
  private restarts: number[] = [];
  length = 0;

  constructor(withWallTime: boolean) {
    this.width = withWallTime ? 3 : 2;
    this.chunk = new Float64Array(FIRST * this.width);
  }

  push(step: number, value: number, wallTime = NaN): void {
    let c = this.chunk;
    let j = this.at;
    if (j === c.length) {
      c = this.grow();
      j = 0;
    }
    if (step < this.last) this.restarts.push(this.length);
    this.last = step;
    c[j] = step;
    c[j + 1] = value;
    if (this.width === 3) {
      c[j + 2] = wallTime;
      this.at = j + 3;
    } else this.at = j + 2;
    this.length++;
  }

  /** A new empty chunk, twice the last one up to CHUNK points. */
  private grow(): Float64Array {
    this.full.push(this.chunk);
    this.chunk = new Float64Array(Math.min(CHUNK * this.width, 2 * this.chunk.length));
    this.at = 0;
    return this.chunk;
  }

  /** The points so far in exact-length arrays (copies, so the builder may keep growing). */
  build(): ScalarSeries {
    const w = this.width;
    const step = new Float64Array(this.length);
    const value = new Float64Array(this.length);
    const wallTime = w === 3 ? new Float64Array(this.length) : null;
    let i = 0;
    for (const c of [...this.full, this.chunk.subarray(0, this.at)]) {
      for (let j = 0; j < c.length; j += w, i++) {
        step[i] = c[j]!;
        value[i] = c[j + 1]!;
        if (wallTime) wallTime[i] = c[j + 2]!;
      }
    }
    return { step, value, wallTime, restarts: this.restarts.slice() };
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
