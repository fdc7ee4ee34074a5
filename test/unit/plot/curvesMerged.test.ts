import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlotData } from 'plotly.js';
import { buildCurves, MERGE_ABOVE } from '../../../src/plot/curves';
import { legendEntries, withHiddenGroups } from '../../../src/plot/legend';
import { patchBetween } from '../../../src/plot/patch';
import { LIGHT_THEME } from '../../../src/plot/theme';
import type { CurveSeries, CurvesFigure } from '../../../src/protocol/figure';

type Trace = Partial<PlotData>;
const RUNS = 30;

/** A host-decimated series (total set: drawn as given). */
function run(r: number, n = 40): CurveSeries {
  const values = Array.from({ length: n }, (_, i) => 1 / (1 + i) + r / 100);
  if (r === 7) values[20] = 9;
  return {
    name: `run ${r}`, group: `g${r}`, values, steps: values.map((_, i) => i * 10), total: n * 50,
    ...(r === 3 ? { anomalies: [{ kind: 'spike' as const, at: 5, explanation: 'a spike at step 50' }] } : { anomalies: [] }),
  };
}

const figure = (series: CurveSeries[]): CurvesFigure => ({ version: 1, kind: 'curves', series, smoothing: 0.6 });
const lines = (data: readonly unknown[]): Trace[] => (data as Trace[]).filter((t) => t.mode === 'lines' && t.hoverinfo !== 'skip');

test('many series share one trace per colour, each point naming its series; the legend still lists every series', () => {
  assert.ok(RUNS > MERGE_ABOVE);
  const series = Array.from({ length: RUNS }, (_, r) => run(r));
  const plot = buildCurves(figure(series), LIGHT_THEME);
  const colours = LIGHT_THEME.colors.length;
  assert.equal(lines(plot.data).length, Math.min(colours, RUNS), 'one smoothed trace per colour');
  assert.ok(plot.data.length <= 2 * colours + 1, `${plot.data.length} traces: raw and smoothed per colour, one of warnings`);
  // Every given point is drawn (the host decimated), the series separated by gaps.
  const first = lines(plot.data)[0]!;
  const members = series.filter((_, r) => r % colours === 0);
  assert.equal((first.x as number[]).length, members.reduce((n, s) => n + s.values.length, 0) + members.length - 1);
  const text = first.text as string[];
  assert.equal(text[0], 'run 0');
  assert.equal(text[text.length - 1], `run ${members[members.length - 1]!.name.slice(4)}`);
  assert.equal((first.y as (number | null)[])[series[0]!.values.length], null, 'a gap between two series');
  assert.match(String(first.hovertemplate), /%\{text\}/);
  // The spike of run 7 is in its raw trace, hover values are the raw ones.
  const raw = (plot.data as Trace[]).filter((t) => t.hoverinfo === 'skip');
  assert.ok(raw.some((t) => (t.y as number[]).includes(9)));
  assert.ok(lines(plot.data).some((t) => (t.customdata as number[]).includes(9)));
  const markers = (plot.data as Trace[]).filter((t) => t.mode === 'markers');
  assert.equal(markers.length, 1);
  assert.match(String((markers[0]!.text as string[])[0]), /^run 3<br>a spike at step 50/);
  const entries = legendEntries(plot);
  assert.equal(entries.filter((e) => !/warning/.test(e.label)).length, RUNS, 'one legend entry per series');
  assert.equal(entries.find((e) => e.label === 'run 3: 1 warning')?.group, entries.find((e) => e.label === 'run 3')?.group);
});

test('hiding a series in the legend draws the merged traces without its points', () => {
  const series = Array.from({ length: RUNS }, (_, r) => run(r));
  const plot = buildCurves(figure(series), LIGHT_THEME);
  const hidden = withHiddenGroups(plot, new Set(['run 0', 'run 3']));
  const names = new Set(lines(hidden.data).flatMap((t) => t.text as string[]));
  assert.ok(!names.has('run 0') && !names.has('run 3') && names.has('run 10'));
  assert.equal((hidden.data as Trace[]).filter((t) => t.mode === 'markers').length, 0, "run 3's warning hides with it");
  assert.equal(hidden.layout.showlegend, false);
});

test("a live append changes only the traces of the grown series' colour, patched in one update", () => {
  const series = Array.from({ length: RUNS }, (_, r) => run(r));
  const before = buildCurves(figure(series), LIGHT_THEME);
  const grown = [...series];
  grown[7] = run(7, 45);
  const after = buildCurves(figure(grown), LIGHT_THEME);
  const patch = patchBetween(before, after);
  assert.ok(patch, 'a data-only change');
  const colour = LIGHT_THEME.colors[7 % LIGHT_THEME.colors.length];
  const changed = patch.indices.map((i) => (after.data[i] as Trace).line!.color);
  assert.equal(patch.indices.length, 2, 'the raw and the smoothed trace of that colour');
  assert.ok(changed.includes(colour));
  const untouched = (after.data as Trace[]).findIndex((t, i) => !patch.indices.includes(i) && t.mode === 'lines');
  assert.equal((after.data[untouched] as Trace).x, (before.data[untouched] as Trace).x, 'the other joins are reused as they were');
});
