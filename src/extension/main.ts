import * as vscode from 'vscode';
import { providerLatency } from './editor/latency';
import { FEATURES } from './features';

/** Set by the bundle's first line (scripts/build.mjs banner); absent when run unbundled. */
declare const __losslabBundleStart: number | undefined;
const moduleEvaluated = performance.now();

export interface LossLabApi {
  /** Milliseconds `activate` took, measured inside VS Code (reported by tests and the bench). */
  activationMs: number;
  /** Milliseconds evaluating the bundle before `activate` was called (imports, module code). */
  loadMs: number;
  /** Milliseconds of recent hover and code-lens provider calls inside the extension host. */
  providerLatency: typeof providerLatency;
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
      void vscode.window.showErrorMessage(vscode.l10n.t('Loss Lab: {0} could not start: {1}', feature.name, error));
    }
  }
  const loadMs = typeof __losslabBundleStart === 'number' ? moduleEvaluated - __losslabBundleStart : 0;
  return { activationMs: performance.now() - started, loadMs, failedFeatures, providerLatency };
}

export function deactivate(): void {}
