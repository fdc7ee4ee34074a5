/** Finds the usual training-log folders in the workspace (setting `losslab.logs.discover`): a plain
 *  name or relative path is a folder under each workspace folder; a glob matches files, whose
 *  folders are opened. Looking only: nothing is run or written. */
import * as vscode from 'vscode';
import { setting } from '../config';
import { errorText, log } from '../log';

const GLOB = /[*?[\]{}]/;
const MAX_GLOB_MATCHES = 200;

export async function discoverLogFolders(): Promise<string[]> {
  const entries: readonly unknown[] = setting('logs.discover');
  const found = new Set<string>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    for (const entry of entries) {
      if (typeof entry !== 'string' || entry.trim() === '') continue;
      if (GLOB.test(entry)) {
        const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, entry), '**/node_modules/**', MAX_GLOB_MATCHES);
        for (const f of files) found.add(vscode.Uri.joinPath(f, '..').fsPath);
        continue;
      }
      const uri = vscode.Uri.joinPath(folder.uri, entry);
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type & vscode.FileType.Directory) found.add(uri.fsPath);
      } catch (e) {
        log().trace(`${uri.fsPath}: nothing to discover (${errorText(e)})`);
      }
    }
  }
  // A discovered folder inside another one is already read with it.
  const all = [...found].sort();
  return all.filter((p) => !all.some((q) => q !== p && p.startsWith(`${q}/`)));
}
