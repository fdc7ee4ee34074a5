import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlotData } from 'plotly.js';
import { smooth } from '../../../src/engine/curves/smooth';
import { buildCurves, defaultCurvesView, drawColumns, POINT_BUDGET } from '../../../src/plot/curves';
import { LIGHT_THEME } from '../../../src/plot/theme';
import type { CurvesFigure } from '../../../src/protocol/figure';

type Trace = Partial<PlotData>;

function figure(): CurvesFigure {
  const train = Array.from({ length: 200 }, (_, i) => 2 * Math.exp(-i / 40) + 0.1 + 0.01 * Math.sin(i * 1.7));
  train[120] = 3; // a spike
  const val = Array.from({ length: 200 }, (_, i) => 2.2 * Math.exp(-i / 40) + 0.2);
  val[150] = NaN;
  return {
    version: 1, kind: 'curves', title: 'run <1>',
    series: [
      { name: 'train', values: train, steps: train.map((_, i) => i * 10), wallTime: train.map((_, i) => i * 0.5), group: 'a' },
      { name: 'val', values: val, split: 'val', group: 'a' },
    ],
  };
}

test('each series has a faint raw trace under its smoothed one; validation is dashed, same group same colour', () => {
  const plot = buildCurves(figure(), LIGHT_THEME);
  const lines = plot.data.filter((t) => (t as Trace).mode === 'lines') as Trace[];
  assert.equal(lines.length, 4);
  // raw curves first (one trace per colour and dash), then the smoothed ones
  const [rawTrain, rawVal, train, val] = lines;
  assert.equal(rawVal!.line!.dash, 'dash');
  assert.equal(rawTrain!.hoverinfo, 'skip');
  assert.match(String(rawTrain!.line!.color), /^rgba\(.*0\.25\)$/);
  assert.equal(train!.line!.color, LIGHT_THEME.colors[0]);
  assert.equal(val!.line!.color, LIGHT_THEME.colors[0]);
  assert.equal(val!.line!.dash, 'dash');
  assert.equal(rawVal!.showlegend, false);
  // x: steps when given, else indices
  assert.equal((train!.x as number[])[3], 30);
  assert.equal((val!.x as number[])[3], 3);
  // smoothed with TensorBoard's default 0.6: the second point is (0.4·0.6·y0 + 0.4·y1)/(1 − 0.36)
  const y = figure().series[0]!.values;
  const ys = train!.y as number[];
  assert.ok(Math.abs(ys[0]! - y[0]!) < 1e-12);
  assert.ok(Math.abs(ys[1]! - (0.24 * y[0]! + 0.4 * y[1]!) / 0.64) < 1e-12);
  // the title is escaped for plotly's HTML subset
  assert.equal((plot.layout.title as { text: string }).text, 'run &lt;1&gt;');
});

test('a smoothing of 0 draws only the raw values, wall time switches the x axis', () => {
  const plot = buildCurves(figure(), LIGHT_THEME, { ...defaultCurvesView(figure()), smoothing: 0, xAxis: 'wall' });
  const lines = plot.data.filter((t) => (t as Trace).mode === 'lines') as Trace[];
  assert.equal(lines.length, 2);
  assert.equal((lines[0]!.x as number[])[4], 2);
  assert.equal((plot.layout.xaxis!.title as { text: string }).text, 'wall time (s)');
});

test('the y range ignores the spike (5–95 %) and NaN becomes a gap', () => {
  const plot = buildCurves(figure(), LIGHT_THEME);
  const range = plot.layout.yaxis!.range as [number, number];
  assert.ok(range[1] < 3, `the spike at 3 is outside the range ${range}`);
  assert.ok(range[0] > 0 && range[0] < 0.5);
  const rawVal = plot.data[1] as Trace;
  assert.equal((rawVal.y as (number | null)[])[150], null);
});

test('log y: the axis is logarithmic and its range is in decades', () => {
  const plot = buildCurves(figure(), LIGHT_THEME, { ...defaultCurvesView(figure()), logY: true });
  assert.equal(plot.layout.yaxis!.type, 'log');
  const [lo, hi] = plot.layout.yaxis!.range as [number, number];
  assert.ok(lo > -1.5 && lo < -0.5 && hi > 0 && hi < 0.5, `log10 range ${lo}, ${hi}`);
});

test('the spike and the NaN are marked, with explanations on hover', () => {
  const plot = buildCurves(figure(), LIGHT_THEME);
  assert.deepEqual(plot.anomalies.map((a) => a.anomalies.map((x) => [x.kind, x.at])), [[['spike', 120]], [['nonfinite', 150]]]);
  const markers = plot.data.filter((t) => (t as Trace).mode === 'markers') as Trace[];
  assert.equal(markers.length, 2);
  assert.deepEqual(markers[0]!.x, [1200]);
  assert.deepEqual(markers[0]!.y, [3]);
  assert.match(String((markers[0]!.text as string[])[0]), /spike at step 1200.*learning rate too high/s);
  // the NaN has no value: its marker sits on the top edge of the visible range
  const top = (plot.layout.yaxis!.range as number[])[1];
  assert.deepEqual(markers[1]!.y, [top]);
  assert.match(String((markers[1]!.text as string[])[0]), /NaN at step 150/);
});

