import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCurves } from '../../../src/plot/curves';
import { buildExplorer } from '../../../src/plot/explorer';
import { buildLandscape } from '../../../src/plot/landscape';
import { groupTraces, legendEntries, withHiddenGroups } from '../../../src/plot/legend';
import { LIGHT_THEME } from '../../../src/plot/theme';
import type { CurvesFigure } from '../../../src/protocol/figure';

function curves(): CurvesFigure {
  const decay = (k: number) => Array.from({ length: 200 }, (_, i) => 2 * Math.exp(-i / (30 + k)) + 0.1);
  const spiky = decay(0);
  spiky[120] = 9;
  return {
    version: 1, kind: 'curves', title: 'two runs',
    series: [
      { name: 'lr <0.1> & more', values: spiky, group: 'a' },
      { name: 'lr 0.01', values: decay(5), split: 'val', group: 'b' },
    ],
  };
}

test("the legend lists what plotly's legend would, with plain-text labels, colours and dashes", () => {
  const spec = buildCurves(curves(), LIGHT_THEME);
  const entries = legendEntries(spec);
  const labels = entries.map((e) => e.label);
  assert.deepEqual(labels.slice(0, 2), ['lr <0.1> & more', 'lr 0.01']);
  assert.match(labels[2]!, /^lr <0\.1> & more: \d+ warnings?$/, 'the warnings trace has its own entry');
  assert.equal(entries[2]!.group, entries[0]!.group, 'and hides with its run');
  assert.equal(entries[1]!.dash, 'dash', 'validation is dashed');
  assert.notEqual(entries[0]!.color, entries[1]!.color);
  assert.ok(entries.every((e) => e.color.length > 0));
});

test('no legend for a single entry, nor when the figure turns it off', () => {
  const one = curves();
  one.series = one.series.slice(1);
  assert.deepEqual(legendEntries(buildCurves(one, LIGHT_THEME)), []);
  const landscape = buildLandscape({ version: 1, kind: 'landscape', title: 'l', x: [0, 1], y: [0, 1], z: [[1, 2], [3, 4]] }, LIGHT_THEME);
  assert.deepEqual(legendEntries(landscape), []);
  const explorer = buildExplorer({ version: 1, kind: 'explorer', title: 'e', target: 0, losses: [{ id: 'mse_loss' }, { id: 'huber_loss', options: { delta: 0.5 } }] }, LIGHT_THEME);
  assert.equal(legendEntries(explorer).length, 2, 'one entry per loss; the gradient lines hide with it');
});

test('hiding a group sets its traces (and only its) legendonly and turns plotly legend off', () => {
  const spec = buildCurves(curves(), LIGHT_THEME);
  const group = legendEntries(spec)[0]!.group;
  const members = groupTraces(spec, group);
  assert.equal(members.length, 2, 'the smoothed line and its warnings');
  const drawn = withHiddenGroups(spec, new Set([group]));
  assert.equal(drawn.layout.showlegend, false);
  drawn.data.forEach((t, i) => assert.equal((t as { visible?: unknown }).visible, members.includes(i) ? 'legendonly' : undefined, `trace ${i}`));
  assert.equal((spec.data[members[0]!] as { visible?: unknown }).visible, undefined, 'the given spec is left as it was');
});
