import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlotData } from 'plotly.js';
import { buildCurves, defaultCurvesView } from '../../../src/plot/curves';
import { LIGHT_THEME } from '../../../src/plot/theme';
import { parseFigure, type CurvesFigure } from '../../../src/protocol/figure';

type Trace = Partial<PlotData>;
const curve = (n: number, scale: number): number[] => Array.from({ length: n }, (_, i) => scale * (1 + Math.exp(-i / 30) + 0.01 * Math.sin(i)));

test('the outlier-ignoring y range never hides a whole series of another scale', () => {
  const f: CurvesFigure = { version: 1, kind: 'curves', series: [
    ...Array.from({ length: 19 }, (_, k) => ({ name: `small ${k}`, values: curve(100, 1) })),
    { name: 'large', values: curve(100, 1000) },
  ] };
  const range = buildCurves(f, LIGHT_THEME).layout.yaxis!.range as [number, number];
  // Pooled 5–95 % quantiles would stop below 3; the large run's own bulk is near 1000–2000.
  assert.ok(range[1] > 1500, `top ${range[1]}`);
  assert.ok(range[0] < 1.1, `bottom ${range[0]}`);
});

test('relative time starts each run at 0; epoch wall times are drawn as dates', () => {
  const t0 = 1_796_000_000;
  const f: CurvesFigure = { version: 1, kind: 'curves', series: [
    { name: 'a', values: [3, 2, 1], wallTime: [t0, t0 + 5, t0 + 9] },
    { name: 'b', values: [3, 2, 1], wallTime: [t0 + 100, t0 + 101, t0 + 102] },
  ] };
  const rel = buildCurves(f, LIGHT_THEME, { ...defaultCurvesView(f), xAxis: 'relative', smoothing: 0 });
  assert.deepEqual(rel.data.filter((t) => (t as Trace).mode === 'lines').map((t) => (t as Trace).x), [[0, 5, 9], [0, 1, 2]]);
  const wall = buildCurves(f, LIGHT_THEME, { ...defaultCurvesView(f), xAxis: 'wall', smoothing: 0 });
  assert.equal(wall.layout.xaxis!.type, 'date');
  assert.equal(((wall.data[0] as Trace).x as number[])[0], t0 * 1000);
});

test('anomalies sent with a series are marked as sent, not detected again; focusStep centres the x range', () => {
  const values = curve(200, 1);
  values[100] = 50; // the page's detector would call this a spike
  const f = parseFigure({ version: 1, kind: 'curves', focusStep: 40, series: [
    { name: 'run: loss', values, anomalies: [{ kind: 'restart', at: 10, explanation: 'restarted at step 10' }] },
  ] }) as CurvesFigure;
  const plot = buildCurves(f, LIGHT_THEME);
  assert.deepEqual(plot.anomalies[0]!.anomalies.map((a) => [a.kind, a.at]), [['restart', 10]]);
  const range = plot.layout.xaxis!.range as [number, number];
  assert.ok(range[0] < 40 && range[1] > 40 && range[1] - range[0] < 199, `range ${range}`);
  assert.throws(() => parseFigure({ version: 1, kind: 'curves', series: [{ name: 'x', values: [1], anomalies: [{ kind: 'spike', at: 3, explanation: '' }] }] }), /index of a value/);
});