test('many runs: raw curves share one trace per colour, long curves are decimated keeping spikes', () => {
  const n = 5000;
  const series = Array.from({ length: 12 }, (_, r) => ({
    name: `run ${r}`, group: `g${r % 3}`, values: Array.from({ length: n }, (_, i) => 1 / (1 + i / 100) + 0.01 * Math.sin(i + r)),
  }));
  series[0]!.values[3333] = 50;
  const plot = buildCurves({ version: 1, kind: 'curves', series }, LIGHT_THEME);
  const lines = plot.data.filter((t) => (t as Trace).mode === 'lines') as Trace[];
  assert.equal(lines.length, 3 + 12, 'three raw traces (one per group colour) and twelve smoothed');
  const smoothed = lines[3]!;
  assert.ok((smoothed.x as number[]).length <= 1000, `decimated to ${(smoothed.x as number[]).length} points`);
  const raw0 = lines[0]!;
  assert.ok((raw0.y as number[]).includes(50), 'the spike survives decimation');
  assert.ok((raw0.x as number[]).includes(3333));
});

test('columns: about one per pixel for a few lines, a shared point budget for many', () => {
  assert.equal(drawColumns(1), 1000);
  assert.equal(drawColumns(48), Math.floor(POINT_BUDGET / 96));
  assert.ok(drawColumns(10_000) >= 50, 'never coarser than 50 columns');
  for (const lines of [1, 4, 12, 48, 200]) assert.ok(drawColumns(lines) >= drawColumns(lines + 1));
});

test('long curves: the smoothed line keeps its own extremes and both ends; raw lines do not depend on the weight', () => {
  const n = 3000;
  const values = Array.from({ length: n }, (_, i) => 1 / (1 + i / 300) + 0.05 * Math.sin(i * 2.3));
  values[2000] = 9;
  const fig: CurvesFigure = { version: 1, kind: 'curves', series: [{ name: 'a', values }] };
  const lines = (w: number): Trace[] => buildCurves(fig, LIGHT_THEME, { ...defaultCurvesView(fig), smoothing: w }).data.filter((t) => (t as Trace).mode === 'lines') as Trace[];
  const [raw, smoothed] = lines(0.9);
  const columns = drawColumns(2);
  const xs = smoothed!.x as number[];
  const ys = smoothed!.y as number[];
  assert.ok(xs.length <= 2 * columns + 2 && xs.length < n, `decimated to ${xs.length}`);
  assert.equal(xs[0], 0);
  assert.equal(xs[xs.length - 1], n - 1);
  const full = smooth(values, 0.9);
  xs.forEach((x, k) => assert.equal(ys[k], full[x]!, 'values come from the smoothed input at their own step'));
  xs.forEach((x, k) => assert.equal((smoothed!.customdata as number[])[k], values[x]!, 'hover shows the raw value of the same step'));
  // per column of the x span, the smoothed line's own min and max are drawn (not the raw line's)
  const column = (x: number): number => Math.min(columns - 1, Math.floor(x * (columns / (n - 1))));
  for (let c = 0; c < columns; c++) {
    const inColumn = full.filter((_, x) => column(x) === c);
    const drawn = ys.filter((_, k) => column(xs[k]!) === c);
    assert.ok(drawn.includes(Math.min(...inColumn)) && drawn.includes(Math.max(...inColumn)), `column ${c}`);
  }
  assert.ok((raw!.y as number[]).includes(9), 'the raw spike is drawn');
  // Behind the smoothed line the faint raw line gets half the columns; unsmoothed, it is the line.
  const rawPoints = (raw!.x as number[]).length;
  assert.ok(rawPoints <= 2 * Math.floor(columns / 2) + 3 && rawPoints < xs.length, `raw ${rawPoints} vs smoothed ${xs.length}`);
  const [alone] = lines(0);
  assert.ok((alone!.x as number[]).length > rawPoints, 'without smoothing the raw line has every column');
  const [rawAgain] = lines(0.3);
  assert.deepEqual(rawAgain!.x, raw!.x);
  assert.deepEqual(rawAgain!.y, raw!.y);
  // a new series object is decimated afresh, even at the same weight
  const other = values.map((v) => v + 1);
  const plot = buildCurves({ ...fig, series: [{ name: 'a', values: other }] }, LIGHT_THEME, { ...defaultCurvesView(fig), smoothing: 0.9 });
  assert.ok(((plot.data[0] as Trace).y as number[]).includes(10));
});

test('the hover names the x axis shown and what the values are', () => {
  const smoothed = buildCurves(figure(), LIGHT_THEME).data.filter((t) => (t as Trace).mode === 'lines' && (t as Trace).hovertemplate) as Trace[];
  assert.ok(smoothed.length > 0);
  for (const t of smoothed) assert.match(String(t.hovertemplate), /step %\{x\}<br>smoothed %\{y:\.4g\}<br>raw %\{customdata:\.4g\}/);
  const relative = buildCurves(figure(), LIGHT_THEME, { ...defaultCurvesView(figure()), xAxis: 'relative', smoothing: 0 }).data.find((t) => (t as Trace).mode === 'lines' && (t as Trace).hovertemplate) as Trace;
  assert.match(String(relative.hovertemplate), /time since start \(s\) %\{x\}<br>loss %\{y:\.4g\}/);
});
