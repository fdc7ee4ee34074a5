/** "Loss Lab: Open Walkthrough Example…": the button of each step of the Get Started walkthrough.
 *  Copies the examples (a scratch copy in Loss Lab's global storage, or into the workspace when the
 *  user asks for it) and does the step on them: the hover on a loss, the quick fix of a pitfall, the
 *  loss plot, a sweep, the training logs, the notebook with the Python helper beside it. */
import * as vscode from 'vscode';
import { isRecord } from '../../protocol/validate';
import { COMMANDS } from '../commandIds';
import { DIAGNOSTIC_SOURCE } from '../editor/diagnostics';
import type { Feature } from '../feature';
import { copyExamples } from './copy';
import { WALKTHROUGH_ID, WALKTHROUGH_STEPS, WORKSPACE_FOLDER_NAME, doneContextKey, isStepId, type ExampleTarget, type WalkthroughStepId } from './steps';

export interface WalkthroughResult {
  step: WalkthroughStepId;
  /** The example opened (a file, or the runs folder). */
  example: vscode.Uri;
  /** Example files that already existed in the workspace with other content, left untouched. */
  kept: string[];
  /** What the step's Loss Lab command answered (the sweep's result, the helper copy's outcome). */
  answer?: unknown;
}

interface Request {
  step: WalkthroughStepId;
  where?: ExampleTarget;
}

/** A step id (the walkthrough's links pass one as a string) or {step, where}; else undefined. */
function request(arg: unknown): Request | undefined {
  if (isStepId(arg)) return { step: arg };
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { step, where } = arg as { step?: unknown; where?: unknown };
  if (!isStepId(step)) return undefined;
  return where === 'workspace' || where === 'storage' ? { step, where } : { step };
}

/** The steps' titles as the Welcome page shows them: from the manifest VS Code loaded, its
 *  placeholders already resolved in the display language. */
function stepTitles(context: vscode.ExtensionContext): Map<string, string> {
  const manifest: unknown = context.extension.packageJSON;
  const walkthroughs = isRecord(manifest) && isRecord(manifest.contributes) && Array.isArray(manifest.contributes.walkthroughs) ? manifest.contributes.walkthroughs : [];
  const ours: unknown = walkthroughs.find((w) => isRecord(w) && w.id === WALKTHROUGH_ID);
  const steps = isRecord(ours) && Array.isArray(ours.steps) ? ours.steps : [];
  return new Map(steps.flatMap((s) => (isRecord(s) && typeof s.id === 'string' && typeof s.title === 'string' ? [[s.id, s.title] as const] : [])));
}

async function pickRequest(context: vscode.ExtensionContext): Promise<Request | undefined> {
  const titles = stepTitles(context);
  const step = await vscode.window.showQuickPick(
    Object.entries(WALKTHROUGH_STEPS).map(([id, s]) => ({ label: titles.get(id) ?? id, description: s.file, id: id as WalkthroughStepId })),
    { placeHolder: vscode.l10n.t('Walkthrough step to try on its example') },
  );
  if (!step) return undefined;
  if (!vscode.workspace.workspaceFolders?.length) return { step: step.id };
  const where = await vscode.window.showQuickPick([
    { label: vscode.l10n.t('Open a scratch copy'), detail: vscode.l10n.t('In Loss Lab\'s own storage; your workspace is not changed.'), where: 'storage' as const },
    { label: vscode.l10n.t('Copy into {0}/ in this workspace', WORKSPACE_FOLDER_NAME), detail: vscode.l10n.t('Only missing files are written; existing files are kept as they are.'), where: 'workspace' as const },
  ], { placeHolder: vscode.l10n.t('Where should the example files go?') });
  return where ? { step: step.id, where: where.where } : undefined;
}

function exampleFolder(context: vscode.ExtensionContext, where: ExampleTarget): vscode.Uri {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  if (where === 'workspace' && workspace) return vscode.Uri.joinPath(workspace.uri, WORKSPACE_FOLDER_NAME);
  return vscode.Uri.joinPath(context.globalStorageUri, 'walkthrough');
}

