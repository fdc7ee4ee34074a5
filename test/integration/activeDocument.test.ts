/** activeDocument() in the real workbench: the file a command with no argument acts on is the one
 *  the user sees in the active tab, also when no text editor of it has the focus. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activeDocument } from '../../src/extension/activeDocument';
import { waitUntil } from './util';

suite('activeDocument', () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-active-'));
  const file = (name: string, text: string): vscode.Uri => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return vscode.Uri.file(path);
  };
  const activeTab = (): string | undefined => {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputText ? input.uri.toString() : undefined;
  };
  const acted = async (): Promise<string | undefined> => (await activeDocument())?.uri.toString();

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  suiteTeardown(() => rmSync(dir, { recursive: true, force: true }));

  test('the active text editor\'s document', async () => {
    const uri = file('shown.py', 'import torch.nn as nn\ncriterion = nn.MSELoss()\n');
    await vscode.window.showTextDocument(uri, { preview: false });
    assert.equal(await acted(), uri.toString());
  });

  test('with the focus in the Output panel, whose channel is then the active text editor: the file of the active tab', async () => {
    const uri = file('behind_output.py', 'import torch.nn as nn\ncriterion = nn.L1Loss()\n');
    await vscode.window.showTextDocument(uri, { preview: false });
    await vscode.commands.executeCommand('workbench.panel.output.focus');
    await waitUntil(() => vscode.window.activeTextEditor?.document.uri.scheme, (s) => s === 'output', { what: 'the Output channel as the active text editor' });
    assert.equal(activeTab(), uri.toString(), 'the file\'s tab stays the active tab');
    assert.equal(await acted(), uri.toString());
  });

  test('a text tab that shows no text editor (a file over workbench.editorLargeFileConfirmation): the tab\'s file', async () => {
    const settings = vscode.workspace.getConfiguration('workbench');
    await settings.update('editorLargeFileConfirmation', 1, vscode.ConfigurationTarget.Global); // MB, the least it takes
    try {
      const uri = file('large.py', 'x = 1  # a comment that pads the file past one megabyte......................\n'.repeat(16_000));
      await vscode.commands.executeCommand('vscode.open', uri);
      await waitUntil(activeTab, (tab) => tab === uri.toString(), { what: `${uri.toString()} as the active tab` });
      assert.equal(vscode.window.activeTextEditor, undefined, 'the tab holds the large-file notice, not a text editor');
      assert.equal(await acted(), uri.toString());
    } finally {
      await settings.update('editorLargeFileConfirmation', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
