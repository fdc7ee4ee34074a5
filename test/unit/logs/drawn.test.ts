import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smooth } from '../../../src/engine/curves/smooth';
import type { LogAnomaly } from '../../../src/engine/logs/anomalies';
import type { ScalarSeries } from '../../../src/engine/logs/types';
import { drawnSeries } from '../../../src/extension/logs/drawn';
import { parseFigure } from '../../../src/protocol/figure';

function run(n: number, spikeAt: number[]): ScalarSeries {
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) value[i] = 2 * Math.exp(-i / (n / 5)) + 0.1 + 0.02 * Math.sin(i * 1.7);
  for (const i of spikeAt) value[i] = 40;
  return { step: Float64Array.from({ length: n }, (_, i) => 10 * i), value, wallTime: Float64Array.from({ length: n }, (_, i) => 1.8e9 + i / 4), restarts: [] };
}

const meta = (anomalies: LogAnomaly[] = []) => ({ name: 'runs/a: loss', split: 'train' as const, group: 'a', anomalies });

test('every spike of a long run is drawn, at its step, with the run\'s length and a valid figure series', () => {
  const spikes = [1234, 55_555, 99_998];
  const s = run(100_000, spikes);
  const d = drawnSeries(s, meta(), { smoothing: 0, xAxis: 'step', xRange: null }, 100);
  assert.ok(d.values.length < 600, `${d.values.length} points drawn`);
  assert.equal(d.total, 100_000);
  for (const i of spikes) assert.ok(d.steps!.includes(10 * i) && d.values[d.steps!.indexOf(10 * i)] === 40, `spike at step ${10 * i}`);
  assert.equal(d.steps![0], 0);
  assert.equal(d.steps![d.steps!.length - 1], 999_990);
  // What crosses to the page parses as a figure series.
  parseFigure(JSON.parse(JSON.stringify({ version: 1, kind: 'curves', series: [d] })));
});

test('the smoothed line is computed over every point, then picked at the drawn points', () => {
  const s = run(20_000, [777]);
  const d = drawnSeries(s, meta(), { smoothing: 0.9, xAxis: 'step', xRange: null }, 50);
  const full = smooth(s.value, 0.9);
  assert.equal(d.smoothed!.weight, 0.9);
  d.steps!.forEach((step, k) => assert.equal(d.smoothed!.values[k], full[step / 10]));
});

test('the y range ignores spikes over every point, though the drawing keeps them', () => {
  const s = run(50_000, Array.from({ length: 200 }, (_, k) => 250 * k + 7));
  const d = drawnSeries(s, meta(), { smoothing: 0, xAxis: 'step', xRange: null }, 100);
  assert.ok(d.values.filter((v) => v === 40).length > 50, 'spikes drawn');
  assert.ok(d.range!.linear![1] < 5, `top ${d.range!.linear![1]}`);
});

test('zooming in draws the span in detail, the point before and after it, and anomalies renumbered', () => {
  const s = run(100_000, [50_100]);
  const anomaly: LogAnomaly = { run: 'a', tag: 'loss', kind: 'spike', step: 501_000, index: 50_100, message: 'spike' };
  const d = drawnSeries(s, meta([anomaly]), { smoothing: 0, xAxis: 'step', xRange: [500_000, 502_000] }, 200);
  const inside = d.steps!.filter((x) => x >= 500_000 && x <= 502_000);
  assert.equal(inside.length, 201, 'every point of a span of 201 points');
  assert.deepEqual(d.steps!.filter((x) => x < 500_000 || x > 502_000), [0, 499_990, 502_010], 'first point and the neighbours');
  assert.equal(d.anomalies!.length, 1);
  assert.equal(d.steps![d.anomalies![0]!.at], 501_000);
});

test('relative and wall time decimate along time', () => {
  const s = run(10_000, []);
  const rel = drawnSeries(s, meta(), { smoothing: 0, xAxis: 'relative', xRange: [100, 200] }, 1000);
  const t = rel.wallTime!.map((v) => v - 1.8e9).filter((v) => v >= 100 && v <= 200);
  assert.equal(t.length, 401);
});
