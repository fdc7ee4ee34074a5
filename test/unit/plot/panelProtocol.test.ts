import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePanelState, parseToHost, parseToWebview } from '../../../src/protocol/panel';

const figure = { version: 1, kind: 'explorer', losses: [{ id: 'mse_loss' }] };

test('webview messages are validated: good ones pass, malformed ones say what is wrong', () => {
  assert.deepEqual(parseToHost({ v: 1, type: 'ready' }), { v: 1, type: 'ready' });
  const save = parseToHost({ v: 1, type: 'save', format: 'png', data: 'data:image/png;base64,AAAA', name: 'losslab-explorer.png' });
  assert.equal(save.type, 'save');
  assert.throws(() => parseToHost({ v: 1, type: 'save', format: 'png', data: 'data:text/html,<script>', name: 'x.png' }), /data:image\/png/);
  assert.throws(() => parseToHost({ v: 1, type: 'save', format: 'csv', data: 'a,b', name: '../../etc/passwd' }), /plain file name/);
  assert.throws(() => parseToHost({ v: 1, type: 'recompute', grid: 1e6, directions: 'pca' }), /grid/);
  assert.throws(() => parseToHost({ v: 2, type: 'ready' }), /version/);
  assert.throws(() => parseToHost({ v: 1, type: 'rm -rf' }), /type/);
});

test('host messages carry a validated figure', () => {
  const m = parseToWebview({ v: 1, type: 'show', figure, info: ['note'], origin: { run: 0 } });
  assert.equal(m.type, 'show');
  assert.throws(() => parseToWebview({ v: 1, type: 'show', figure: { version: 1, kind: 'explorer', losses: [] } }), /losses/);
  assert.throws(() => parseToWebview({ v: 1, type: 'export', format: 'gif' }), /format/);
});

test('restored state must hold a valid figure and kind', () => {
  const s = parsePanelState({ v: 1, kind: 'explorer', figure, view: { shown: -1 } });
  assert.equal(s.figure.kind, 'explorer');
  assert.throws(() => parsePanelState({ v: 1, kind: 'explorer', figure: { version: 99, kind: 'curves', series: [] } }), /newer/);
  assert.throws(() => parsePanelState(null), /object/);
});

test('runs panels: series updates, view changes and data exports are validated', () => {
  const series = { name: 'runs/a', values: [1, 'nan', 0.5], steps: [0, 10, 20], total: 30_000, smoothed: { weight: 0.6, values: [1, 1, 0.8] }, range: { linear: [0.4, 1.1] } };
  const m = parseToWebview({ v: 1, type: 'series', series: [{ index: 3, series }] });
  assert.equal(m.type, 'series');
  if (m.type === 'series') {
    assert.equal(m.series[0]!.index, 3);
    assert.ok(Number.isNaN(m.series[0]!.series.values[1]));
    assert.equal(m.series[0]!.series.total, 30_000);
  }
  assert.throws(() => parseToWebview({ v: 1, type: 'series', series: [{ index: -1, series }] }), /index/);
  assert.throws(() => parseToWebview({ v: 1, type: 'series', series: [{ index: 0, series: { ...series, total: 2 } }] }), /total/);
  assert.throws(() => parseToWebview({ v: 1, type: 'series', series: [{ index: 0, series: { ...series, smoothed: { weight: 0.6, values: [1] } } }] }), /smoothed/);
  assert.throws(() => parseToWebview({ v: 1, type: 'series', series: [{ index: 0, series: { ...series, range: { linear: [2, 1] } } }] }), /range/);
  assert.deepEqual(parseToHost({ v: 1, type: 'view', smoothing: 0.6, xAxis: 'step', xRange: [10, 20] }), { v: 1, type: 'view', smoothing: 0.6, xAxis: 'step', xRange: [10, 20] });
  assert.equal((parseToHost({ v: 1, type: 'view', smoothing: 0, xAxis: 'wall', xRange: null }) as { xRange: unknown }).xRange, null);
  assert.throws(() => parseToHost({ v: 1, type: 'view', smoothing: 1, xAxis: 'step', xRange: null }), /smoothing/);
  assert.throws(() => parseToHost({ v: 1, type: 'view', smoothing: 0.5, xAxis: 'step', xRange: [20, 10] }), /xRange/);
  assert.throws(() => parseToHost({ v: 1, type: 'view', smoothing: 0.5, xAxis: 'step', xRange: [0, 1, 2] }), /xRange/);
  assert.equal((parseToHost({ v: 1, type: 'view', smoothing: 0.5, xAxis: 'step', xRange: null, width: 600 }) as { width?: number }).width, 600);
  for (const width of [0, 650, -100, 1.5e5, 'wide']) {
    assert.throws(() => parseToHost({ v: 1, type: 'view', smoothing: 0.5, xAxis: 'step', xRange: null, width }), /width/, String(width));
  }
  assert.equal(parseToHost({ v: 1, type: 'exportData', format: 'csv', smoothing: 0.6, name: 'losslab-curves.csv' }).type, 'exportData');
  assert.throws(() => parseToHost({ v: 1, type: 'exportData', format: 'png', smoothing: 0, name: 'x.png' }), /format/);
  assert.throws(() => parseToHost({ v: 1, type: 'exportData', format: 'csv', smoothing: 0, name: '../x.csv' }), /plain file name/);
});
