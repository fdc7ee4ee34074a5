// Webviews and the notebook renderer run under a CSP without 'unsafe-eval': parsing with the zod
// declarations must never build code with the Function constructor (zod/mini has no JIT; the full
// build's object JIT and its eval probe are off under jitless, which the schema modules set).
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('parsing figures and sweep specs never calls the Function constructor', async () => {
  const real = globalThis.Function;
  let calls = 0;
  globalThis.Function = new Proxy(real, {
    construct: (target, args) => (calls++, Reflect.construct(target, args) as object),
    apply: (target, self, args) => (calls++, Reflect.apply(target, self, args) as unknown),
  });
  try {
    const { parseFigure } = await import('../../../src/protocol/figure');
    const { checkSpec } = await import('../../../src/engine/train/spec');
    for (let i = 0; i < 3; i++) {
      parseFigure({ version: 1, kind: 'curves', series: [{ name: 'a', values: [1, null, 'inf'] }] });
      parseFigure({ version: 1, kind: 'explorer', losses: [{ id: 'huber_loss', options: { delta: 1 } }], range: [0, 1] });
      assert.deepEqual(checkSpec({ task: 'binary', dataset: { name: 'moons' }, losses: ['mse_loss'] }).problems, []);
    }
  } finally {
    globalThis.Function = real;
  }
  assert.equal(calls, 0);
});
