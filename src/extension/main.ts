import * as vscode from 'vscode';
import { FEATURES } from './features';

export interface LossLabApi {
  /** Milliseconds `activate` took, measured inside VS Code (reported by tests and the bench). */
  activationMs: number;
  /** Features whose activation threw, with the message shown to the user. */
  failedFeatures: { name: string; error: string }[];
}

export async function activate(context: vscode.ExtensionContext): Promise<LossLabApi> {
  const started = performance.now();
  const failedFeatures: LossLabApi['failedFeatures'] = [];
  for (const feature of FEATURES) {
    try {
      await feature.activate(context);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      failedFeatures.push({ name: feature.name, error });
      void vscode.window.showErrorMessage(`Loss Lab: ${feature.name} could not start: ${error}`);
    }
  }
  return { activationMs: performance.now() - started, failedFeatures };
}

export function deactivate(): void {}
