import * as vscode from 'vscode';
import type { LossLabApi } from '../../src/extension/main';
import pkg from '../../package.json';

export { waitUntil } from '../shared/waitUntil';

export const extensionId = `${pkg.publisher}.${pkg.name}`;

/** The activated extension's API; hovers and commands answer only after activation. */
export async function activateLossLab(): Promise<LossLabApi> {
  const ext = vscode.extensions.getExtension<LossLabApi>(extensionId);
  if (!ext) throw new Error(`extension ${extensionId} is not loaded`);
  return ext.activate();
}

/** Loss Lab's hover at a position (other extensions' hovers, if any, are left out). */
export async function lossLabHover(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  const texts = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value));
  return texts.find((t) => t.includes('_Loss Lab_')) ?? texts.join('\n');
}

const RUN = Date.now().toString(36);
let untitledCount = 0;

/** A new untitled Python document holding `content`, under a name no other document of the run
 *  had. `openTextDocument({ content })` names it "Untitled-N", reusing the name of one closed just
 *  before, and on a busy machine VS Code resolves the new one from the closed one's backup (its
 *  last edited text) instead of `content`. */
export async function openUntitledPython(content: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/losslab-test-${RUN}-${++untitledCount}.py` });
  const opened = await vscode.workspace.openTextDocument(uri);
  const document = opened.languageId === 'python' ? opened : await vscode.languages.setTextDocumentLanguage(opened, 'python');
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), content);
  if (!(await vscode.workspace.applyEdit(edit)) || document.getText() !== content) throw new Error(`could not write ${uri.toString()}`);
  return document;
}
