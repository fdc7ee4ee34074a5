import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRendererMessage } from '../../../src/protocol/rendererMessage';

const landscape = { version: 1, kind: 'landscape', x: [0, 1], y: [0, 1], z: [[1, 'nan'], [null, 2]], title: 'from a notebook' };

test('"Open in Loss Lab panel": a landscape from the renderer is validated like any figure', () => {
  const m = parseRendererMessage({ v: 1, type: 'openPanel', figure: landscape });
  assert.equal(m.figure.title, 'from a notebook');
  assert.ok(Number.isNaN((m.figure.z as number[][])[0]![1]), '"nan" travels as a string and comes back as NaN');
});

test('anything else from the renderer is refused with the path of the problem', () => {
  assert.throws(() => parseRendererMessage({ v: 2, type: 'openPanel', figure: landscape }), /v: expected renderer message version 1/);
  assert.throws(() => parseRendererMessage({ v: 1, type: 'runCode', figure: landscape }), /type: expected "openPanel"/);
  assert.throws(() => parseRendererMessage({ v: 1, type: 'openPanel', figure: { ...landscape, z: [[1]] } }), /z: has 1 rows, y has 2 values/);
  assert.throws(() => parseRendererMessage({ v: 1, type: 'openPanel', figure: { version: 1, kind: 'curves', series: [] } }), /only landscapes/);
  assert.throws(() => parseRendererMessage('openPanel'), /expected an object/);
});
