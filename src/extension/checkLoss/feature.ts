/** "Loss Lab: Check Loss Function…": runs the user's own loss (a function or class of a Python file
 *  or notebook cell) in their Python through python/losslab_check.py, in trusted workspaces only,
 *  and shows the checks and its curve beside the closest catalog losses in a panel. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { cellModuleSource, topLevelDefinitionAt } from '../../analysis/definitions';
import { LOSS_TASKS, type LossTask } from '../../engine/checkLoss/tasks';
import { isRecord } from '../../protocol/validate';
import { CheckLossError, runCheckLoss } from '../../runner/checkLoss';
import { checkLossReport, reportLines, reportSummary, type CheckLossReport } from '../../runner/checkLossReport';
import type { Feature } from '../feature';
import { PanelHost } from '../panels/host';
import { checkFigure } from './figure';
import { pythonInterpreter } from './interpreter';
import { rememberRun } from './lastRuns';
import { COMMANDS } from '../commandIds';
import { setting } from '../config';

export const CHECK_LOSS_COMMAND = COMMANDS.checkLoss;

export function untrustedReason(): string {
  return vscode.l10n.t('Loss Lab runs your loss function only in a trusted workspace, because that executes code from this folder. Trust the workspace to check it.');
}

export type CheckOutcome = { ran: true; report: CheckLossReport } | { ran: false; reason: string };

interface Target {
  document: vscode.TextDocument;
  name: string;
}

/** Lens and hover links pass {uri, name}; the palette passes nothing (the function under the cursor).
 *  `workspaceTrusted: false` makes the command behave as in an untrusted workspace (automation). */
async function targetOf(arg: unknown): Promise<Target | string> {
  if (isRecord(arg) && typeof arg.uri === 'string' && typeof arg.name === 'string') {
    const uri = vscode.Uri.parse(arg.uri);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
    return { document, name: arg.name };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'python') return vscode.l10n.t('Put the cursor in a Python function or class that computes a loss, then run Check Loss Function… again.');
  const name = topLevelDefinitionAt(editor.document.getText(), editor.selection.active.line);
  if (!name) return vscode.l10n.t('The cursor is not inside a module-level function or class: Check Loss imports the loss by name.');
  return { document: editor.document, name };
}

/** The file the runner imports: the saved file, or the editor's text (unsaved, or a notebook cell
 *  with the imports of the cells above it) written to a temporary module. */
function moduleFor(document: vscode.TextDocument): { file: string; sysPath: string[]; dispose(): void } | string {
  const temporary = (name: string, text: string, folder: string | undefined) => {
    const dir = mkdtempSync(join(tmpdir(), 'losslab-check-'));
    const file = join(dir, name);
    writeFileSync(file, text);
    return { file, sysPath: folder ? [folder] : [], dispose: () => rmSync(dir, { recursive: true, force: true }) };
  };
  if (document.uri.scheme === 'vscode-notebook-cell') {
    const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
    if (!notebook) return vscode.l10n.t('The notebook of this cell is not open.');
    const code = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    const index = code.findIndex((c) => c.document === document);
    const source = cellModuleSource(code.slice(0, index).map((c) => c.document.getText()), document.getText());
    return temporary('notebook_cell.py', source, notebook.uri.scheme === 'file' ? dirname(notebook.uri.fsPath) : undefined);
  }
  if (document.uri.scheme === 'untitled') return temporary('untitled_loss.py', document.getText(), undefined);
  if (document.uri.scheme !== 'file') return vscode.l10n.t('Check Loss runs files on disk; {0}: documents are not supported.', document.uri.scheme);
  if (document.isDirty) return temporary(basename(document.uri.fsPath), document.getText(), dirname(document.uri.fsPath));
  return { file: document.uri.fsPath, sysPath: [], dispose: () => undefined };
}

let traceback: vscode.OutputChannel | undefined;

function showFailure(e: CheckLossError): void {
  const showTraceback = vscode.l10n.t('Show Traceback');
  const chooseInterpreter = vscode.l10n.t('Choose Interpreter');
  const actions: string[] = [];
  if (e.traceback) actions.push(showTraceback);
  if (e.kind === 'interpreter-missing' || e.kind === 'framework-missing') actions.push(chooseInterpreter);
  void vscode.window.showErrorMessage(vscode.l10n.t('Loss Lab: {0}', e.message), ...actions).then((choice) => {
    if (choice === showTraceback && e.traceback) {
      traceback ??= vscode.window.createOutputChannel(vscode.l10n.t('Loss Lab: Check Loss'));
      traceback.clear();
      traceback.appendLine(e.traceback);
      traceback.show(true);
    } else if (choice === chooseInterpreter) {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'losslab.python.interpreter');
    }
  });
}

function refuse(reason: string, warn = false): CheckOutcome {
  if (warn) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Loss Lab: {0}', reason), vscode.l10n.t('Manage Workspace Trust')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('Loss Lab: {0}', reason));
  }
  return { ran: false, reason };
}

export async function checkLoss(context: vscode.ExtensionContext, arg: unknown): Promise<CheckOutcome> {
  const trusted = vscode.workspace.isTrusted && !(isRecord(arg) && arg.workspaceTrusted === false);
  if (!trusted) return refuse(untrustedReason(), true);
  const target = await targetOf(arg);
  if (typeof target === 'string') return refuse(target);
  const module = moduleFor(target.document);
  if (typeof module === 'string') return refuse(module);
  const task = isRecord(arg) && typeof arg.task === 'string' && (LOSS_TASKS as readonly string[]).includes(arg.task) ? (arg.task as LossTask) : undefined;
  try {
    const python = await pythonInterpreter(target.document.uri);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loss Lab: checking {0}', target.name), cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return runCheckLoss({
          python: python.path,
          runner: vscode.Uri.joinPath(context.extensionUri, 'python', 'losslab_check.py').fsPath,
          file: module.file, sysPath: module.sysPath, name: target.name, ...(task ? { task } : {}),
          timeoutSeconds: setting('checkLoss.timeoutSeconds', target.document.uri),
          signal: abort.signal,
          onProgress: (message) => progress.report({ message }),
        });
      },
    );
    const report = checkLossReport(result);
    rememberRun(target.document.uri, target.name, reportSummary(report));
    const host = PanelHost.create('explorer', context);
    host.show({ figure: checkFigure(report), info: reportLines(report) });
    return { ran: true, report };
  } catch (e) {
    if (!(e instanceof CheckLossError)) throw e;
    if (e.kind !== 'cancelled') showFailure(e);
    return { ran: false, reason: e.message };
  } finally {
    module.dispose();
  }
}

export const checkLossFeature: Feature = {
  name: 'checkLoss',
  activate(context) {
    context.subscriptions.push(vscode.commands.registerCommand(CHECK_LOSS_COMMAND, (arg?: unknown) => checkLoss(context, arg)));
  },
};
