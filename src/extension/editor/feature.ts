import * as vscode from 'vscode';
import type { Feature } from '../feature';
import { codeActionProvider } from './actions';
import { LOSS_AT_CURSOR_COMMAND, lossAtCursor, registerOpenCommand } from './commands';
import { completionProvider } from './completion';
import { PitfallDiagnostics } from './diagnostics';
import { hoverProvider } from './hover';
import { LensProvider } from './lenses';
import { PYTHON_SELECTOR, Views } from './views';
import { affects } from '../config';
import { pythonParser } from '../pythonParser';

/** Editor intelligence for Python files and notebook cells: hover, option completion, code lenses,
 *  pitfall diagnostics and their quick fixes. */
export const editorFeature: Feature = {
  name: 'editor',
  activate(context) {
    registerOpenCommand(context);
    const loading = pythonParser(context.extensionUri);
    loading.catch((e: unknown) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('Loss Lab: the Python grammar could not be loaded, so hovers and diagnostics are off: {0}', e instanceof Error ? e.message : String(e)));
    });
    const views = new Views(loading);
    const lenses = new LensProvider(views);
    context.subscriptions.push(
      views,
      vscode.commands.registerCommand(LOSS_AT_CURSOR_COMMAND, async () => {
        await views.ready;
        return lossAtCursor(views);
      }),
      vscode.languages.registerHoverProvider(PYTHON_SELECTOR, hoverProvider(views)),
      vscode.languages.registerCompletionItemProvider(PYTHON_SELECTOR, completionProvider(views), '(', ',', ' '),
      vscode.languages.registerCodeLensProvider(PYTHON_SELECTOR, lenses),
      vscode.languages.registerCodeActionsProvider(PYTHON_SELECTOR, codeActionProvider(views), {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
      new PitfallDiagnostics(views),
      vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'codeLens')) lenses.refresh();
      }),
    );
  },
};
