import * as vscode from 'vscode';
import { errorText, log } from './log';

/** The bytes of `uri`, or undefined when it cannot be read (missing, most often; logged at trace). */
export async function readIfExists(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    log().trace(`${uri.toString()} not read: ${errorText(e)}`);
    return undefined;
  }
}
