/** "Check loss" in the real VS Code: the lens above a user loss runs it in Debian's python3 with
 *  torch and opens the panel with its curve, the catalog twin and the checks; the hover then says how
 *  it went; a notebook cell's loss runs too; an untrusted workspace runs nothing and says why; a
 *  loss that hangs is stopped at the timeout setting. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import { activateLossLab, extensionId, waitUntil } from './util';

interface PanelInfo {
  kind: string;
  title: string;
  info: string[];
  rendered: { kind: string; traces: number } | null;
}
type Outcome = { ran: true; report: { matches: { id: string; options: Record<string, unknown> }[]; checks: { id: string; status: string }[] } } | { ran: false; reason: string };

const panels = () => vscode.commands.executeCommand<PanelInfo[]>('losslab.panels.inspect');

async function waitFor<T>(what: string, get: () => Promise<T | undefined>, timeout = 60_000): Promise<T> {
  return (await waitUntil(get, (v) => v !== undefined, { timeout, what }))!;
}

function fixture(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.extensions.getExtension(extensionId)!.extensionUri, 'test', 'fixtures', 'user_losses', name);
}

async function lensCommand(uri: vscode.Uri, title: string): Promise<vscode.Command> {
  const lenses = await waitFor('code lenses', async () => {
    const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    return found.some((l) => l.command?.title === title) ? found : undefined;
  });
  return lenses.find((l) => l.command?.title === title)!.command!;
}

suite('check loss', function () {
  this.timeout(120_000);
  const config = () => vscode.workspace.getConfiguration('losslab');

  suiteSetup(async () => {
    await activateLossLab();
    await config().update('python.interpreter', '/usr/bin/python3', vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await config().update('python.interpreter', undefined, vscode.ConfigurationTarget.Global);
    await config().update('checkLoss.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the lens above a hand-written focal loss runs it; the panel draws its curve beside sigmoid_focal_loss with the checks; the hover sums it up', async () => {
    const uri = fixture('focal.py');
    const editor = await vscode.window.showTextDocument(uri);
    const command = await lensCommand(uri, 'Check loss…');
    assert.equal(command.command, 'losslab.checkLoss');
    const outcome = await vscode.commands.executeCommand<Outcome>(command.command, ...(command.arguments ?? []));
    assert.ok(outcome.ran, JSON.stringify(outcome));
    assert.equal(outcome.report.matches[0]?.id, 'sigmoid_focal_loss');
    const panel = await waitFor('the check panel', async () => (await panels()).find((p) => p.title.includes('focal_loss') && p.rendered !== null));
    // sigmoid_focal_loss and the task's reference (BCE with logits): loss + gradient each; the user's loss + gradient.
    assert.equal(panel.rendered!.traces, 6);
    for (const id of ['finite-extremes', 'gradient', 'reduction', 'empty-batch', 'broadcast', 'zero-at-target', 'determinism']) {
      assert.ok(panel.info.some((l) => l.includes(`${id}:`)), `the panel lists ${id}`);
    }
    assert.ok(panel.info.some((l) => l.startsWith('equals sigmoid_focal_loss(alpha=0.25, gamma=2')), panel.info.join('\n'));

    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('def focal_loss'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 6));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    // Markdown escapes (sigmoid\\_focal) read as the characters they stand for.
    assert.match(text.replace(/\\(.)/g, '$1'), /Last check: \d+ passed, \d+ warnings, 0 failed · equals sigmoid_focal_loss/);
  });

  test("a notebook cell's loss runs from a temporary module with the imports of the cells above", async () => {
    const data = new vscode.NotebookData([
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import torch\nprint("cell 1 is not run by the check")', 'python'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'def loss_fn(pred, target):\n    return torch.nn.functional.l1_loss(pred, target)', 'python'),
    ]);
    const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(1).document;
    const command = await lensCommand(cell.uri, 'Check loss…');
    const outcome = await vscode.commands.executeCommand<Outcome>(command.command, ...(command.arguments ?? []));
    assert.ok(outcome.ran, JSON.stringify(outcome));
    // smooth_l1_loss with beta = 0 is the L1 loss too (PyTorch documents it).
    // L1 first, then its exact twins (smooth L1 with β = 0; an ε-insensitive loss with ε = 0).
    assert.deepEqual(outcome.report.matches.slice(0, 2).map((m) => [m.id, m.options.beta]), [['l1_loss', undefined], ['smooth_l1_loss', 0]]);
    assert.ok(outcome.report.matches.every((m) => ['l1_loss', 'smooth_l1_loss', 'epsilon_insensitive_loss'].includes(m.id)), JSON.stringify(outcome.report.matches));
  });

  test('in an untrusted workspace nothing runs and the user is told why', async () => {
    const before = (await panels()).length;
    const outcome = await vscode.commands.executeCommand<Outcome>('losslab.checkLoss', { uri: fixture('focal.py').toString(), name: 'focal_loss', workspaceTrusted: false });
    assert.equal(outcome.ran, false);
    assert.match((outcome as { reason: string }).reason, /only in a trusted workspace/);
    assert.equal((await panels()).length, before, 'no panel opened');
  });

  test('a loss that hangs is stopped at the timeout setting, and its process is gone', async () => {
    await config().update('checkLoss.timeoutSeconds', 3, vscode.ConfigurationTarget.Global);
    const outcome = await vscode.commands.executeCommand<Outcome>('losslab.checkLoss', { uri: fixture('hanging.py').toString(), name: 'stuck_loss' });
    assert.equal(outcome.ran, false);
    assert.match((outcome as { reason: string }).reason, /did not finish within 3 s/);
    const left = spawnSync('pgrep', ['-f', 'losslab_check.py --file .*hanging.py'], { encoding: 'utf8' });
    assert.equal(left.stdout.trim(), '');
  });
});
