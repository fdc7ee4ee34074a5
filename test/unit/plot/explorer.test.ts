import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlotData } from 'plotly.js';
import { getLoss } from '../../../src/engine/catalog';
import { buildExplorer } from '../../../src/plot/explorer';
import { explorerData, optionValues } from '../../../src/plot/explorerData';
import { LIGHT_THEME } from '../../../src/plot/theme';

type Trace = Partial<PlotData>;
const near = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-9 * (1 + Math.abs(b)), `${what}: ${a} vs ${b}`);

test('MSE against the prediction is (x − t)² with gradient 2(x − t)', () => {
  const d = explorerData({ losses: [{ id: 'mse_loss' }], target: 0.5, range: [-2, 3], points: 11 });
  assert.equal(d.axis, 'prediction');
  assert.deepEqual(d.x, [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3]);
  d.x.forEach((x, i) => {
    near(d.series[0]!.loss[i]!, (x - 0.5) ** 2, `loss at ${x}`);
    near(d.series[0]!.gradient[i]!, 2 * (x - 0.5), `gradient at ${x}`);
  });
});

test('option values from the payload reach compute(): Huber with δ = 0.5', () => {
  const d = explorerData({ losses: [{ id: 'huber_loss', options: { delta: 0.5 } }], target: 0, range: [-3, 3], points: 7 });
  const s = d.series[0]!;
  assert.equal(s.options.delta, 0.5);
  // |r| > δ: δ(|r| − δ/2); |r| ≤ δ: r²/2
  near(s.loss[0]!, 0.5 * (3 - 0.25), 'x = -3');
  near(s.loss[3]!, 0, 'x = 0');
  near(s.gradient[6]!, 0.5, 'gradient is δ·sign(r) in the linear part');
});

test('catalog defaults fill options the payload leaves out', () => {
  const huber = getLoss('huber_loss')!;
  const expected = huber.options.find((o) => o.name === 'delta')!.default;
  assert.equal(optionValues(huber).delta, expected);
  assert.equal(optionValues(huber, { delta: 2 }).delta, 2);
  assert.equal('reduction' in optionValues(huber, { reduction: 'sum' }), false);
});

test('cross-entropy is drawn against the logit margin: log(1 + e^−m), gradient −σ(−m)', () => {
  const d = explorerData({ losses: [{ id: 'cross_entropy' }], points: 13 });
  assert.equal(d.axis, 'logit margin');
  assert.equal(d.x[0], -6);
  d.x.forEach((m, i) => {
    near(d.series[0]!.loss[i]!, Math.log1p(Math.exp(-m)), `loss at ${m}`);
    near(d.series[0]!.gradient[i]!, -1 / (1 + Math.exp(m)), `gradient at ${m}`);
  });
});

test('BCE on probabilities is −log p for target 1, gradient −1/p', () => {
  const d = explorerData({ losses: [{ id: 'binary_cross_entropy' }], points: 9 });
  assert.equal(d.axis, 'probability');
  assert.equal(d.target, 1);
  d.x.forEach((p, i) => {
    near(d.series[0]!.loss[i]!, -Math.log(p), `loss at ${p}`);
    near(d.series[0]!.gradient[i]!, -1 / p, `gradient at ${p}`);
  });
});

test('the figure has a loss and a gradient trace per loss, on two stacked axes', () => {
  const plot = buildExplorer({ version: 1, kind: 'explorer', losses: [{ id: 'mse_loss' }, { id: 'l1_loss' }, { id: 'huber_loss' }] }, LIGHT_THEME);
  assert.equal(plot.data.length, 6);
  const gradients = plot.data.filter((t) => (t as Trace).yaxis === 'y2');
  assert.equal(gradients.length, 3);
  assert.ok(plot.layout.yaxis2);
  assert.match(String((plot.data[4] as Trace).name), /Huber.*delta=1/);
  assert.equal((plot.layout.title as { text: string }).text, 'Loss comparison');
});

test('losses that cannot be drawn are named in an annotation instead of failing the figure', () => {
  const plot = buildExplorer({ version: 1, kind: 'explorer', losses: [{ id: 'mse_loss' }, { id: 'no_such_loss' }, { id: 'cross_entropy' }], showGradient: false }, LIGHT_THEME);
  assert.equal(plot.data.length, 1);
  const text = String(plot.layout.annotations![0]!.text);
  assert.match(text, /does not know a loss called "no_such_loss"/);
  assert.match(text, /logit margin.*own plot/);
  assert.equal(plot.layout.yaxis2, undefined);
});
