import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRendererMessage, parseToRenderer } from '../../../src/protocol/rendererMessage';

const landscape = { version: 1, kind: 'landscape', x: [0, 1], y: [0, 1], z: [[1, 'nan'], [null, 2]], title: 'from a notebook' };

test('"Open in Loss Lab panel": a landscape from the renderer is validated like any figure', () => {
  const m = parseRendererMessage({ v: 1, type: 'openPanel', figure: landscape });
  assert.ok(m.type === 'openPanel');
  assert.equal(m.figure.title, 'from a notebook');
  assert.ok(Number.isNaN((m.figure.z as number[][])[0]![1]), '"nan" travels as a string and comes back as NaN');
});

test('anything else from the renderer is refused with the path of the problem', () => {
  assert.throws(() => parseRendererMessage({ v: 2, type: 'openPanel', figure: landscape }), /v: expected renderer message version 1/);
  assert.throws(() => parseRendererMessage({ v: 1, type: 'runCode', figure: landscape }), /type: expected one of "openPanel", "translations", "problem"/);
  assert.throws(() => parseRendererMessage({ v: 1, type: 'openPanel', figure: { ...landscape, z: [[1]] } }), /z: has 1 rows, y has 2 values/);
  assert.throws(() => parseRendererMessage({ v: 1, type: 'openPanel', figure: { version: 1, kind: 'curves', series: [] } }), /only landscapes/);
  assert.throws(() => parseRendererMessage('openPanel'), /expected an object/);
});

test('the renderer asks for translations and reports problems; the extension answers with a map of messages', () => {
  assert.deepEqual(parseRendererMessage({ v: 1, type: 'translations' }), { v: 1, type: 'translations' });
  assert.equal(parseRendererMessage({ v: 1, type: 'problem', message: 'x'.repeat(5000) }).type, 'problem');
  assert.throws(() => parseRendererMessage({ v: 1, type: 'problem' }), /message/);
  const reply = parseToRenderer({ v: 1, type: 'translations', bundle: { Smoothing: 'Lissage', 'Log y': { message: 'y log', comment: ['axis'] } } });
  assert.equal(reply.bundle.Smoothing, 'Lissage');
  assert.throws(() => parseToRenderer({ v: 1, type: 'translations', bundle: { Smoothing: 3 } }), /bundle/);
  assert.throws(() => parseToRenderer({ v: 1, type: 'translations' }), /bundle/);
  assert.throws(() => parseToRenderer({ v: 1, type: 'openPanel', bundle: {} }), /type/);
});
