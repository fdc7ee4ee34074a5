/** Copies the shipped examples folder into a target folder: missing files are written; a file that
 *  differs is replaced only in Loss Lab's own storage and only when no unsaved editor holds it. */
import * as vscode from 'vscode';
import { sameBytes } from '../notebook/helperFile';
import { readIfExists } from '../readIfExists';
import { listWorkspaceFiles } from '../workspaceWalk';

/** The relative paths of the files left as they were although they differ from the examples. */
export async function copyExamples(source: vscode.Uri, target: vscode.Uri, replaceChanged: boolean): Promise<string[]> {
  const kept: string[] = [];
  for (const relative of await listWorkspaceFiles(source)) {
    const to = vscode.Uri.joinPath(target, relative);
    const shipped = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(source, relative));
    const existing = await readIfExists(to);
    if (existing && sameBytes(existing, shipped)) continue;
    const unsaved = vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.toString() === to.toString());
    if (existing && (!replaceChanged || unsaved)) {
      kept.push(relative);
      continue;
    }
    await vscode.workspace.fs.writeFile(to, shipped);
  }
  return kept;
}
