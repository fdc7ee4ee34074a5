/** The workspace file system as loadSpecInput's file access (so specs and CSVs are read where the
 *  workspace is: local, Remote SSH, WSL), and the bounded read it uses. */
import * as vscode from 'vscode';
import type { SpecFileAccess } from '../engine/train/specInput';
import { mib } from '../logio/readBounded';

/** A regular file's text, refused before reading when it is a FIFO or device or over `maxBytes`. */
export async function readWorkspaceText(uri: vscode.Uri, maxBytes: number): Promise<string> {
  const st = await vscode.workspace.fs.stat(uri);
  if (!(st.type & vscode.FileType.File)) throw new Error(st.type & vscode.FileType.Directory ? 'a folder, not a file' : 'not a regular file (a FIFO or device); not read');
  if (st.size > maxBytes) throw new Error(`file is ${mib(st.size)}, over the ${mib(maxBytes)} limit; not read`);
  return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
}

/** `base`: the spec's folder (undefined for an unsaved spec: then the first workspace folder). */
export function workspaceSpecFiles(base: vscode.Uri | undefined): SpecFileAccess<vscode.Uri> {
  return {
    locate: (csv) => {
      if (csv.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(csv)) return vscode.Uri.file(csv);
      const folder = base ?? vscode.workspace.workspaceFolders?.[0]?.uri;
      return folder && vscode.Uri.joinPath(folder, csv);
    },
    read: readWorkspaceText,
    describe: (uri) => uri.fsPath,
    mayQuote: (uri) => vscode.workspace.getWorkspaceFolder(uri) !== undefined,
  };
}
