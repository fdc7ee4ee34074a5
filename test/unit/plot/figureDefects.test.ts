/** Figure payloads from notebooks and panels are untrusted input: what parseFigure promises and
 *  what a user's run name may not do to a plot. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlotData } from 'plotly.js';
import { evaluateCase } from '../../../src/engine/cases';
import { buildCurves } from '../../../src/plot/curves';
import { unescapeHtml } from '../../../src/plot/spec';
import { LIGHT_THEME } from '../../../src/plot/theme';
import { parseFigure, type CurvesFigure } from '../../../src/protocol/figure';

test('parseFigure refuses 1e999 where it promises finite numbers', () => {
  const json = '{"version": 1, "kind": "landscape", "x": [0, 1e999], "z": [1, 2]}';
  assert.throws(() => parseFigure(JSON.parse(json)), /x\[1\]: expected a finite number/);
  assert.throws(() => parseFigure(JSON.parse('{"version": 1, "kind": "explorer", "losses": [{"id": "mse_loss"}], "target": 1e999}')), /target/);
});

test('parseFigure refuses a trajectory whose coordinates differ in length', () => {
  const base = { version: 1, kind: 'landscape', x: [0, 1], y: [0, 1], z: [[1, 2], [3, 4]] };
  assert.throws(() => parseFigure({ ...base, trajectory: { x: [0, 0.5, 1], y: [0, 1] } }), /trajectory\.y: has 2 values, trajectory\.x has 3/);
  assert.throws(() => parseFigure({ ...base, trajectory: { x: [0, 1], y: [0, 1], z: [1] } }), /trajectory\.z/);
  assert.doesNotThrow(() => parseFigure({ ...base, trajectory: { x: [0, 1], y: [0, 1], z: [1, 2] } }));
});

test('a run name cannot fill in plotly placeholders or add tags; the legend shows it as written', () => {
  const name = '%{x} <b>bold</b> 100% & co';
  const figure: CurvesFigure = { version: 1, kind: 'curves', series: [{ name, values: [3, 2, 1] }] };
  const plot = buildCurves(figure, LIGHT_THEME);
  const traces = plot.data as Partial<PlotData>[];
  for (const t of traces) {
    const template = String(t.hovertemplate ?? '');
    const placeholders = template.match(/%\{[^}]*\}/g) ?? [];
    assert.ok(placeholders.every((p) => !p.includes('%{x} <b>')), template);
    assert.ok(!template.includes('<b>'), `no tag from the name: ${template}`);
  }
  const line = traces.find((t) => t.mode === 'lines' && t.name !== undefined && unescapeHtml(String(t.name)) === name);
  assert.ok(line, 'the name round-trips through escapeHtml/unescapeHtml');
  assert.equal((String(line.hovertemplate).match(/%\{/g) ?? []).length, (String(line.hovertemplate).replace(/&#37;/g, '').match(/%\{/g) ?? []).length, 'every %{ left is our own');
  assert.ok(String(line.hovertemplate).startsWith('&#37;{x} &lt;b&gt;'), String(line.hovertemplate));
});

test('a reference case with dtype "constructor" is refused, not looked up on the prototype chain', () => {
  const r = evaluateCase({ id: 'c', loss: 'mse_loss', args: { input: { shape: [1], dtype: 'constructor', data: [1] }, target: { shape: [1], data: [0] } } }, 0);
  assert.match(r.error ?? '', /unknown dtype "constructor"/);
});
