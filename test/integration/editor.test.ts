import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { getLoss } from '../../src/engine/catalog';
import { expectations, type Expected } from '../unit/analysis/expectations';
import { activateLossLab, extensionId, openUntitledPython, waitUntil } from './util';

const corpus = () => vscode.Uri.joinPath(vscode.extensions.getExtension(extensionId)!.extensionUri, 'test', 'fixtures', 'corpus');
const read = (name: string) => readFileSync(vscode.Uri.joinPath(corpus(), name).fsPath, 'utf8');

/** `get`'s value once `done` holds, or its last value after `timeoutMs` (the test's assertion then says
 *  what is wrong). Generous: on a loaded machine the extension host answers late, not wrongly. */
async function settle<T>(get: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  return waitUntil(get, done, { timeout: timeoutMs }).catch(() => get());
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Loss Lab');

function lossDiagnostics(uri: vscode.Uri, count: number): Promise<vscode.Diagnostic[]> {
  return waitUntil(() => ours(uri), (d) => d.length >= count, { timeout: 60_000, what: `${count} Loss Lab diagnostics in ${uri.toString()}` });
}

/** Whether hovering some word of the line shows `title` (the loss may be written under an alias). */
async function hoverOnLine(document: vscode.TextDocument, line: number, title: string): Promise<string[]> {
  const seen: string[] = [];
  for (const word of document.lineAt(line).text.matchAll(/[A-Za-z_"][\w"]*/g)) {
    const text = await hoverText(document.uri, new vscode.Position(line, (word.index ?? 0) + 1));
    if (text.includes(title)) return [];
    seen.push(`${word[0]}: ${text.slice(0, 60)}`);
  }
  return seen;
}

async function checkDocument(document: vscode.TextDocument, expected: Map<number, Expected>, lineOffset = 0): Promise<void> {
  for (const [line, want] of expected) {
    for (const id of want.sites) {
      const loss = getLoss(id)!;
      const missed = await step(`hover line ${line - lineOffset + 1}`, () => hoverOnLine(document, line - lineOffset, loss.title));
      assert.deepEqual(missed, [], `a hover naming ${loss.title} on line ${line - lineOffset + 1}`);
    }
  }
  const wanted = [...expected].flatMap(([line, e]) => e.findings.map((f) => `${line - lineOffset + 1}:${f}`)).sort();
  const diagnostics = await step('diagnostics', () => lossDiagnostics(document.uri, wanted.length));
  assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1}:${String(d.code)}`).sort(), wanted, 'diagnostics');

  const lenses = await step('code lenses', async () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 1000));
  const sites = [...expected.values()].reduce((n, e) => n + e.sites.length, 0);
  const users = [...expected.values()].reduce((n, e) => n + e.users.length, 0);
  assert.equal(lenses.length, 4 * sites + 2 * users, 'four lenses per loss site, two per user-defined loss');
  const titles = [...(sites > 0 ? ['Compare…', 'Landscape…', 'Plot loss', 'Sweep…'] : []), ...(users > 0 ? ['Check loss…', 'Compare with catalog losses…'] : [])];
  assert.deepEqual([...new Set(lenses.map((l) => l.command?.title))].sort(), titles.sort());
}

/** Applies each quick fix of each diagnostic to a fresh copy and checks its diagnostic goes away. */
async function checkFixes(content: string, count: number, open: (content: string) => Promise<vscode.TextDocument>): Promise<number> {
  let applied = 0;
  for (let i = 0; i < count; i++) {
    const document = await open(content);
    const diagnostics = await lossDiagnostics(document.uri, count);
    const diagnostic = diagnostics.sort((a, b) => a.range.start.compareTo(b.range.start))[i]!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
    const fixes = actions.filter((a) => a.edit && a.kind?.value === vscode.CodeActionKind.QuickFix.value);
    assert.ok(fixes.length > 0, `a quick fix for ${String(diagnostic.code)} on line ${diagnostic.range.start.line + 1}: got ${JSON.stringify(actions.map((a) => [a.title, a.diagnostics?.map((d) => d.code)]))}`);
    assert.ok(await vscode.workspace.applyEdit(fixes[0]!.edit!));
    const after = await settle(() => ours(document.uri), (d) => d.length === count - 1);
    assert.equal(after.length, count - 1, `"${fixes[0]!.title}" removes its diagnostic`);
    assert.ok(!after.some((d) => d.range.isEqual(diagnostic.range) && d.code === diagnostic.code));
    applied++;
    // Close this document, whichever editor has the focus now.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  return applied;
}

/** Runs `fn`, naming the step in any error it throws. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function openPython(content: string): Promise<vscode.TextDocument> {
  const document = await openUntitledPython(content);
  await vscode.window.showTextDocument(document);
  return document;
}

/** Shows a cell: the workbench creates a cell's text model only then, and the code lens and code
 *  action commands need it. */
async function showCell(cell: vscode.NotebookCell): Promise<void> {
  const editor = vscode.window.activeNotebookEditor;
  const range = new vscode.NotebookRange(cell.index, cell.index + 1);
  editor?.revealRange(range, vscode.NotebookEditorRevealType.AtTop);
  if (editor) editor.selection = range;
  await settle(
    () => Promise.resolve(vscode.commands.executeCommand('vscode.executeCodeLensProvider', cell.document.uri)).then(() => true, () => false),
    (ok) => ok,
  );
}

interface NotebookJson {
  cells: { cell_type: string; source: string[] | string }[];
}

async function openNotebook(json: string): Promise<vscode.NotebookDocument> {
  const parsed = JSON.parse(json) as NotebookJson;
  const cells = parsed.cells.map((c) => {
    const source = Array.isArray(c.source) ? c.source.join('') : c.source;
    return c.cell_type === 'code'
      ? new vscode.NotebookCellData(vscode.NotebookCellKind.Code, source, 'python')
      : new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, source, 'markdown');
  });
  const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData(cells));
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}

suite('editor intelligence on the corpus', () => {
  suiteSetup(async () => {
    await activateLossLab();
  });

  teardown(async () => {
    await vscode.workspace.getConfiguration('losslab').update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('losslab').update('diagnostics.rules', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('losslab').update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const file of ['torch_classifier.py', 'keras_text.py', 'jax_mlp.py', 'sklearn_baselines.py', 'torch_segmentation.py']) {
    test(`${file}: hovers, diagnostics and code lenses match the annotations; every quick fix works`, async function () {
      this.timeout(180_000);
      const content = read(file);
      const expected = expectations(content);
      const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(corpus(), file));
      await vscode.window.showTextDocument(document);
      await checkDocument(document, expected);
      const findings = [...expected.values()].reduce((n, e) => n + e.findings.length, 0);
      assert.equal(await checkFixes(content, findings, openPython), findings);
    });
  }

  for (const file of ['torch_finetune.ipynb', 'keras_quickstart.ipynb']) {
    test(`${file}: the same in notebook cells, names from earlier cells included`, async function () {
      this.timeout(180_000);
      const json = read(file);
      const notebook = await step('open the notebook', () => openNotebook(json));
      const cells = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
      let findings = 0;
      for (const cell of cells) {
        const expected = expectations(cell.document.getText());
        if (expected.size === 0) continue;
        await showCell(cell);
        await step(`check cell ${cell.index}`, () => checkDocument(cell.document, expected));
        findings += [...expected.values()].reduce((n, e) => n + e.findings.length, 0);
      }
      assert.ok(findings > 0, 'the notebook has a mistake to find');
      // Quick fixes inside cells: apply each and check its diagnostic is gone.
      for (const cell of cells) {
        if (ours(cell.document.uri).length > 0) await showCell(cell);
        for (const diagnostic of ours(cell.document.uri)) {
          const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cell.document.uri, diagnostic.range);
          const fix = actions.find((a) => a.edit && a.kind?.value === vscode.CodeActionKind.QuickFix.value);
          assert.ok(fix, `a fix for ${String(diagnostic.code)} in a cell`);
          assert.ok(await vscode.workspace.applyEdit(fix.edit!));
          const after = await settle(() => ours(cell.document.uri), (d) => !d.some((x) => x.code === diagnostic.code));
          assert.ok(!after.some((x) => x.code === diagnostic.code), `"${fix.title}" fixes the cell: ${cell.document.getText()}`);
        }
      }
    });
  }

  test('completion inside a loss call offers the options not yet written, with their defaults', async () => {
    const document = await openPython('import torch.nn as nn\ncriterion = nn.CrossEntropyLoss(label_smoothing=0.1, )\n');
    const position = new vscode.Position(1, document.lineAt(1).text.lastIndexOf(')'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('ignore_index') && labels.includes('reduction'), labels.join(','));
    assert.ok(!labels.includes('label_smoothing'), 'a written option is not offered again');
    const item = list.items.find((i) => i.label === 'ignore_index');
    assert.match(String(item?.detail), /ignore_index=-100/);
    assert.ok(labels.includes('weight'), `the class weight is offered: ${labels.join(',')}`);
  });

  test('completion after reduction= offers the catalog choices; a loss snippet replaces the whole dotted name typed', async () => {
    const labelOf = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);
    const document = await openPython("import torch.nn as nn\ncriterion = nn.CrossEntropyLoss(reduction='\nnn.BCEWith");
    const values = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(1, document.lineAt(1).text.length));
    const ours = values.items.filter((i) => /Loss Lab/.test(String(i.detail)));
    assert.deepEqual(ours.map(labelOf).sort(), ["'mean'", "'none'", "'sum'"]);
    const range = ours[0]!.range as vscode.Range;
    assert.equal(range.start.character, document.lineAt(1).text.indexOf("'"), 'the typed quote is replaced');

    const end = new vscode.Position(2, document.lineAt(2).text.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, end);
    const snippet = list.items.find((i) => i.kind === vscode.CompletionItemKind.Snippet && labelOf(i) === 'nn.BCEWithLogitsLoss');
    assert.ok(snippet, list.items.map(labelOf).slice(0, 30).join(','));
    const editor = vscode.window.activeTextEditor!;
    assert.ok(await editor.insertSnippet(snippet.insertText as vscode.SnippetString, snippet.range as vscode.Range));
    assert.equal(document.lineAt(2).text, "criterion = nn.BCEWithLogitsLoss(reduction='mean')");
  });

  test('a code lens opens the loss plot; the setting turns lenses off', async () => {
    const document = await openPython('import torch.nn as nn\ncriterion = nn.MSELoss(reduction="sum")\n');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
    const plot = lenses.find((l) => l.command?.title === 'Plot loss');
    assert.ok(plot?.command);
    assert.deepEqual(plot.command.arguments, [{ action: 'plot', lossId: 'mse_loss', options: { reduction: 'sum' } }]);
    await vscode.commands.executeCommand(plot.command.command, ...(plot.command.arguments ?? []));
    const isPlot = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('losslab');
    const tabs = await settle(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs), (t) => t.some(isPlot));
    assert.ok(tabs.some(isPlot), 'a Loss Lab webview opened');

    await vscode.workspace.getConfiguration('losslab').update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    const none = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    assert.equal(none.length, 0);
  });

  test('severity and per-rule settings apply to the diagnostics', async () => {
    const document = await openPython('import torch\nimport torch.nn.functional as F\nl = F.cross_entropy(torch.softmax(z, 1), y)\n');
    const [first] = await lossDiagnostics(document.uri, 1);
    assert.equal(first?.severity, vscode.DiagnosticSeverity.Warning);
    await vscode.workspace.getConfiguration('losslab').update('diagnostics.severity', 'error', vscode.ConfigurationTarget.Global);
    const asError = await settle(() => ours(document.uri), (d) => d[0]?.severity === vscode.DiagnosticSeverity.Error);
    assert.equal(asError[0]?.severity, vscode.DiagnosticSeverity.Error);
    await vscode.workspace.getConfiguration('losslab').update('diagnostics.rules', { 'softmax-before-cross-entropy': false }, vscode.ConfigurationTarget.Global);
    const off = await settle(() => ours(document.uri), (d) => d.length === 0);
    assert.equal(off.length, 0);
  });

  test('right after an edit, hover and lenses answer at once and the new losses follow', async function () {
    this.timeout(60_000);
    const filler = Array.from({ length: 200 }, (_, i) => `x${i} = f(${i})`);
    const document = await openPython(['import torch.nn as nn', 'import torch.nn.functional as F', 'crit = nn.CrossEntropyLoss()', ...filler, 'l = F.mse_loss(a, b)', ''].join('\n'));
    const editor = await vscode.window.showTextDocument(document);
    const mse = getLoss('mse_loss')!.title;
    const lensLines = async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
      return [...new Set(lenses.map((l) => l.range.start.line))];
    };
    assert.deepEqual(await lensLines(), [2, 203]);
    // Three comment lines above every loss: the hover below them and the lenses move with the text.
    await editor.edit((e) => e.insert(new vscode.Position(2, 0), '# a\n# b\n# c\n'));
    assert.ok((await hoverText(document.uri, new vscode.Position(206, 8))).includes(mse), 'hover on the moved mse_loss');
    assert.deepEqual(await lensLines(), [5, 206]);
    // An edit of a loss itself is read afresh at once.
    await editor.edit((e) => e.replace(new vscode.Range(206, 6, 206, 14), 'l1_loss'));
    assert.ok((await hoverText(document.uri, new vscode.Position(206, 8))).includes(getLoss('l1_loss')!.title), 'hover on the renamed loss');
    // A new loss among the filler: hovered at once; its lenses arrive with the fresh analysis.
    await editor.edit((e) => e.insert(new vscode.Position(100, 0), 'h = F.huber_loss(a, b)\n'));
    assert.ok((await hoverText(document.uri, new vscode.Position(100, 8))).includes(getLoss('huber_loss')!.title), 'hover on the new loss');
    const lines = await settle(lensLines, (l) => l.length === 3, 10_000);
    assert.deepEqual(lines, [5, 100, 207]);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('syntax errors, half-typed code and a 20,000-line file: providers answer without failing', async function () {
    this.timeout(120_000);
    const broken = await openPython('import torch.nn as nn\nc = nn.HuberLoss(delta=2.0)\ndef f(:\n    nn.MSELoss(\n');
    const huber = getLoss('huber_loss')!.title;
    const hover = await settle(() => hoverText(broken.uri, new vscode.Position(1, 8)), (h) => h.includes(huber), 15_000);
    assert.ok(hover.includes(huber), `hover on HuberLoss above the syntax error: ${hover.slice(0, 200)} (text: ${JSON.stringify(broken.getText())})`);
    const lines = ['import torch.nn.functional as F'];
    for (let i = 0; i < 20_000; i++) lines.push(i % 1000 === 0 ? `l${i} = F.l1_loss(a, b)` : `x${i} = f(${i}) + 1`);
    const huge = await openPython(lines.join('\n'));
    // On a busy machine the first parse of 20,000 lines may exceed the parser's time budget; the
    // providers then answer partially and a later request parses again.
    const lensesOf = () => Promise.resolve(vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', huge.uri));
    const lenses = await settle(lensesOf, (l) => l.length === 4 * 20, 60_000);
    assert.equal(lenses.length, 4 * 20);
    const far = await settle(() => hoverText(huge.uri, new vscode.Position(19_001, 9)), (h) => h.includes(getLoss('l1_loss')!.title), 30_000);
    assert.ok(far.includes(getLoss('l1_loss')!.title));
  });
});
