/** The values a fixture's writer was given (test/fixtures/logs/.../expected.json, written by
 *  generate.py), and how a run read by Loss Lab is compared with them. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunLog } from '../../../src/engine/logs/types';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'logs');

type Given = Record<string, Record<string, [number, number | string][]>>;

export function given(dir: string): Given {
  return JSON.parse(readFileSync(join(FIXTURES, dir, 'expected.json'), 'utf8')) as Given;
}

function number(v: number | string): number {
  return v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number);
}

/** Every run and tag the writer was given, point for point; `stored` says how the format stores a
 *  value (Math.fround for float32). */
export function assertRunsMatch(runs: readonly RunLog[], expected: Given, stored: (run: string, v: number) => number = (_r, v) => v): void {
  assert.deepEqual(runs.map((r) => r.run).sort(), Object.keys(expected).sort());
  for (const run of runs) {
    const tags = expected[run.run]!;
    assert.deepEqual([...run.scalars.keys()].sort(), Object.keys(tags).sort(), `tags of ${run.run}`);
    for (const [tag, points] of Object.entries(tags)) {
      const s = run.scalars.get(tag)!;
      assert.deepEqual([...s.step], points.map((p) => p[0]), `steps of ${run.run} ${tag}`);
      assert.deepEqual([...s.value], points.map((p) => stored(run.run, number(p[1]))), `values of ${run.run} ${tag}`);
    }
  }
}
