/** Notebook entry points: "Loss Lab: Plot Loss for This Cell" attaches an explorer figure to a
 *  cell's outputs through the notebook API (no kernel), "Loss Lab: Add Python Helper to Workspace"
 *  copies python/losslab.py next to the user's notebooks. */
import * as vscode from 'vscode';
import { getLoss } from '../../engine/catalog';
import type { OptionValue } from '../../engine/catalog/types';
import { FIGURE_MIME } from '../../protocol/figure';
import type { Feature } from '../feature';
import { cellExplorerFigure, cellFigureSummary, cellLosses, cellLossesBySpelling, type CellLoss } from './cellFigure';
import { HELPER_FILES, combinedResult, helperAction, type AddHelperResult, type HelperAction, type OverwritePolicy } from './helperFile';
import { registerRendererMessaging } from './rendererMessaging';
import { pythonParser } from '../pythonParser';
import { errorText, log } from '../log';
import { COMMANDS } from '../commandIds';
import { readIfExists } from '../readIfExists';

/** Marks the outputs this command adds, so running it again replaces its figure instead of adding one. */
const OUTPUT_TAG = 'losslabCellPlot';

export type PlotCellResult = { added: string[] } | { problem: string };
/** A loss chosen by the caller (e.g. a code lens in the cell) instead of the ones the cell names. */
export interface ExplicitLoss {
  lossId: string;
  options?: Record<string, OptionValue>;
}

function isExplicitLoss(v: unknown): v is ExplicitLoss {
  return typeof v === 'object' && v !== null && typeof (v as { lossId?: unknown }).lossId === 'string';
}
export type { AddHelperResult } from './helperFile';

function isCell(v: unknown): v is vscode.NotebookCell {
  return typeof v === 'object' && v !== null && 'notebook' in v && 'document' in v && 'index' in v;
}

/** The cell a command is about: the one a cell menu passed, else the active notebook's selection. */
function targetCell(arg: unknown): vscode.NotebookCell | undefined {
  if (isCell(arg)) return arg;
  if (arg instanceof vscode.Uri) {
    for (const nb of vscode.workspace.notebookDocuments) {
      const cell = nb.getCells().find((c) => c.document.uri.toString() === arg.toString());
      if (cell) return cell;
    }
  }
  const editor = vscode.window.activeNotebookEditor;
  if (!editor) return undefined;
  const index = editor.selection.start;
  return index < editor.notebook.cellCount ? editor.notebook.cellAt(index) : undefined;
}

async function lossesOf(cell: vscode.NotebookCell, extensionUri: vscode.Uri): Promise<CellLoss[]> {
  const code = cell.notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
  const index = code.indexOf(cell);
  // Without the grammar, the cell's losses are still found by their spellings.
  const parser = await pythonParser(extensionUri).catch((e: unknown) => {
    log().warn(`the Python grammar did not load (${errorText(e)}); finding losses by spelling`);
    return undefined;
  });
  if (!parser || index < 0) return cellLossesBySpelling(cell.document.getText());
  const texts = code.map((c) => c.document.getText());
  const version = code.reduce((sum, c) => sum + c.document.version, 0);
  return cellLosses(parser, cell.notebook.uri.toString(), version, texts, index);
}

/** `arg`: a NotebookCell (cell menus), a cell document's Uri (lenses) or nothing (the selection).
 *  `explicit`: the loss to plot; by default the losses the cell names. */
export async function plotLossForCell(arg: unknown, extensionUri: vscode.Uri, explicit?: unknown): Promise<PlotCellResult> {
  const cell = targetCell(arg);
  if (!cell) return { problem: vscode.l10n.t('Open a notebook and select the code cell whose loss to plot.') };
  if (cell.kind !== vscode.NotebookCellKind.Code) return { problem: vscode.l10n.t('The selected cell is not a code cell.') };
  let losses: CellLoss[];
  if (isExplicitLoss(explicit)) {
    const loss = getLoss(explicit.lossId);
    if (!loss) return { problem: vscode.l10n.t('Loss Lab does not know a loss called "{0}".', explicit.lossId) };
    losses = [{ loss, options: { ...explicit.options }, offset: 0 }];
  } else {
    losses = await lossesOf(cell, extensionUri);
  }
  if (losses.length === 0) return { problem: vscode.l10n.t('Loss Lab found no loss it knows in cell {0}.', cell.index + 1) };
  const figure = cellExplorerFigure(losses, cell.index + 1);
  const output = new vscode.NotebookCellOutput(
    [vscode.NotebookCellOutputItem.json(figure, FIGURE_MIME), vscode.NotebookCellOutputItem.text(cellFigureSummary(losses), 'text/plain')],
    { [OUTPUT_TAG]: true },
  );
  // The stable notebook API edits outputs only through a kernel's execution; replacing the cell with
  // an identical one carrying the new outputs needs no kernel.
  const data = new vscode.NotebookCellData(cell.kind, cell.document.getText(), cell.document.languageId);
  data.metadata = { ...cell.metadata };
  if (cell.executionSummary) data.executionSummary = cell.executionSummary;
  data.outputs = [...cell.outputs.filter((o) => o.metadata?.[OUTPUT_TAG] !== true), output];
  const edit = new vscode.WorkspaceEdit();
  edit.set(cell.notebook.uri, [vscode.NotebookEdit.replaceCells(new vscode.NotebookRange(cell.index, cell.index + 1), [data])]);
  if (!(await vscode.workspace.applyEdit(edit))) return { problem: vscode.l10n.t('VS Code did not accept the edit of the notebook.') };
  return { added: figure.losses.map((l) => l.id) };
}

