import { test } from 'node:test';
import assert from 'node:assert/strict';
import { legendOnlyTraces } from '../../../src/plot/legend';

test("an exported image of joined runs gets one empty, legend-only trace per run, hidden runs greyed", () => {
  const traces = legendOnlyTraces(
    [
      { group: 'runs/a', label: 'runs/a <1>', color: '#123456', dash: 'solid' },
      { group: 'runs/b', label: 'runs/b', color: '#abcdef', dash: 'dash' },
    ],
    new Set(['runs/b']),
  ) as { name: string; legendgroup: string; showlegend: boolean; x: unknown[]; y: unknown[]; visible: unknown; line: { color: string; dash: string } }[];
  assert.deepEqual(traces.map((t) => [t.name, t.legendgroup, t.showlegend, t.visible, t.line.color, t.line.dash]), [
    ['runs/a &lt;1&gt;', 'runs/a', true, true, '#123456', 'solid'],
    ['runs/b', 'runs/b', true, 'legendonly', '#abcdef', 'dash'],
  ]);
  for (const t of traces) assert.deepEqual([t.x, t.y], [[null], [null]], 'nothing drawn');
});
