// Hovers in the real VS Code on a realistic file that spells losses the way each framework does
// (issue #16): each hover names the catalog entry the user's call computes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getLoss } from '../../src/engine/catalog';
import { markdownText } from '../../src/analysis/hover';
import { activateLossLab, extensionId, lossLabHover as hoverText, waitUntil } from './util';

const FILE = 'retrieval_detection.py';

/** Each case: the text to hover (first occurrence after `after`), the catalog entry and the spelling the hover must name. */
const CASES: { label: string; after?: string; word: string; lossId: string; spelling: string; also?: string }[] = [
  { label: 'Keras', word: 'Huber(delta=5.0)', lossId: 'huber_loss', spelling: '`keras.losses.Huber`', also: '`delta=5.0`' },
  { label: 'Keras from_logits=True', word: 'BinaryCrossentropy(from_logits=True)', lossId: 'binary_cross_entropy_with_logits', spelling: '`keras.losses.BinaryCrossentropy`', also: 'with `from_logits=True`, which computes this loss' },
  { label: 'optax', word: 'sigmoid_binary_cross_entropy(', lossId: 'binary_cross_entropy_with_logits', spelling: '`optax.sigmoid_binary_cross_entropy`' },
  { label: 'scikit-learn', after: 'def evaluate', word: 'log_loss(clicked', lossId: 'cross_entropy', spelling: '`sklearn.metrics.log_loss`' },
  { label: 'torchvision.ops', after: 'def detection_loss', word: 'generalized_box_iou_loss(pred_boxes', lossId: 'generalized_box_iou_loss', spelling: '`torchvision.ops.generalized_box_iou_loss`' },
  { label: 'pytorch-metric-learning', word: 'NTXentLoss(', lossId: 'ntxent_loss', spelling: '`pytorch_metric_learning.losses.NTXentLoss`', also: '`temperature=0.07`' },
  { label: 'a call of a criterion built with .to(device)', after: 'def step', word: 'criterion(self.classifier', lossId: 'cross_entropy', spelling: '`torch.nn.CrossEntropyLoss`' },
];

suite('hovers name the catalog entry of each framework spelling', () => {
  suiteSetup(async () => {
    await activateLossLab();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test(`${FILE}: Keras, optax, scikit-learn, torchvision.ops, pytorch-metric-learning, from_logits=True and a chained criterion`, async function () {
    this.timeout(120_000);
    const uri = vscode.Uri.joinPath(vscode.extensions.getExtension(extensionId)!.extensionUri, 'test', 'fixtures', 'corpus', FILE);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const text = document.getText();
    for (const c of CASES) {
      const offset = text.indexOf(c.word, c.after ? text.indexOf(c.after) : 0);
      assert.ok(offset >= 0, `${c.label}: ${c.word} is in the file`);
      const position = document.positionAt(offset + 2);
      const title = `**${markdownText(getLoss(c.lossId)!.title)}**`;
      // The first hover waits for the extension's analysis of the document.
      const md = await waitUntil(() => hoverText(uri, position), (h) => h.includes('_Loss Lab_'), { timeout: 20_000 }).catch(() => hoverText(uri, position));
      assert.ok(md.startsWith(title), `${c.label}: the hover leads with ${title}, got: ${md.slice(0, 120)}`);
      assert.ok(md.includes(c.spelling), `${c.label}: names ${c.spelling}`);
      if (c.also) assert.ok(md.includes(c.also), `${c.label}: says ${c.also}`);
    }
  });
});
