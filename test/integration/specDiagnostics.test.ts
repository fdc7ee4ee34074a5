import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateLossLab, waitUntil } from './util';

const SOURCE = 'Loss Lab sweep spec';

/** A spec with three problems, each on its own line. */
const SPEC = `{
  "task": "binary",
  "dataset": { "name": "moons", "n": 2 },
  "model": { "hidden": [8], "activation": "tanh" },
  "losses": ["binary_cross_entropy_with_logits", "nope"],
  "optimizers": [{ "name": "adam", "lr": 0.01 }],
  "steps": -5
}
`;

suite('sweep spec diagnostics', () => {
  let folder: string;

  suiteSetup(async function () {
    this.timeout(120_000);
    await activateLossLab();
    folder = mkdtempSync(join(tmpdir(), 'losslab-spec-diagnostics-'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder, { recursive: true, force: true });
  });

  const ours = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);

  test('a spec with three problems gets three diagnostics at their lines, and they follow edits', async function () {
    this.timeout(120_000);
    const file = join(folder, 'three.losslab.json');
    writeFileSync(file, SPEC);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document);
    const found = await waitUntil(() => ours(document.uri), (d) => d.length === 3, { what: 'three sweep-spec diagnostics' });
    const at = found.map((d) => [d.range.start.line, document.getText(d.range)]).sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.deepEqual(at, [[2, '2'], [4, '"nope"'], [6, '-5']]);
    assert.ok(found.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.match(found.find((d) => d.range.start.line === 4)!.message, /unknown loss "nope".*\(losses\[1\]\)/);

    const edit = new vscode.WorkspaceEdit();
    const nope = document.getText().indexOf('"nope"');
    edit.replace(document.uri, new vscode.Range(document.positionAt(nope), document.positionAt(nope + '"nope"'.length)), '"mse_loss"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await waitUntil(() => ours(document.uri), (d) => d.length === 2, { what: 'two diagnostics once a loss is fixed' });
    assert.deepEqual(after.map((d) => d.range.start.line).sort(), [2, 6]);
  });
});