/** Opens `uri` with the cursor on the first `anchor` (when the file still has it). */
async function openAt(uri: vscode.Uri, anchor: string | undefined): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const offset = anchor ? editor.document.getText().indexOf(anchor) : -1;
  if (offset >= 0) {
    const at = editor.document.positionAt(offset + 1);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  return editor;
}

/** Loss Lab's first diagnostic on `uri`, once the analysis has published it (undefined after `ms`). */
function firstDiagnostic(uri: vscode.Uri, ms: number): Promise<vscode.Diagnostic | undefined> {
  const ours = () => vscode.languages.getDiagnostics(uri).find((d) => d.source === DIAGNOSTIC_SOURCE);
  return new Promise((resolve) => {
    const found = ours();
    if (found) return resolve(found);
    const done = (d: vscode.Diagnostic | undefined) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(d);
    };
    const timer = setTimeout(() => done(undefined), ms);
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) {
        const d = ours();
        if (d) done(d);
      }
    });
  });
}

/** Does `step` on the example at `uri`; resolves with what the step's command answered. */
async function doStep(step: WalkthroughStepId, uri: vscode.Uri, folder: vscode.Uri, where: ExampleTarget): Promise<unknown> {
  switch (step) {
    case 'hover':
      await openAt(uri, WALKTHROUGH_STEPS.hover.anchor);
      return vscode.commands.executeCommand('editor.action.showHover');
    case 'pitfall': {
      const editor = await openAt(uri, WALKTHROUGH_STEPS.pitfall.anchor);
      const diagnostic = await firstDiagnostic(uri, 10_000);
      if (!diagnostic) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Loss Lab found no pitfall in this copy of the example (already fixed, or pitfall diagnostics are turned off).'));
        return undefined;
      }
      editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
      return vscode.commands.executeCommand('editor.action.quickFix');
    }
    case 'plot':
      await openAt(uri, WALKTHROUGH_STEPS.plot.anchor);
      return vscode.commands.executeCommand(COMMANDS.plotLoss);
    case 'sweep':
      await openAt(uri, undefined);
      return vscode.commands.executeCommand(COMMANDS.sweep, uri);
    case 'logs':
      return vscode.commands.executeCommand(COMMANDS.logsOpen, uri.scheme === 'file' ? uri : uri.fsPath);
    case 'notebook': {
      const helper = await vscode.commands.executeCommand(COMMANDS.addPythonHelper, { folder, overwrite: where === 'storage' ? 'always' : 'ask' });
      await vscode.window.showNotebookDocument(await vscode.workspace.openNotebookDocument(uri));
      return helper;
    }
  }
}

async function openExample(context: vscode.ExtensionContext, arg: unknown): Promise<WalkthroughResult | undefined> {
  const asked = arg === undefined ? await pickRequest(context) : request(arg);
  if (!asked) {
    if (arg !== undefined) void vscode.window.showErrorMessage(vscode.l10n.t('Loss Lab: no walkthrough step {0}; the steps are {1}.', JSON.stringify(arg), Object.keys(WALKTHROUGH_STEPS).join(', ')));
    return undefined;
  }
  const where = asked.where === 'workspace' && vscode.workspace.workspaceFolders?.length ? 'workspace' : 'storage';
  const folder = exampleFolder(context, where);
  const kept = await copyExamples(vscode.Uri.joinPath(context.extensionUri, 'media', 'walkthrough', 'examples'), folder, where === 'storage');
  const file = WALKTHROUGH_STEPS[asked.step].file;
  if (kept.includes(file)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Loss Lab left your {0} as it is (it differs from the walkthrough\'s example).', vscode.workspace.asRelativePath(vscode.Uri.joinPath(folder, file))));
  }
  const example = vscode.Uri.joinPath(folder, file);
  const answer = await doStep(asked.step, example, folder, where);
  await vscode.commands.executeCommand('setContext', doneContextKey(asked.step), true);
  return { step: asked.step, example, kept, answer };
}

export const walkthroughFeature: Feature = {
  name: 'walkthrough',
  activate(context) {
    context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.walkthroughOpen, (arg?: unknown) => openExample(context, arg)));
  },
};
