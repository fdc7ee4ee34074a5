/** The document a command with no argument acts on: the active text editor's, or, while that
 *  editor is still loading its file (or the file's tab shows no text editor), or while the focus is
 *  in the Output panel (whose channel is then the active text editor), the document of the file
 *  shown in the active tab. */
import * as vscode from 'vscode';

export async function activeDocument(): Promise<vscode.TextDocument | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme !== 'output') return editor.document;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText ? vscode.workspace.openTextDocument(input.uri) : undefined;
}
