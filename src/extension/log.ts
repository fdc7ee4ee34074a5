/** The "Loss Lab" log (Output view, with VS Code's log levels): what maintainers need to see when
 *  something was ignored or fell back. Users are told through messages; this is the record. */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Loss Lab', { log: true });
  return channel;
}

/** The message of anything thrown. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
