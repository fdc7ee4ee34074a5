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
