/** "Open in Loss Lab panel" under a landscape drawn by the notebook renderer: the renderer posts an
 *  OpenPanelMessage, validated here, and the landscape panel (contour/surface, export) opens on the
 *  figure. The same entry point is the internal command losslab.notebook.openInPanel. */
import * as vscode from 'vscode';
import { RENDERER_ID, parseRendererMessage } from '../../protocol/rendererMessage';
import { PanelHost } from '../panels/host';
import { landscapeHandlers } from '../panels/landscape';
import { INTERNAL_COMMANDS } from '../commandIds';

export function openInPanel(context: vscode.ExtensionContext, raw: unknown): PanelHost {
  const { figure } = parseRendererMessage(raw);
  const host = PanelHost.create('landscape', context, landscapeHandlers(context));
  host.show({ figure, info: [vscode.l10n.t('From a notebook output: computed by the notebook\'s kernel (python/losslab.py), so there is nothing to recompute here.')] });
  return host;
}

export function registerOpenInPanel(context: vscode.ExtensionContext): void {
  const open = (raw: unknown): PanelHost | undefined => {
    try {
      return openInPanel(context, raw);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Loss Lab: cannot open this output in a panel: {0}', (e as Error).message));
      return undefined;
    }
  };
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  context.subscriptions.push(
    messaging.onDidReceiveMessage(({ message }) => void open(message)),
    vscode.commands.registerCommand(INTERNAL_COMMANDS.notebookOpenInPanel, (raw: unknown) => open(raw)?.panel.title),
  );
}
