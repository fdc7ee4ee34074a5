/** The document a command with no argument acts on: the active text editor's, or, while that
 *  editor is still loading its file (or the focus is in a panel), the document of the file shown
 *  in the active tab. */
import * as vscode from 'vscode';

export async function activeDocument(): Promise<vscode.TextDocument | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor) return editor.document;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText ? vscode.workspace.openTextDocument(input.uri) : undefined;
}
