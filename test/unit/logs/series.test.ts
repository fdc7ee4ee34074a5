import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeriesBuilder } from '../../../src/engine/logs/series';

test('a series built across chunk boundaries keeps every point in order, with its restarts', () => {
  const b = new SeriesBuilder(true);
  const steps: number[] = [];
  const n = 200_003; // three full chunks of 2^16 and a part
  for (let i = 0; i < n; i++) {
    const step = i < 150_000 ? i : i - 100_000; // a resumed run goes back to step 50,000
    steps.push(step);
    b.push(step, Math.fround(1 / (i + 1)), 1.7e9 + i);
    if (i === 70_000) {
      const early = b.build(); // a live read builds while the builder keeps growing
      assert.equal(early.step.length, 70_001);
      assert.equal(early.value[70_000], Math.fround(1 / 70_001));
    }
  }
  const s = b.build();
  assert.equal(s.step.length, n);
  assert.deepEqual(Array.from(s.step), steps);
  for (let i = 0; i < n; i += 997) {
    assert.equal(s.value[i], Math.fround(1 / (i + 1)));
    assert.equal(s.wallTime![i], 1.7e9 + i);
  }
  assert.equal(s.wallTime![n - 1], 1.7e9 + n - 1);
  assert.deepEqual(s.restarts, [150_000]);
});

test('a series without wall time builds wallTime null', () => {
  const b = new SeriesBuilder(false);
  b.push(3, 1);
  b.push(1, 2);
  assert.deepEqual(b.build(), { step: new Float64Array([3, 1]), value: new Float64Array([1, 2]), wallTime: null, restarts: [1] });
});
