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
