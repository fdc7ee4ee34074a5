import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectAnomalies } from '../../../src/engine/curves/anomalies';
import { curve, SHAPES } from './series';
import { rng } from '../fd';

const NOISE = [
  { rel: 0, abs: 0 },
  { rel: 0.01, abs: 0 },
  { rel: 0.05, abs: 0.002 },
  { rel: 0.15, abs: 0.01 },
  { rel: 0, abs: 0.02 },
];

test('no false alarms on clean decaying curves (5 shapes × 5 noise levels × 3 lengths × 4 seeds)', () => {
  for (const [name, shape] of Object.entries(SHAPES)) {
    for (const { rel, abs } of NOISE) {
      for (const n of [60, 500, 2000]) {
        for (let seed = 1; seed <= 4; seed++) {
          const ys = curve(shape, n, rel, abs, seed * 101 + n);
          const found = detectAnomalies(ys);
          assert.deepEqual(found, [], `${name} rel=${rel} abs=${abs} n=${n} seed=${seed}: ${JSON.stringify(found.map((a) => [a.kind, a.at]))}`);
        }
      }
    }
  }
});

test('injected spikes are found at their positions', () => {
  for (const [name, shape] of Object.entries(SHAPES)) {
    for (const { rel, abs } of NOISE.slice(0, 4)) {
      for (let seed = 1; seed <= 4; seed++) {
        const n = 1000;
        const ys = curve(shape, n, rel, abs, seed);
        const u = rng(seed * 31);
        const at = new Set<number>();
        while (at.size < 3) at.add(50 + Math.floor(u() * (n - 100)));
        for (const i of at) ys[i] = shape(i, n) * (2.5 + u()) + 10 * abs;
        const spikes = detectAnomalies(ys).filter((a) => a.kind === 'spike');
        assert.deepEqual(spikes.map((s) => s.at).sort((a, b) => a - b), [...at].sort((a, b) => a - b), `${name} rel=${rel} seed=${seed}`);
        for (const s of spikes) assert.match(s.explanation, /learning rate too high/);
      }
    }
  }
});

test('a short burst of high values is one spike marked at its peak', () => {
  const ys = curve(SHAPES.exponential!, 400, 0.02, 0, 3);
  ys[200] = 3;
  ys[201] = 5;
  ys[202] = 2;
  const spikes = detectAnomalies(ys).filter((a) => a.kind === 'spike');
  assert.equal(spikes.length, 1);
  assert.deepEqual([spikes[0]!.start, spikes[0]!.at, spikes[0]!.end], [200, 201, 202]);
});

test('a steady rise after training is reported as divergence from the lowest point', () => {
  for (let seed = 1; seed <= 5; seed++) {
    const n = 1000;
    const ys = curve((t) => (t < 600 ? 2 * Math.exp(-t / 100) + 0.1 : 2 * Math.exp(-6) + 0.1 + (t - 600) * 0.002), n, 0.05, 0, seed);
    const div = detectAnomalies(ys).filter((a) => a.kind === 'divergence');
    assert.equal(div.length, 1, `seed ${seed}`);
    assert.ok(Math.abs(div[0]!.start - 600) < 60, `starts near the bottom, got ${div[0]!.start}`);
    assert.ok(div[0]!.at > 950, `peak near the end, got ${div[0]!.at}`);
    assert.match(div[0]!.explanation, /diverging/);
  }
});

test('validation divergence mentions overfitting', () => {
  const ys = Array.from({ length: 200 }, (_, t) => (t < 100 ? 1 - t / 200 : 0.5 + (t - 100) / 100));
  const div = detectAnomalies(ys, { split: 'val', steps: ys.map((_, i) => i * 10) });
  assert.equal(div.length, 1);
  assert.equal(div[0]!.kind, 'divergence');
  assert.match(div[0]!.explanation, /overfitting/);
  assert.match(div[0]!.explanation, /to 1\.\d+ at step 1990/);
});

test('NaN and inf runs are reported once each, with their first index', () => {
  const ys = curve(SHAPES.powerLaw!, 100, 0.02, 0, 9);
  ys[40] = Infinity;
  ys[70] = NaN;
  ys[71] = NaN;
  ys[72] = NaN;
  const bad = detectAnomalies(ys).filter((a) => a.kind === 'nonfinite');
  assert.deepEqual(bad.map((a) => [a.start, a.end]), [[40, 40], [70, 72]]);
  assert.match(bad[0]!.explanation, /^\+inf at step 40\. .*overflow/);
  assert.match(bad[1]!.explanation, /^NaN at step 70 \(3 points in a row\)\. .*log of zero/);
  assert.equal(detectAnomalies(ys).filter((a) => a.kind === 'spike').length, 0);
});

test('a resumed run (step goes back, level jumps) is no spike or divergence; anomalies inside a segment keep their indices', () => {
  const first = Array.from({ length: 300 }, (_, i) => 2 / (1 + i / 20) + 0.01 * Math.sin(i * 1.7));
  // resumed from an older checkpoint: the loss is back up where step 150 was
  const second = Array.from({ length: 300 }, (_, i) => 2 / (1 + (150 + i) / 20) + 0.01 * Math.cos(i * 1.3));
  second[200] = second[200]! * 8;
  const values = [...first, ...second];
  const steps = [...first.map((_, i) => i), ...second.map((_, i) => 150 + i)];
  assert.ok(detectAnomalies(values, { steps }).length > 0, 'without restarts the jump looks like an anomaly');
  const found = detectAnomalies(values, { steps, restarts: [300] });
  assert.deepEqual(found.map((a) => [a.kind, a.at]), [['spike', 500]]);
  assert.match(found[0]!.explanation, /350/);
});
