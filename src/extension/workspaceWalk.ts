/** The files under a folder through workspace.fs (so it works where the workspace is: local, Remote
 *  SSH, WSL): relative, '/'-separated paths. Symbolic links to folders are not followed (no loops),
 *  and the walk stops at the log walker's depth. */
import * as vscode from 'vscode';
import { MAX_LOG_DEPTH } from '../logio/walk';

export async function listWorkspaceFiles(folder: vscode.Uri, prefix = '', depth = 0): Promise<string[]> {
  const out: string[] = [];
  if (depth > MAX_LOG_DEPTH) return out;
  for (const [name, type] of await vscode.workspace.fs.readDirectory(folder)) {
    const relative = prefix ? `${prefix}/${name}` : name;
    if (type === vscode.FileType.Directory) out.push(...(await listWorkspaceFiles(vscode.Uri.joinPath(folder, name), relative, depth + 1)));
    else if (type & vscode.FileType.File) out.push(relative);
  }
  return out;
}
