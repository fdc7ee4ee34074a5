/** A live curve read chunk by chunk finds what one pass over the whole series finds. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { detectAnomalies, type CurveAnomaly } from '../../../src/engine/curves/anomalies';
import { LiveDetector, LiveDetectors } from '../../../src/engine/curves/live';
import { curve, SHAPES } from './series';

/** A noisy decaying curve with spikes, NaN/inf runs, rises and restarts where asked. */
const liveCurve = fc.record({
  shape: fc.constantFrom(...Object.keys(SHAPES)),
  n: fc.integer({ min: 1, max: 700 }),
  seed: fc.nat(10_000),
  noise: fc.constantFrom(0, 0.01, 0.05),
  events: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('spike', 'nan', 'inf', 'rise', 'restart')), { maxLength: 6 }),
}).map(({ shape, n, seed, noise, events }) => {
  const values = Float64Array.from(curve(SHAPES[shape]!, n, noise, noise / 10, seed));
  const steps = Float64Array.from({ length: n }, (_, i) => i);
  const restarts: number[] = [];
  for (const [where, kind] of events) {
    const at = Math.floor(where * n);
    if (at >= n) continue;
    if (kind === 'spike') values[at]! *= 4;
    else if (kind === 'nan' || kind === 'inf') values.fill(kind === 'nan' ? NaN : Infinity, at, Math.min(n, at + 3));
    else if (kind === 'rise') for (let i = at; i < n; i++) values[i]! += (i - at) * 0.01;
    else if (at > 0 && !restarts.includes(at)) {
      restarts.push(at);
      for (let i = at; i < n; i++) steps[i] = i - at; // the step goes back: a resumed run
    }
  }
  return { values, steps, restarts: restarts.sort((a, b) => a - b) };
});

/** Where a series is cut into the chunks a watcher sees. */
const chunks = fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 12 });

function plain(found: CurveAnomaly[]) {
  return found.map(({ kind, start, end, at, value, explanation }) => ({ kind, start, end, at, value: Object.is(value, NaN) ? 'nan' : value, explanation }))
    .sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind) || a.at - b.at);
}

/** Feeds values[0, n) in chunks; after each, what the detector says. */
function* fed(detector: LiveDetector, s: { values: Float64Array; steps: Float64Array; restarts: number[] }, sizes: number[]) {
  let n = 0;
  for (let k = 0; n < s.values.length; k++) {
    n = Math.min(s.values.length, n + sizes[k % sizes.length]!);
    const found = detector.update(s.values.subarray(0, n), s.steps.subarray(0, n), s.restarts.filter((r) => r < n));
    yield { n, found };
  }
}

test('with a fixed window, every update equals one pass over the series so far (restarts included)', () => {
  fc.assert(fc.property(liveCurve, chunks, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 3, max: 30 }), fc.double({ min: 0, max: 0.05, noNaN: true }), (s, sizes, half, minLength, noise) => {
    const options = { halfWindow: half, riseMinLength: minLength, noiseSigma: noise };
    for (const { n, found } of fed(new LiveDetector(options), s, sizes)) {
      const whole = detectAnomalies(s.values.subarray(0, n), { ...options, steps: s.steps.subarray(0, n), restarts: s.restarts.filter((r) => r < n) });
      assert.deepEqual(plain(found), plain(whole), `at n=${n}`);
    }
  }), { numRuns: 150 });
});

test('with the default window, each update equals one pass with the window the detector last measured', () => {
  fc.assert(fc.property(liveCurve.map((s) => ({ ...s, restarts: [] as number[], steps: Float64Array.from(s.values, (_, i) => i) })), chunks, (s, sizes) => {
    const detector = new LiveDetector();
    for (const { n, found } of fed(detector, s, sizes)) {
      const window = detector.windowOf()!;
      const whole = detectAnomalies(s.values.subarray(0, n), { ...window, steps: s.steps.subarray(0, n) });
      assert.deepEqual(plain(found), plain(whole), `at n=${n}`);
    }
  }), { numRuns: 150 });
});

test('one update over the whole series equals detectAnomalies with its defaults', () => {
  fc.assert(fc.property(liveCurve, (s) => {
    const found = new LiveDetector().update(s.values, s.steps, s.restarts);
    assert.deepEqual(plain(found), plain(detectAnomalies(s.values, { steps: s.steps, restarts: s.restarts })));
  }), { numRuns: 150 });
});

test('LiveDetectors: a series that shrank (a run started over) is read afresh; another key is not touched', () => {
  const first = Float64Array.from(curve(SHAPES[Object.keys(SHAPES)[0]!]!, 600, 0.01, 0.001, 3));
  first[500]! *= 6;
  first.fill(NaN, 520, 523);
  const steps = (n: number) => Float64Array.from({ length: n }, (_, i) => i);
  const again = Float64Array.from(curve(SHAPES[Object.keys(SHAPES)[0]!]!, 200, 0.01, 0.001, 4));
  const expected = plain(detectAnomalies(again, { steps: steps(200) }));
  // One detector fed the rewritten series carries what it found before (the test can fail).
  const stale = new LiveDetector();
  stale.update(first, steps(600), []);
  assert.notDeepEqual(plain(stale.update(again, steps(200), [])), expected);

  const detectors = new LiveDetectors();
  const other = plain(detectors.update('b', 'train', first, steps(600), []));
  detectors.update('a', 'train', first, steps(600), []);
  assert.deepEqual(plain(detectors.update('a', 'train', again, steps(200), [])), expected);
  assert.deepEqual(plain(detectors.update('b', 'train', first, steps(600), [])), other);
  detectors.forget(['b']);
  assert.deepEqual(plain(detectors.update('b', 'train', first, steps(600), [])), other);
});
