import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { getLoss } from '../../src/engine/catalog';
import { COMMANDS, INTERNAL_COMMANDS } from '../../src/extension/commandIds';
import type { WalkthroughResult } from '../../src/extension/walkthrough/feature';
import { WALKTHROUGH_ID, WALKTHROUGH_STEPS, WORKSPACE_FOLDER_NAME } from '../../src/extension/walkthrough/steps';
import pkg from '../../package.json';
import nls from '../../package.nls.json';
import { resolveNls } from '../../scripts/nls.mjs';
import { activateLossLab, extensionId, waitUntil } from './util';

const shipped = (file: string) => join(vscode.extensions.getExtension(extensionId)!.extensionPath, 'media', 'walkthrough', 'examples', file);
const run = (arg: unknown) => vscode.commands.executeCommand<WalkthroughResult | undefined>(COMMANDS.walkthroughOpen, arg);

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

suite('walkthrough', () => {
  const workspaceCopy = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, WORKSPACE_FOLDER_NAME);

  suiteSetup(async () => {
    await activateLossLab();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const tmp = mkdtempSync(join(tmpdir(), 'losslab-walkthrough-'));

  suiteTeardown(() => {
    rmSync(workspaceCopy, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  });

  test('VS Code loads the manifest with its %key% placeholders resolved from package.nls.json', () => {
    const loaded = vscode.extensions.getExtension(extensionId)!.packageJSON as typeof pkg;
    assert.equal(loaded.displayName, nls['losslab.displayName']);
    assert.deepEqual(loaded.contributes.commands, resolveNls(pkg.contributes.commands, nls));
    assert.deepEqual(loaded.contributes.walkthroughs, resolveNls(pkg.contributes.walkthroughs, nls));
    assert.deepEqual(loaded.contributes.configuration, resolveNls(pkg.contributes.configuration, nls));
  });

  test('the walkthrough is contributed: its steps are known to the workbench, and it opens', async () => {
    const full = `${extensionId}#${WALKTHROUGH_ID}`;
    // The Welcome page's "mark step complete" throws for a step no walkthrough has (checked first,
    // with an id of ours that is not a step, so the check below could fail).
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('welcome.markStepComplete', `${full}#no-such-step`)), /does not exist/);
    await vscode.commands.executeCommand('welcome.markStepComplete', `${full}#${Object.keys(WALKTHROUGH_STEPS).at(-1)}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', full, false);
    // The page's tab keeps the title it opened with ("Welcome"), whichever walkthrough it then shows.
    await waitUntil(() => vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '', (l) => /^(Welcome|Walkthrough)/.test(l), { timeout: 15_000, what: 'the Welcome page\'s tab' });
  });

  test('hover a loss: opens a copy of train.py with the cursor on HuberLoss, whose hover is ours', async () => {
    const result = await run('hover');
    assert.ok(result, 'the command answers');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), result.example.toString());
    assert.equal(editor.document.languageId, 'python');
    assert.equal(editor.document.getText(), readFileSync(shipped('train.py'), 'utf8'), 'the example as shipped');
    assert.ok(!result.example.fsPath.startsWith(vscode.workspace.workspaceFolders![0]!.uri.fsPath), 'by default the copy is outside the workspace');
    const cursor = editor.selection.active;
    assert.equal(editor.document.getText(editor.document.getWordRangeAtPosition(cursor)), 'HuberLoss');
    const text = await waitUntil(() => hoverText(editor.document.uri, cursor), (t) => t.includes(getLoss('huber_loss')!.title), { timeout: 15_000, what: 'the hover on HuberLoss' });
    assert.match(text, /delta/, 'the hover names the option the user wrote');
  });

  test('into the workspace: missing files are written, a differing file of the user is kept', async () => {
    mkdirSync(workspaceCopy, { recursive: true });
    const mine = '# my own train.py\nprint("mine")\n';
    writeFileSync(join(workspaceCopy, 'train.py'), mine);
    const result = await run({ step: 'pitfall', where: 'workspace' });
    assert.ok(result);
    assert.deepEqual(result.kept, ['train.py']);
    assert.equal(readFileSync(join(workspaceCopy, 'train.py'), 'utf8'), mine, 'the user\'s file is untouched');
    assert.equal(result.example.fsPath, join(workspaceCopy, 'pitfall.py'));
    for (const step of Object.values(WALKTHROUGH_STEPS)) assert.ok(existsSync(join(workspaceCopy, step.file)), step.file);
    // The pitfall step put the cursor on Loss Lab's diagnostic, whose quick fix switches the loss.
    const editor = vscode.window.activeTextEditor!;
    const diagnostic = vscode.languages.getDiagnostics(result.example).find((d) => d.source === 'Loss Lab');
    assert.ok(diagnostic, 'the pitfall is reported');
    assert.equal(diagnostic.code, 'bce-on-logits');
    assert.ok(editor.selection.active.isEqual(diagnostic.range.start), 'the cursor is on the diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', result.example, diagnostic.range);
    assert.ok(actions.some((a) => a.title === 'Use BCEWithLogitsLoss'), JSON.stringify(actions.map((a) => a.title)));
    await vscode.commands.executeCommand('hideCodeActionWidget');
  });

  test('plot and compare: Plot Loss draws the loss under the cursor with the example\'s delta', async () => {
    await run('plot');
    type Info = { kind: string; rendered: { traces: number } | null };
    await waitUntil(
      () => vscode.commands.executeCommand<Info[]>(INTERNAL_COMMANDS.panelsInspect),
      (p) => p.some((x) => x.kind === 'explorer' && x.rendered !== null),
      { timeout: 50_000, what: 'a drawn loss plot' },
    );
    const json = join(tmp, 'explorer.json');
    await vscode.commands.executeCommand(INTERNAL_COMMANDS.panelsExport, { kind: 'explorer', format: 'json', path: json });
    const figure = JSON.parse(readFileSync(json, 'utf8')) as { losses: unknown };
    assert.deepEqual(figure.losses, [{ id: 'huber_loss', options: { delta: 0.5 } }]);
  });

  test('run a sweep: the small spec runs to the end, every run ok', async () => {
    const result = await run('sweep');
    const answer = result?.answer as { cancelled: boolean; report: { runs: { status: string }[] } } | undefined;
    assert.ok(answer, 'the sweep ran');
    assert.equal(answer.cancelled, false);
    const spec = JSON.parse(readFileSync(shipped('sweep.losslab.json'), 'utf8')) as { losses: unknown[]; optimizers: { lr: number[] }[] };
    assert.equal(answer.report.runs.length, spec.losses.length * spec.optimizers[0]!.lr.length);
    assert.deepEqual([...new Set(answer.report.runs.map((r) => r.status))], ['ok']);
  });

  test('open training logs: both runs are read and the diverging one is flagged', async () => {
    await run('logs');
    type Inspect = { runs: { label: string; anomalies: { kind: string }[] }[] };
    const state = await waitUntil(
      () => vscode.commands.executeCommand<Inspect>(INTERNAL_COMMANDS.logsInspect),
      (s) => ['lr-0.05', 'lr-0.3'].every((name) => s.runs.some((r) => r.label.includes(name))),
      { timeout: 15_000, what: 'the walkthrough runs in the runs view' },
    );
    const high = state.runs.find((r) => r.label.includes('lr-0.3'))!;
    assert.ok(high.anomalies.length > 0, `the lr-0.3 run is flagged: ${JSON.stringify(high)}`);
  });

  test('the notebook helper: opens the notebook with losslab.py beside it', async () => {
    const result = await run('notebook');
    assert.ok(result);
    assert.equal(vscode.window.activeNotebookEditor?.notebook.uri.toString(), result.example.toString());
    const helper = vscode.Uri.joinPath(result.example, '..', 'losslab.py');
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(helper)).toString('utf8'),
      readFileSync(join(vscode.extensions.getExtension(extensionId)!.extensionPath, 'python', 'losslab.py'), 'utf8'));
  });
});
