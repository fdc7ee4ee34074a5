/** The pure parts of "Check loss": which definition the cursor is in, a notebook cell as a module,
 *  the runner protocol's validation, the option grids, the wording of a difference, and the user's
 *  measured curve in the explorer figure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlotData } from 'plotly.js';
import { cellModuleSource, topLevelDefinitionAt } from '../../src/analysis/definitions';
import { getLoss } from '../../src/engine/catalog';
import { describeDifference, simplestBetween } from '../../src/engine/checkLoss/difference';
import { optionGrid } from '../../src/engine/checkLoss/tasks';
import { parseRunnerLine } from '../../src/protocol/checkLoss';
import { parseFigure, type ExplorerFigure } from '../../src/protocol/figure';
import { buildExplorer } from '../../src/plot/explorer';
import { LIGHT_THEME } from '../../src/plot/theme';

test('the definition under the cursor is the enclosing module-level def or class', () => {
  const text = ['import torch', '', 'def focal_loss(x, y):', '    p = x.sigmoid()', '', '    return p', 'SCALE = 2', '', 'class DiceLoss(nn.Module):', '    def forward(self, x, y):', '        return x'].join('\n');
  assert.equal(topLevelDefinitionAt(text, 3), 'focal_loss');
  assert.equal(topLevelDefinitionAt(text, 5), 'focal_loss', 'a blank line inside the body does not end it');
  assert.equal(topLevelDefinitionAt(text, 2), 'focal_loss');
  assert.equal(topLevelDefinitionAt(text, 6), undefined, 'a module-level statement after the function');
  assert.equal(topLevelDefinitionAt(text, 10), 'DiceLoss', 'a method belongs to its class');
  assert.equal(topLevelDefinitionAt(text, 0), undefined);
});

test("a notebook cell's module keeps the cells above only for their imports", () => {
  const source = cellModuleSource(['import torch\nmodel = train()\nfrom torch import nn', 'x = 1\nimport numpy as np'], 'def loss_fn(p, t):\n    return (p - t).abs().mean()');
  assert.equal(source, 'import torch\nfrom torch import nn\nimport numpy as np\ndef loss_fn(p, t):\n    return (p - t).abs().mean()\n');
});

test('runner lines are validated: versions, kinds, all seven checks, lengths; non-finite values travel as strings', () => {
  assert.deepEqual(parseRunnerLine('{"v": 1, "type": "progress", "message": "importing"}'), { v: 1, type: 'progress', message: 'importing' });
  assert.throws(() => parseRunnerLine('print output'), /not JSON/);
  assert.throws(() => parseRunnerLine('{"v": 2, "type": "progress", "message": "x"}'), /version/);
  assert.throws(() => parseRunnerLine('{"v": 1, "type": "error", "kind": "oops", "message": "x"}'), /kind/);
  const checks = ['finite-extremes', 'gradient', 'reduction', 'empty-batch', 'broadcast', 'zero-at-target', 'determinism'].map((id) => ({ id, status: 'pass', detail: 'ok' }));
  const result = {
    v: 1, type: 'result', loss: 'l', framework: 'torch', task: 'regression', task_reason: 'r', parameters: ['p', 't'], python: '/usr/bin/python3', checks,
    samples: [{ input: [1, 'nan'], target: [0, 0], value: 'inf' }],
    curve: { axis: 'prediction', target: 0, x: [0, 1], loss: [0, '-inf'], gradient: [0, 1], gradient_source: 'autograd' },
  };
  const parsed = parseRunnerLine(JSON.stringify(result));
  assert.ok(parsed.type === 'result');
  assert.ok(Number.isNaN((parsed.samples[0]!.input as number[])[1]!));
  assert.equal(parsed.samples[0]!.value, Infinity);
  assert.equal(parsed.curve.loss[1], -Infinity);
  assert.throws(() => parseRunnerLine(JSON.stringify({ ...result, checks: checks.slice(1) })), /missing finite-extremes/);
  assert.throws(() => parseRunnerLine(JSON.stringify({ ...result, curve: { ...result.curve, x: [0] } })), /differ in length/);
});

test("option grids come from the catalog's sliders and include the defaults", () => {
  const focal = optionGrid(getLoss('sigmoid_focal_loss')!);
  assert.ok(focal.some((o) => o.alpha === 0.25 && o.gamma === 2));
  assert.ok(focal.every((o) => Object.keys(o).sort().join() === 'alpha,gamma'));
  const ce = optionGrid(getLoss('cross_entropy')!);
  assert.ok(ce.some((o) => o.label_smoothing === 0.1) && ce.some((o) => o.label_smoothing === 0));
  assert.deepEqual(optionGrid(getLoss('mse_loss')!), [{}]);
});

test('a difference is worded by where the curves agree and the ratio elsewhere (derived by hand: 2(|e| − 1/2) vs Huber δ = 1)', () => {
  const x = Array.from({ length: 61 }, (_, i) => -3 + i * 0.1);
  const huber = x.map((e) => (Math.abs(e) <= 1 ? 0.5 * e * e : Math.abs(e) - 0.5));
  const user = x.map((e) => (Math.abs(e) <= 1 ? 0.5 * e * e : 2 * (Math.abs(e) - 0.5)));
  const d = describeDifference(huber, { x, loss: user, target: 0, axis: 'prediction' });
  assert.equal(d.text('huber_loss(delta=1)'), 'twice huber_loss(delta=1) where |error| > 1');
  assert.equal(simplestBetween(0.96, 1.02), 1);
  assert.equal(simplestBetween(1, 1.1), 1, 'the last equal point may sit on the threshold');
  assert.equal(simplestBetween(0.31, 0.34), 0.31);
  assert.equal(describeDifference(undefined, { x, loss: user, target: 0, axis: 'prediction' }).score, -1);
});

test('the explorer figure draws a measured curve (loss and gradient) beside the catalog losses, gaps for non-finite values', () => {
  const figure: ExplorerFigure = {
    version: 1, kind: 'explorer', losses: [{ id: 'mse_loss' }], target: 0, range: [-1, 1],
    measured: [{ name: 'my_loss (yours)', x: [-1, 0, 1], loss: [1, 0, Infinity], gradient: [-2, 0, NaN] }],
  };
  const parsed = parseFigure(JSON.parse(JSON.stringify({ ...figure, measured: [{ ...figure.measured![0], loss: [1, 0, 'inf'], gradient: [-2, 0, 'nan'] }] })));
  assert.deepEqual(parsed, figure);
  assert.throws(() => parseFigure({ ...figure, measured: [{ name: 'x', x: [0, 1], loss: [0], gradient: [0, 1] }] }), /differ in length/);
  const spec = buildExplorer(figure, LIGHT_THEME);
  assert.equal(spec.data.length, 4);
  const mine = spec.data[2] as Partial<PlotData>;
  assert.equal(mine.name, 'my_loss (yours)');
  assert.deepEqual(mine.y, [1, 0, null]);
  assert.equal((spec.data[3] as Partial<PlotData>).yaxis, 'y2');
});
