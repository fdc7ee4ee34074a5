// In the real VS Code, one hover per framework Loss Lab reads (issue #16): each leads with the
// catalog entry the call computes, names the spelling and states that framework's own semantics
// (the spelling's note and the framework registry's account of what it does differently), plus a
// phrase of those semantics written here by hand from the framework's documentation.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allSpellings } from '../../src/engine/catalog';
import { FRAMEWORK_LOSSES } from '../../src/engine/frameworks';
import { canonicalName } from '../../src/engine/frameworks/names';
import { markdownText } from '../../src/analysis/hover';
import { activateLossLab, extensionId, lossLabHover as hoverText, waitUntil } from './util';

const FILE = ['test', 'fixtures', 'frameworks', 'every_framework.py'];

interface Case {
  framework: string;
  /** Text hovered: its first occurrence, two characters in. */
  word: string;
  spelling: string;
  /** Hand-written from the framework's documentation. */
  phrase: string;
}

const CASES: readonly Case[] = [
  { framework: 'Keras', word: 'Huber(delta', spelling: 'keras.losses.Huber', phrase: 'target first' },
  { framework: 'optax', word: 'l2_loss(apply_fn', spelling: 'optax.l2_loss', phrase: 'half of PyTorch' },
  { framework: 'scikit-learn', word: 'mean_pinball_loss(y_val', spelling: 'sklearn.metrics.mean_pinball_loss', phrase: 'alpha is the quantile' },
  { framework: 'torchvision', word: 'generalized_box_iou_loss(pred', spelling: 'torchvision.ops.generalized_box_iou_loss', phrase: "reduction defaults to 'none'" },
  { framework: 'segmentation_models_pytorch', word: 'JaccardLoss(mode', spelling: 'segmentation_models_pytorch.losses.JaccardLoss', phrase: 'mode has no default' },
  { framework: 'pytorch-metric-learning', word: 'TripletMarginLoss(margin', spelling: 'pytorch_metric_learning.losses.TripletMarginLoss', phrase: 'margin 0.05 (PyTorch: 1.0)' },
  { framework: 'TRL (DPO loss_type)', word: '"ipo"', spelling: 'ipo', phrase: 'averages the log-probabilities over tokens' },
  { framework: 'timm', word: 'LabelSmoothingCrossEntropy(smoothing', spelling: 'timm.loss.LabelSmoothingCrossEntropy', phrase: 'always averages over the batch' },
  { framework: 'kornia', word: 'CharbonnierLoss(reduction', spelling: 'kornia.losses.CharbonnierLoss', phrase: "reduction defaults to 'none'" },
];

/** What the catalog and the framework registry say of a spelling: the semantics the hover must state. */
function semanticsOf(name: string) {
  const match = allSpellings().find((m) => m.spelling.name === name);
  assert.ok(match, `${name} is a catalog spelling`);
  const registry = FRAMEWORK_LOSSES.find((f) => canonicalName(f.name) === canonicalName(name));
  const texts = [match.spelling.note, registry?.differences].filter((t): t is string => !!t);
  assert.ok(texts.length > 0, `${name} states its semantics somewhere`);
  return { loss: match.loss, texts };
}

suite("one hover per framework states that framework's own semantics", () => {
  suiteSetup(async () => {
    await activateLossLab();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('every_framework.py: Keras, optax, scikit-learn, torchvision, smp, pytorch-metric-learning, TRL, timm, kornia', async function () {
    this.timeout(120_000);
    const uri = vscode.Uri.joinPath(vscode.extensions.getExtension(extensionId)!.extensionUri, ...FILE);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const text = document.getText();
    for (const c of CASES) {
      const offset = text.indexOf(c.word);
      assert.ok(offset >= 0, `${c.framework}: ${c.word} is in the file`);
      const position = document.positionAt(offset + 2);
      const { loss, texts } = semanticsOf(c.spelling);
      const title = `**${markdownText(loss.title)}**`;
      // The first hover waits for the extension's analysis of the document.
      const md = await waitUntil(() => hoverText(uri, position), (h) => h.includes('_Loss Lab_'), { timeout: 20_000 }).catch(() => hoverText(uri, position));
      assert.ok(md.startsWith(title), `${c.framework}: the hover leads with ${title}, got: ${md.slice(0, 160)}`);
      assert.ok(md.includes(`\`${c.spelling}\``), `${c.framework}: names ${c.spelling}`);
      for (const t of texts) assert.ok(md.includes(markdownText(t)), `${c.framework}: states "${t}"`);
      assert.ok(md.includes(markdownText(c.phrase)), `${c.framework}: says "${c.phrase}"`);
    }
  });
});
