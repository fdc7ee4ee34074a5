import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlotData } from 'plotly.js';
import { buildFigure } from '../../../src/plot/build';
import { buildLandscape } from '../../../src/plot/landscape';
import { DARK_THEME } from '../../../src/plot/theme';
import { parseFigure, type LandscapeFigure } from '../../../src/protocol/figure';

type Trace = Partial<PlotData>;
const xs = [-1, 0, 1];
const grid: LandscapeFigure = {
  version: 1, kind: 'landscape', x: xs, y: [-1, 0, 1],
  z: [[2, 1, 2], [1, 0.01, 1], [2, 1, 100]],
  trajectory: { x: [0.9, 0.5, 0], y: [0.8, 0.3, 0], z: [5, 1, 0.01] },
};

test('a 1-D landscape is a line', () => {
  const spec = buildLandscape({ version: 1, kind: 'landscape', x: xs, z: [1, 0.5, 1] }, DARK_THEME);
  assert.equal(spec.data.length, 1);
  assert.equal((spec.data[0] as Trace).type, 'scatter');
  assert.deepEqual((spec.data[0] as Trace).y, [1, 0.5, 1]);
});

test('a 2-D landscape defaults to a contour map with the optimiser path on top', () => {
  const spec = buildLandscape(grid, DARK_THEME);
  const [contour, path, ends] = spec.data as Trace[];
  assert.equal(contour!.type, 'contour');
  assert.deepEqual(contour!.z, grid.z);
  assert.equal(contour!.colorscale, DARK_THEME.colorscale);
  assert.deepEqual(path!.x, [0.9, 0.5, 0]);
  assert.match(String((path!.text as string[])[1]), /checkpoint 1<br>loss 1/);
  assert.deepEqual(ends!.x, [0.9, 0]);
});

test('log z shows log10 of the loss and leaves non-positive values as gaps', () => {
  const withZero: LandscapeFigure = { ...grid, z: [[0, 10, 100], [1, 1, 1], [1, 1, NaN]], logZ: true };
  const contour = buildLandscape(withZero, DARK_THEME).data[0] as Trace;
  assert.deepEqual((contour.z as (number | null)[][])[0], [null, 1, 2]);
  assert.equal((contour.z as (number | null)[][])[2]![2], null);
  assert.match(JSON.stringify(contour.colorbar), /log₁₀ loss/);
});

test('surface view draws a 3-D surface with themed axes; line view takes the β = 0 row', () => {
  const surface = buildFigure(parseFigure({ ...grid, view: 'surface' }), DARK_THEME);
  assert.equal((surface.data[0] as Trace).type, 'surface');
  assert.equal(surface.layout.scene!.xaxis!.color, DARK_THEME.foreground);
  const line = buildFigure(grid, DARK_THEME, { landscape: { view: 'line' } });
  assert.deepEqual((line.data[0] as Trace).y, [1, 0.01, 1]);
});

test('the surface view carries the optimiser path in 3-D at its checkpoint losses (log z applied alike)', () => {
  const plain = buildLandscape(grid, DARK_THEME, { view: 'surface', logZ: false }).data as Trace[];
  assert.equal(plain.length, 2);
  assert.equal(plain[1]!.type, 'scatter3d');
  assert.deepEqual(plain[1]!.x, [0.9, 0.5, 0]);
  assert.deepEqual((plain[1] as { z?: unknown }).z, [5, 1, 0.01]);
  const logged = buildLandscape(grid, DARK_THEME, { view: 'surface', logZ: true }).data as Trace[];
  const z = (logged[1] as { z?: number[] }).z!;
  assert.ok(Math.abs(z[0]! - Math.log10(5)) < 1e-12 && z[1] === 0 && Math.abs(z[2]! + 2) < 1e-12, JSON.stringify(z));
  const noLosses = buildLandscape({ ...grid, trajectory: { x: [0], y: [0] } }, DARK_THEME, { view: 'surface', logZ: false }).data;
  assert.equal(noLosses.length, 1, 'a path without losses has no height to draw at');
});
