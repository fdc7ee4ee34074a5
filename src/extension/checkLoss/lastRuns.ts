/** The summary line of each user loss's last "Check loss" run, for the hover. */
import type * as vscode from 'vscode';

const summaries = new Map<string, string>();

function key(uri: vscode.Uri, name: string): string {
  return `${uri.toString()}#${name}`;
}

export function rememberRun(uri: vscode.Uri, name: string, summary: string): void {
  summaries.set(key(uri, name), summary);
}

export function lastRunSummary(uri: vscode.Uri, name: string): string | undefined {
  return summaries.get(key(uri, name));
}