function helperFolder(arg: { folder?: vscode.Uri }): vscode.Uri | undefined {
  if (arg.folder) return arg.folder;
  const active = vscode.window.activeNotebookEditor?.notebook.uri ?? vscode.window.activeTextEditor?.document.uri;
  const owner = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  return (owner ?? vscode.workspace.workspaceFolders?.[0])?.uri;
}

export async function addPythonHelper(arg: { folder?: vscode.Uri; overwrite?: OverwritePolicy }, extensionUri: vscode.Uri): Promise<AddHelperResult> {
  const folder = helperFolder(arg);
  if (!folder) return 'no-folder';
  const files = await Promise.all(HELPER_FILES.map(async (name) => {
    const shipped = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'python', name));
    const target = vscode.Uri.joinPath(folder, name);
    return { target, shipped, action: helperAction(await readIfExists(target), shipped, arg.overwrite ?? 'ask') as HelperAction };
  }));
  const asked = files.filter((f) => f.action === 'ask');
  if (asked.length > 0) {
    const names = asked.map((f) => vscode.workspace.asRelativePath(f.target)).join(' and ');
    const overwrite = vscode.l10n.t('Overwrite');
    const answer = await vscode.window.showWarningMessage(
      asked.length === 1
        ? vscode.l10n.t('{0} exists and differs from the helper shipped with Loss Lab. Overwrite?', names)
        : vscode.l10n.t('{0} exist and differ from the helper shipped with Loss Lab. Overwrite?', names),
      { modal: true },
      overwrite,
    );
    for (const f of asked) f.action = answer === overwrite ? 'overwrite' : 'keep';
  }
  for (const f of files) {
    if (f.action === 'copy' || f.action === 'overwrite') await vscode.workspace.fs.writeFile(f.target, f.shipped);
  }
  return combinedResult(files.map((f) => f.action as Exclude<HelperAction, 'ask'>));
}

const HELPER_MESSAGES: Record<AddHelperResult, () => string> = {
  copied: () => vscode.l10n.t('Loss Lab: added losslab.py. In a notebook: `import losslab; losslab.curve(losses)`.'),
  unchanged: () => vscode.l10n.t('Loss Lab: losslab.py in the workspace is already the current helper.'),
  overwritten: () => vscode.l10n.t('Loss Lab: replaced losslab.py with the current helper.'),
  kept: () => vscode.l10n.t('Loss Lab: kept your losslab.py.'),
  'no-folder': () => vscode.l10n.t('Loss Lab: open a folder first; the helper is copied into the workspace.'),
};

export const notebookFeature: Feature = {
  name: 'notebooks',
  activate(context) {
    registerRendererMessaging(context);
    context.subscriptions.push(
      vscode.commands.registerCommand(COMMANDS.plotLossForCell, async (arg?: unknown, explicit?: unknown) => {
        const result = await plotLossForCell(arg, context.extensionUri, explicit);
        if ('problem' in result) void vscode.window.showWarningMessage(vscode.l10n.t('Loss Lab: {0}', result.problem));
        return result;
      }),
      vscode.commands.registerCommand(COMMANDS.addPythonHelper, async (arg?: { folder?: vscode.Uri; overwrite?: OverwritePolicy }) => {
        const result = await addPythonHelper(arg ?? {}, context.extensionUri);
        const show = result === 'no-folder' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
        void show(HELPER_MESSAGES[result]());
        return result;
      }),
    );
  },
};
