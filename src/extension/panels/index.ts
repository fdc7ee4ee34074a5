/** The panels feature: the loss explorer, loss curves and loss landscape webview panels, their
 *  restore after reload, and an inspect/export command pair used by tests and automation. */
import * as vscode from 'vscode';
import { EXPORT_FORMATS, parsePanelState, PANEL_KINDS, type ExportFormat, type PanelState } from '../../protocol/panel';
import type { Feature } from '../feature';
import { registerCurves } from './curves';
import { registerExplorer } from './explorer';
import { PanelHost, VIEW_TYPES, openPanels, type PanelHandlers } from './host';
import { landscapeHandlers, registerLandscape } from './landscape';
import { INTERNAL_COMMANDS } from '../commandIds';
import { adoptRestored } from './restore';
import { registerPanelRestore } from './webviewHost';

function registerSerializers(context: vscode.ExtensionContext): void {
  for (const kind of PANEL_KINDS) {
    const handlers: PanelHandlers = kind === 'landscape' ? landscapeHandlers(context) : {};
    const restore = (panel: vscode.WebviewPanel, s: PanelState): void => {
      if (adoptRestored(kind, panel, s)) return;
      const host = new PanelHost(kind, panel, context, handlers);
      try {
        host.show({ figure: s.figure, ...(s.alternatives ? { alternatives: s.alternatives } : {}), ...(s.info ? { info: s.info } : {}), ...(s.origin ? { origin: s.origin } : {}) });
      } catch (e) {
        host.problem(vscode.l10n.t('Could not restore this panel: {0}', (e as Error).message));
      }
    };
    context.subscriptions.push(registerPanelRestore(VIEW_TYPES[kind], parsePanelState, restore, (panel, problem) => {
      new PanelHost(kind, panel, context, handlers).problem(vscode.l10n.t('Could not restore this panel: {0}', problem.message));
    }));
  }
}

function registerAutomation(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    // What each open panel last drew: [{kind, viewType, title, rendered: {kind, traces, theme}}].
    vscode.commands.registerCommand(INTERNAL_COMMANDS.panelsInspect, () => openPanels().map((h) => ({
      kind: h.kind, viewType: h.panel.viewType, title: h.panel.title, visible: h.panel.visible, rendered: h.lastRendered ?? null, lastSaved: h.lastSaved ?? null, info: h.info,
    }))),
    // Exports the most recent panel of `kind` to `path` without a dialog; resolves with the path.
    vscode.commands.registerCommand(INTERNAL_COMMANDS.panelsExport, async (arg: { kind?: string; format?: string; path?: string }) => {
      const format = EXPORT_FORMATS.find((f) => f === arg?.format) as ExportFormat | undefined;
      if (!format || typeof arg.path !== 'string') throw new Error('losslab.panels.export needs {format: png|svg|csv|json, path}');
      const host = openPanels().filter((h) => !arg.kind || h.kind === arg.kind).pop();
      if (!host) throw new Error(`no open ${arg.kind ?? 'Loss Lab'} panel`);
      return host.exportTo(format, vscode.Uri.file(arg.path));
    }),
  );
}

export const panelsFeature: Feature = {
  name: 'panels',
  activate(context) {
    registerExplorer(context);
    registerCurves(context);
    registerLandscape(context);
    registerSerializers(context);
    registerAutomation(context);
  },
};
