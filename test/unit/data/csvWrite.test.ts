/** Exports a spreadsheet opens: read back with csv-parse as any reader would. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { figureCsv } from '../../../src/plot/exportData';
import type { CurvesFigure } from '../../../src/protocol/figure';

test('curve data export: a run name that looks like a formula is not one, and a bare CR stays inside its cell', () => {
  const names = ['=HYPERLINK("http://x","y")', '+1', '-cmd', '@SUM(A1)', 'a\rb', 'plain, with "quotes"'];
  const figure = { kind: 'curves', v: 1, title: 't', series: names.map((name) => ({ name, values: [1, NaN, -Infinity] })) } as unknown as CurvesFigure;
  const text = figureCsv(figure);
  const rows = parse(text, { relax_column_count: false }) as string[][];
  assert.deepEqual(rows[0], ['series', 'split', 'step', 'wall_time', 'value', 'smoothed']);
  const firstCells = rows.slice(1).map((r) => r[0]!);
  for (const name of names) {
    const cells = firstCells.filter((c) => c.endsWith(name));
    assert.equal(cells.length, 3, `three rows for ${JSON.stringify(name)}: ${JSON.stringify(firstCells)}`);
    for (const cell of cells) assert.ok(!/^[=+\-@]/.test(cell), `${JSON.stringify(cell)} would run as a formula`);
  }
  // Numbers stay numbers, even negative ones and the non-finite spellings.
  assert.deepEqual(rows.slice(1, 4).map((r) => r[4]), ['1', 'nan', '-inf']);
});
