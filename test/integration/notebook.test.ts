import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AddHelperResult, PlotCellResult } from '../../src/extension/notebook/commands';
import { FIGURE_MIME, parseFigure } from '../../src/protocol/figure';
import { activateLossLab, waitUntil } from './util';

function cellFigures(cell: vscode.NotebookCell): unknown[] {
  return cell.outputs.flatMap((o) => o.items.filter((i) => i.mime === FIGURE_MIME).map((i) => JSON.parse(new TextDecoder().decode(i.data)) as unknown));
}

async function openNotebook(cells: string[]): Promise<vscode.NotebookEditor> {
  const data = new vscode.NotebookData(cells.map((c) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, c, 'python')));
  const doc = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
  return vscode.window.showNotebookDocument(doc);
}

suite('notebooks', () => {
  suiteSetup(async () => {
    await activateLossLab();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the notebook commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['losslab.plotLossForCell', 'losslab.addPythonHelper']) assert.ok(commands.includes(id), id);
  });

  test('"Plot Loss for This Cell" adds one Loss Lab figure output to the selected cell, no kernel', async () => {
    const editor = await openNotebook([
      'import torch.nn as nn\nimport torch.nn.functional as F',
      'criterion = nn.HuberLoss(delta=0.5)\nloss = criterion(pred, y) + F.l1_loss(pred, y)',
      'print("no loss here")',
    ]);
    editor.selection = new vscode.NotebookRange(1, 2);
    const result = await vscode.commands.executeCommand<PlotCellResult>('losslab.plotLossForCell');
    assert.deepEqual(result, { added: ['huber_loss', 'l1_loss'] });
    const figures = cellFigures(editor.notebook.cellAt(1));
    assert.equal(figures.length, 1);
    const figure = parseFigure(figures[0]);
    assert.equal(figure.kind, 'explorer');
    assert.deepEqual(figure.kind === 'explorer' && figure.losses, [{ id: 'huber_loss', options: { delta: 0.5 } }, { id: 'l1_loss' }]);
    const plain = editor.notebook.cellAt(1).outputs[0]!.items.find((i) => i.mime === 'text/plain');
    assert.match(new TextDecoder().decode(plain!.data), /huber_loss\(delta=0\.5\); l1_loss/);
    assert.equal(editor.notebook.cellAt(1).document.getText(), 'criterion = nn.HuberLoss(delta=0.5)\nloss = criterion(pred, y) + F.l1_loss(pred, y)');

    // Again, through the cell argument a cell menu passes: the figure is replaced, not added twice.
    await vscode.commands.executeCommand('losslab.plotLossForCell', editor.notebook.cellAt(1));
    assert.equal(cellFigures(editor.notebook.cellAt(1)).length, 1);
    assert.equal(cellFigures(editor.notebook.cellAt(0)).length, 0, 'cell 1 only imports');

    // A lens in the cell passes the cell document and its loss.
    const lens = await vscode.commands.executeCommand<PlotCellResult>('losslab.plotLossForCell', editor.notebook.cellAt(0).document.uri, { lossId: 'mse_loss', options: { reduction: 'sum' } });
    assert.deepEqual(lens, { added: ['mse_loss'] });
    assert.deepEqual(cellFigures(editor.notebook.cellAt(0)).map((f) => parseFigure(f)).map((f) => f.kind === 'explorer' && f.losses), [[{ id: 'mse_loss', options: { reduction: 'sum' } }]]);
    const unknown = await vscode.commands.executeCommand<PlotCellResult>('losslab.plotLossForCell', editor.notebook.cellAt(0).document.uri, { lossId: 'hubber_loss' });
    assert.ok('problem' in unknown && /does not know a loss called "hubber_loss"/.test(unknown.problem), JSON.stringify(unknown));

    const none = await vscode.commands.executeCommand<PlotCellResult>('losslab.plotLossForCell', editor.notebook.cellAt(2));
    assert.ok('problem' in none && /no loss/.test(none.problem), JSON.stringify(none));
    assert.equal(editor.notebook.cellAt(2).outputs.length, 0);
  });

  test('the "Plot loss" lens in a notebook cell attaches the figure to that cell', async () => {
    const editor = await openNotebook(['import torch.nn as nn\ncriterion = nn.HuberLoss(delta=0.25)']);
    const cell = editor.notebook.cellAt(0);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', cell.document.uri, 10);
    const plot = lenses.find((l) => l.command?.title === 'Plot loss');
    assert.ok(plot?.command, `lenses: ${lenses.map((l) => l.command?.title).join(', ')}`);
    assert.equal(plot.command.command, 'losslab.plotLossForCell');
    const result = await vscode.commands.executeCommand<PlotCellResult>(plot.command.command, ...(plot.command.arguments ?? []));
    assert.deepEqual(result, { added: ['huber_loss'] });
    const figures = cellFigures(editor.notebook.cellAt(0)).map((f) => parseFigure(f));
    assert.deepEqual(figures.map((f) => f.kind === 'explorer' && f.losses), [[{ id: 'huber_loss', options: { delta: 0.25 } }]]);
  });

  test('"Add Python Helper to Workspace" copies python/losslab.py and keeps a changed copy unless told', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'losslab-helper-'));
    try {
      const shipped = readFileSync(join(vscode.extensions.all.find((e) => e.id.endsWith('.losslab'))!.extensionPath, 'python', 'losslab.py'), 'utf8');
      const target = join(folder, 'losslab.py');
      const run = (overwrite?: string) => vscode.commands.executeCommand<AddHelperResult>('losslab.addPythonHelper', { folder: vscode.Uri.file(folder), overwrite });
      assert.equal(await run(), 'copied');
      assert.equal(readFileSync(target, 'utf8'), shipped);
      const torchPart = readFileSync(join(vscode.extensions.all.find((e) => e.id.endsWith('.losslab'))!.extensionPath, 'python', 'losslab_torch.py'), 'utf8');
      assert.equal(readFileSync(join(folder, 'losslab_torch.py'), 'utf8'), torchPart, 'the torch part is copied beside it');
      assert.equal(await run(), 'unchanged');
      writeFileSync(target, '# my edits\n');
      assert.equal(await run('never'), 'kept');
      assert.equal(readFileSync(target, 'utf8'), '# my edits\n');
      assert.equal(await run('always'), 'overwritten');
      assert.equal(readFileSync(target, 'utf8'), shipped);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
  test('"Open in Loss Lab panel" (the renderer\'s message) opens a notebook landscape in the landscape panel; a bad one is refused', async function () {
    // The panel's first draw loads plotly into a new webview: 30 s on a quiet CI machine.
    this.timeout(240_000);
    const figure = { version: 1, kind: 'landscape', title: 'notebook landscape', x: [-1, 0, 1], y: [-1, 0, 1], z: [[3, 2, 3], [2, 1, 'nan'], [3, 2, 3]] };
    const title = await vscode.commands.executeCommand<string | undefined>('losslab.notebook.openInPanel', { v: 1, type: 'openPanel', figure });
    assert.equal(title, 'Loss Lab: notebook landscape');
    type Info = { kind: string; title: string; rendered: { kind: string; traces: number } | null };
    const drawn = await waitUntil(
      async () => (await vscode.commands.executeCommand<Info[]>('losslab.panels.inspect')).find((p) => p.kind === 'landscape' && p.title === title && p.rendered !== null),
      (p) => p !== undefined,
      { timeout: 180_000, what: 'the landscape panel to draw the notebook figure' },
    );
    assert.equal(drawn?.rendered?.kind, 'landscape', 'the panel drew the figure');
    const refused = await vscode.commands.executeCommand<string | undefined>('losslab.notebook.openInPanel', { v: 1, type: 'openPanel', figure: { ...figure, z: [[1]] } });
    assert.equal(refused, undefined);
  });
});
