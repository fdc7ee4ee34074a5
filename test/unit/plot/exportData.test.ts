import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figureCsv, figureJson } from '../../../src/plot/exportData';
import { parseFigure, type CurvesFigure } from '../../../src/protocol/figure';

const curves: CurvesFigure = { version: 1, kind: 'curves', series: [{ name: 'run, "a"', values: [1, NaN, 3], steps: [0, 5, 10] }] };

test('curves CSV is long format with smoothed values and quoted names', () => {
  const csv = figureCsv(curves, 0.5).trim().split('\n');
  assert.equal(csv[0], 'series,split,step,wall_time,value,smoothed');
  assert.equal(csv[1], '"run, ""a""",train,0,,1,1');
  assert.equal(csv[2], '"run, ""a""",train,5,,nan,nan');
  // second finite point: last = 0.25 + 1.5 = 1.75, debias 0.75
  assert.equal(Number(csv[3]!.split(',').pop()), 1.75 / 0.75);
});

test('landscape CSV has one row per grid point', () => {
  const csv = figureCsv({ version: 1, kind: 'landscape', x: [0, 1], y: [5, 6, 7], z: [[1, 2], [3, 4], [5, 6]] }).trim().split('\n');
  assert.equal(csv.length, 7);
  assert.equal(csv[0], 'x,y,loss');
  assert.equal(csv[4], '1,6,4');
});

test('explorer CSV has the loss and gradient of each loss', () => {
  const csv = figureCsv({ version: 1, kind: 'explorer', losses: [{ id: 'mse_loss' }], range: [-1, 1], target: 0 }).trim().split('\n');
  assert.equal(csv[0], 'prediction,mse_loss_loss,mse_loss_gradient');
  assert.equal(csv[1], '-1,1,-2');
});

test('JSON export reads back as the same figure, NaN included', () => {
  const back = parseFigure(JSON.parse(figureJson(curves))) as CurvesFigure;
  assert.equal(back.series[0]!.name, 'run, "a"');
  assert.ok(Number.isNaN(back.series[0]!.values[1]!));
});
