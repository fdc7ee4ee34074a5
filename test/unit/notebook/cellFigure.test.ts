import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { getLoss } from '../../../src/engine/catalog';
import { cellExplorerFigure, cellFigureSummary, cellLosses, cellLossesBySpelling, type CellLoss } from '../../../src/extension/notebook/cellFigure';
import { HELPER_FILES, combinedResult, helperAction } from '../../../src/extension/notebook/helperFile';
import { parseFigure } from '../../../src/protocol/figure';
import { pythonParser } from '../analysis/load';

let version = 0;
async function lossesIn(cells: string[], index: number) {
  return cellLosses(await pythonParser(), 'test://nb.ipynb', ++version, cells, index);
}

test('a loss in a cell resolves through imports made in an earlier cell, with its written options', async () => {
  const cells = ['import torch.nn as nn\nimport torch.nn.functional as F', 'x = 1', 'crit = nn.HuberLoss(delta=0.5)\nloss = crit(p, y)'];
  const found = await lossesIn(cells, 2);
  assert.deepEqual(found.map((l) => [l.loss.id, l.options]), [['huber_loss', { delta: 0.5 }]]);
  assert.deepEqual(await lossesIn(cells, 1), [], 'cell 2 names no loss');
  assert.deepEqual(await lossesIn(cells, 0), [], 'imports alone are not loss sites');
});

test('several losses in a cell come in source order, repeats once', async () => {
  const cells = ['import torch.nn.functional as F\na = F.l1_loss(p, y)\nb = F.mse_loss(p, y)\nc = F.l1_loss(q, y)'];
  assert.deepEqual((await lossesIn(cells, 0)).map((l) => l.loss.id), ['l1_loss', 'mse_loss']);
});

test('IPython magics in a cell do not hide its loss', async () => {
  const cells = ['%matplotlib inline\nimport torch.nn as nn', '!pip list\ncrit = nn.MSELoss()'];
  assert.deepEqual((await lossesIn(cells, 1)).map((l) => l.loss.id), ['mse_loss']);
});

test('without a parser, catalog spellings are matched as whole words', () => {
  assert.deepEqual(cellLossesBySpelling('crit = nn.MSELoss()\nfoo = MSELossy()').map((l) => l.loss.id), ['mse_loss']);
  assert.deepEqual(cellLossesBySpelling('print("hello")'), []);
});

test('the explorer figure for a cell passes parseFigure and names the losses', () => {
  const huber = getLoss('huber_loss')!;
  const mse = getLoss('mse_loss')!;
  const losses: CellLoss[] = [{ loss: huber, options: { delta: 0.5 }, offset: 0 }, { loss: mse, options: {}, offset: 10 }];
  const figure = cellExplorerFigure(losses, 3);
  assert.deepEqual(parseFigure(JSON.parse(JSON.stringify(figure))), figure);
  assert.deepEqual(figure.losses, [{ id: 'huber_loss', options: { delta: 0.5 } }, { id: 'mse_loss' }]);
  assert.match(figure.title!, /cell 3/);
  assert.equal(cellFigureSummary(losses), 'Loss Lab explorer: huber_loss(delta=0.5); mse_loss (drawn by the Loss Lab extension in VS Code)');
  assert.throws(() => cellExplorerFigure([], 1), /no losses/);
  const many = ['l1_loss', 'mse_loss', 'huber_loss', 'smooth_l1_loss', 'soft_margin_loss'].map((id, i) => ({ loss: getLoss(id)!, options: {}, offset: i }));
  assert.equal(cellExplorerFigure(many, 1).losses.length, 4);
});

test('the helper file: copied when absent, left when identical, asked or by policy when different', () => {
  const shipped = new TextEncoder().encode('v2');
  const mine = new TextEncoder().encode('v1');
  assert.equal(helperAction(undefined, shipped, 'never'), 'copy');
  assert.equal(helperAction(new TextEncoder().encode('v2'), shipped, 'ask'), 'unchanged');
  assert.equal(helperAction(mine, shipped, 'ask'), 'ask');
  assert.equal(helperAction(mine, shipped, 'always'), 'overwrite');
  assert.equal(helperAction(mine, shipped, 'never'), 'keep');
  assert.equal(helperAction(new TextEncoder().encode('v2x'), shipped, 'never'), 'keep');
});

test('both helper files: one answer, an overwrite first, then a copy, then a kept copy', () => {
  assert.deepEqual([...HELPER_FILES], ['losslab.py', 'losslab_torch.py']);
  assert.equal(combinedResult(['copy', 'copy']), 'copied');
  assert.equal(combinedResult(['unchanged', 'unchanged']), 'unchanged');
  assert.equal(combinedResult(['keep', 'unchanged']), 'kept');
  assert.equal(combinedResult(['keep', 'copy']), 'copied');
  assert.equal(combinedResult(['overwrite', 'copy']), 'overwritten');
});
