/** The family losses' library spellings are found in code like the PyTorch ones, and their
 *  hovers name the library; TRL's loss_type strings are not mistaken for Keras losses. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { siteHover } from '../../../src/analysis/hover';
import { analyzeText } from './load';

async function ids(code: string): Promise<string[]> {
  return (await analyzeText(code)).sites.map((s) => `${s.loss.id}:${s.kind}`);
}

test('kornia, timm, segmentation_models_pytorch, pytorch-metric-learning and TRL spellings resolve to the family losses', async () => {
  assert.deepEqual(await ids('import kornia\ncrit = kornia.losses.CharbonnierLoss(reduction="mean")'), ['charbonnier_loss:module']);
  assert.deepEqual(await ids('from timm.loss import JsdCrossEntropy\ncrit = JsdCrossEntropy(num_splits=3, alpha=12)'), ['jsd_consistency_loss:module']);
  assert.deepEqual(await ids('from timm.loss import AsymmetricLossMultiLabel\nAsymmetricLossMultiLabel(gamma_neg=4)'), ['asymmetric_loss:module']);
  assert.deepEqual(await ids('import segmentation_models_pytorch as smp\nloss = smp.losses.JaccardLoss(mode="binary")'), ['jaccard_loss:module']);
  assert.deepEqual(await ids('from pytorch_metric_learning import losses\nlosses.CosFaceLoss(num_classes=10, embedding_size=64)'), ['cosface_loss:module']);
  assert.deepEqual(await ids('from trl import DPOTrainer\ntrainer = DPOTrainer(model=model)'), ['dpo_loss:module']);
  assert.deepEqual(await ids('import sklearn.linear_model as lm\nlm.SGDRegressor(loss="epsilon_insensitive", epsilon=0.5)'), ['epsilon_insensitive_loss:string']);
  assert.deepEqual(await ids('model.compile(optimizer="adam", loss="sigmoid")'), []);
});

test('the hover of a kornia spelling names kornia, the formula and what the written option means', async () => {
  const analysis = await analyzeText('import kornia\ncrit = kornia.losses.WelschLoss(reduction="sum")\n');
  const site = analysis.sites[0];
  assert.ok(site, 'the site is found');
  const md = siteHover(site, [], (label) => label);
  assert.match(md, /kornia\.losses\.WelschLoss/);
  assert.match(md, /\(kornia module\)/);
  assert.match(md, /exp/);
  assert.match(md, /adds the losses/);
});
