/** Panels that a feature follows after a reload (curves of training runs keep following the store
 *  and its watchers): the feature registers here; the panel serializer hands it the restored
 *  panels it claims instead of showing their saved figure as a still picture. */
import * as vscode from 'vscode';
import type { PanelKind, PanelState } from '../../protocol/panel';

/** Takes the panel (true) or leaves it to the serializer (false). */
export type PanelRestorer = (kind: PanelKind, panel: vscode.WebviewPanel, state: PanelState) => boolean;

const restorers = new Set<PanelRestorer>();

export function registerRestorer(restorer: PanelRestorer): vscode.Disposable {
  restorers.add(restorer);
  return new vscode.Disposable(() => restorers.delete(restorer));
}

export function adoptRestored(kind: PanelKind, panel: vscode.WebviewPanel, state: PanelState): boolean {
  for (const restore of restorers) if (restore(kind, panel, state)) return true;
  return false;
}
