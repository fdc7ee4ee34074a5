import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { siteAt } from '../../../src/analysis/analyze';
import { getLoss } from '../../../src/engine/catalog';
import { analyzeText } from './load';

/** Every loss id found in `code`, in order. */
async function ids(code: string): Promise<string[]> {
  return (await analyzeText(code)).sites.map((s) => `${s.loss.id}:${s.kind}`);
}

test('import aliases of every shape resolve to catalog spellings', async () => {
  assert.deepEqual(await ids('import torch.nn as nn\nnn.CrossEntropyLoss()'), ['cross_entropy:module']);
  assert.deepEqual(await ids('import torch.nn.functional as Fn\nFn.cross_entropy(a, b)'), ['cross_entropy:functional']);
  assert.deepEqual(await ids('from torch.nn import CrossEntropyLoss as CE\nCE()'), ['cross_entropy:module']);
  assert.deepEqual(await ids('import torch\ntorch.nn.functional.mse_loss(a, b)'), ['mse_loss:functional']);
  assert.deepEqual(await ids('from keras import losses\nlosses.Huber(delta=2.0)'), ['huber_loss:module']);
  assert.deepEqual(await ids('import tensorflow as tf\ntf.keras.losses.MeanSquaredError()'), ['mse_loss:module']);
  assert.deepEqual(await ids('import optax\noptax.softmax_cross_entropy(l, y)'), ['cross_entropy:functional']);
  assert.deepEqual(await ids('import optax\noptax.losses.multiclass_hinge_loss(s, y)'), ['multi_margin_loss:functional']);
  assert.deepEqual(await ids('from sklearn.metrics import log_loss\nlog_loss(y, p)'), ['cross_entropy:functional']);
  assert.deepEqual(await ids('from torch.nn.modules.loss import BCELoss\nBCELoss()'), ['binary_cross_entropy:module']);
});

test('string names count only where a loss is expected: Keras compile and scikit-learn estimators', async () => {
  assert.deepEqual(await ids('model.compile(optimizer="adam", loss="mse")'), ['mse_loss:string']);
  assert.deepEqual(await ids('from sklearn.linear_model import SGDClassifier\nSGDClassifier(loss="hinge")'), ['hinge_loss:string']);
  assert.deepEqual(await ids('print(loss="mse")\nlabel = "mse"\nfoo(loss="mse")'), []);
});

test('a local name that shadows nothing imported is not a loss; methods of other objects are not losses', async () => {
  assert.deepEqual(await ids('import torch.nn as nn\nmy.CrossEntropyLoss()\nx.mse_loss(a, b)'), []);
});

test('keyword and positional arguments are read with their literal values', async () => {
  const analysis = await analyzeText('import torch.nn.functional as F\nF.cross_entropy(logits, y, weight=w, reduction="sum", label_smoothing=-0.0, ignore_index=-1)');
  const site = analysis.sites[0];
  assert.ok(site);
  assert.deepEqual(
    site.args.map((a) => [a.keyword ?? a.position, a.text, a.literal]),
    [[0, 'logits', undefined], [1, 'y', undefined], ['weight', 'w', undefined], ['reduction', '"sum"', 'sum'], ['label_smoothing', '-0.0', -0], ['ignore_index', '-1', -1]],
  );
});

test('constructed losses: their binding and their calls are found, and hovering a call finds the site', async () => {
  const code = 'import torch.nn as nn\nclass M:\n    def __init__(self):\n        self.crit = nn.HuberLoss(delta=0.5)\n    def step(self, p, t):\n        return self.crit(p, t)\n';
  const analysis = await analyzeText(code);
  assert.equal(analysis.sites[0]?.boundTo, 'self.crit');
  assert.equal(analysis.invocations.length, 1);
  assert.equal(siteAt(analysis, code.lastIndexOf('crit(p') + 1)?.loss, getLoss('huber_loss'));
  assert.equal(siteAt(analysis, code.indexOf('HuberLoss') + 2)?.loss, getLoss('huber_loss'));
  assert.equal(siteAt(analysis, code.indexOf('def step')), undefined);
});

test('user-defined losses: functions ending in loss, classes named ...Loss with a base', async () => {
  const analysis = await analyzeText('def focal_loss(p, t, gamma=2.0):\n    pass\ndef lossy():\n    pass\nclass DiceLoss(nn.Module):\n    pass\nclass Loss:\n    pass\n');
  assert.deepEqual(analysis.userLosses.map((u) => [u.kind, u.name, u.parameters]), [
    ['function', 'focal_loss', ['p', 't', 'gamma']],
    ['class', 'DiceLoss', []],
  ]);
});
