import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCurves, defaultCurvesView } from '../../../src/plot/curves';
import { patchBetween, signatureOf } from '../../../src/plot/patch';
import type { PlotSpec } from '../../../src/plot/spec';
import { DARK_THEME, LIGHT_THEME } from '../../../src/plot/theme';
import type { CurvesFigure } from '../../../src/protocol/figure';

const values = (rate: number): number[] => Array.from({ length: 600 }, (_, i) => 2 * Math.exp(-i / rate) + 0.1 + 0.05 * Math.sin(i * 1.3));
const spiky = values(80);
spiky[300] = 40; // a marker trace, which does not depend on the smoothing
const figure: CurvesFigure = { version: 1, kind: 'curves', series: [{ name: 'a', values: spiky }, { name: 'b', values: values(150) }] };
const at = (smoothing: number, theme = LIGHT_THEME): PlotSpec => buildCurves(figure, theme, { ...defaultCurvesView(figure), smoothing });

type Trace = { name?: string; mode?: string; x?: unknown; hoverinfo?: string };

test('a smoothing change patches only the smoothed traces, with their new data and the new y range', () => {
  const before = at(0.6);
  const after = at(0.9);
  const patch = patchBetween(before, after);
  assert.ok(patch, 'a data-only change');
  const traces = after.data as Trace[];
  const smoothed = traces.flatMap((t, i) => (t.mode === 'lines' && t.hoverinfo !== 'skip' ? [i] : []));
  assert.deepEqual(patch.indices, smoothed, 'raw lines and markers are left alone');
  assert.deepEqual(Object.keys(patch.data).sort(), ['customdata', 'x', 'y']);
  patch.indices.forEach((i, k) => assert.equal(patch.data.y![k], (after.data[i] as { y: unknown }).y));
  const range = (after.layout.yaxis as { range: number[] }).range;
  assert.notDeepEqual(range, (before.layout.yaxis as { range: number[] }).range);
  assert.deepEqual(patch.layout, { 'yaxis.range': range });
});

test('the same spec again is an empty patch; anything but data and ranges needs a full redraw', () => {
  const spec = at(0.6);
  assert.deepEqual(patchBetween(spec, at(0.6)), { indices: [], data: {}, layout: {} });
  assert.equal(patchBetween(spec, at(0.6, DARK_THEME)), null, 'theme colours');
  assert.equal(patchBetween(spec, at(0)), null, 'no smoothing: no raw traces, other hover text');
  const restyled: PlotSpec = { ...spec, data: spec.data.map((t, i) => (i === 3 ? ({ ...t, line: { color: '#ff0000' } } as typeof t) : t)) };
  assert.equal(patchBetween(spec, restyled), null, 'a line colour');
  const retitled: PlotSpec = { ...spec, layout: { ...spec.layout, title: { text: 'other' } } };
  assert.equal(patchBetween(spec, retitled), null, 'a title');
  const fewer: PlotSpec = { ...spec, data: spec.data.slice(1) };
  assert.equal(patchBetween(spec, fewer), null, 'a trace less');
});

test('changed traces with different data keys cannot share one update', () => {
  const a: PlotSpec = { data: [{ type: 'scatter', x: [1], y: [1], customdata: [1] }, { type: 'scatter', x: [1], y: [1] }], layout: {} };
  const b: PlotSpec = { data: [{ type: 'scatter', x: [1], y: [2], customdata: [1] }, { type: 'scatter', x: [1], y: [3] }], layout: {} };
  assert.equal(patchBetween(a, b), null);
  const c: PlotSpec = { data: [{ type: 'scatter', x: [1], y: [2], customdata: [1] }, { type: 'scatter', x: [1], y: [1] }], layout: {} };
  assert.deepEqual(patchBetween(a, c), { indices: [0], data: { x: [[1]], y: [[2]], customdata: [[1]] }, layout: {} });
  // A trace that swaps one data key for another is restyled, not patched (the old key would stay).
  const swapped: PlotSpec = { data: [{ type: 'scatter', x: [1], y: [1], customdata: [1] }, { type: 'scatter', x: [1], customdata: [1] }], layout: {} };
  assert.equal(patchBetween(a, swapped), null);
  // NaN equals NaN here: gaps do not count as changes.
  const d: PlotSpec = { data: [{ type: 'scatter', x: [1], y: [NaN] }], layout: { xaxis: { range: [0, 1] } } };
  assert.deepEqual(patchBetween(d, { data: [{ type: 'scatter', x: [1], y: [NaN] }], layout: { xaxis: { range: [0, 2] } } }), { indices: [], data: {}, layout: { 'xaxis.range': [0, 2] } });
});

test('a signature taken before drawing survives what Plotly.react writes into the spec it is given', () => {
  const drawnSpec = at(0.6);
  const signature = signatureOf(drawnSpec);
  // What plotly does to the objects it draws: trace uids, autoranged axis ranges, the size.
  drawnSpec.data.forEach((t, i) => Object.assign(t, { uid: `u${i}` }));
  Object.assign(drawnSpec.layout, { width: 800, height: 400, xaxis: { ...drawnSpec.layout.xaxis, range: [0, 599], autorange: true } });
  assert.equal(patchBetween(drawnSpec, at(0.9)), null, 'the mutated spec no longer compares');
  const patch = patchBetween(signature, at(0.9));
  assert.ok(patch && patch.indices.length === 2, JSON.stringify(patch?.indices));
});
