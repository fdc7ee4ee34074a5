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
