import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getLoss } from '../../src/engine/catalog';
import { activateLossLab, openUntitledPython, waitUntil } from './util';

/** All text of the hovers VS Code's hover providers give at `position`. */
async function hoverTexts(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

suite('vertical slice', () => {
  suiteSetup(async () => {
    await activateLossLab();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('hovering nn.MSELoss and F.mse_loss in Python shows the catalog entry', async () => {
    const mse = getLoss('mse_loss');
    assert.ok(mse, 'mse_loss is in the catalog');
    const source = 'import torch.nn as nn\nimport torch.nn.functional as F\ncriterion = nn.MSELoss()\nvalue = F.mse_loss(a, b)\n';
    const doc = await openUntitledPython(source);
    await vscode.window.showTextDocument(doc);
    const onModule = await hoverTexts(doc.uri, new vscode.Position(2, source.split('\n')[2]!.indexOf('MSELoss') + 2));
    const onFunction = await hoverTexts(doc.uri, new vscode.Position(3, source.split('\n')[3]!.indexOf('mse_loss') + 2));
    for (const [where, text] of [['nn.MSELoss', onModule], ['F.mse_loss', onFunction]] as const) {
      assert.ok(text.includes(mse.title), `hover on ${where} names "${mse.title}": ${text}`);
      if (mse.formula.unicode) assert.ok(text.includes(mse.formula.unicode), `hover on ${where} shows the formula`);
    }
    const elsewhere = await hoverTexts(doc.uri, new vscode.Position(2, 1));
    assert.ok(!elsewhere.includes(mse.title), 'no loss hover on "criterion"');
  });

  test('"Loss Lab: Plot Loss" opens a webview panel', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('losslab.plotLoss'));
    await vscode.commands.executeCommand('losslab.plotLoss', 'mse_loss');
    const isPlot = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('losslab.plot');
    const tabs = await waitUntil(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs), (all) => all.some(isPlot), { timeout: 30_000, what: 'a Loss Lab plot tab' }).catch(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs));
    const panel = tabs.find(isPlot);
    assert.ok(panel, `a Loss Lab webview tab is open (tabs: ${tabs.map((t) => `${t.label} ${t.input instanceof vscode.TabInputWebview ? t.input.viewType : ''}`).join(', ')})`);
  });
});
