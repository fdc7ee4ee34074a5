/** The extension's side of the notebook renderer's messages, each validated here: "Open in Loss Lab
 *  panel" under a drawn landscape opens the landscape panel (contour/surface, export) on the figure
 *  (the same entry point is the internal command losslab.notebook.openInPanel); a request for
 *  translations is answered with vscode.l10n.bundle (none in English); a problem goes to the log. */
import * as vscode from 'vscode';
import { isRecord } from '../../protocol/validate';
import { RENDERER_ID, parseRendererMessage, type OpenPanelMessage, type ToRenderer } from '../../protocol/rendererMessage';
import { PanelHost } from '../panels/host';
import { landscapeHandlers } from '../panels/landscape';
import { INTERNAL_COMMANDS } from '../commandIds';
import { errorText, log } from '../log';

function openInPanel(context: vscode.ExtensionContext, { figure }: OpenPanelMessage): PanelHost {
  const host = PanelHost.create('landscape', context, landscapeHandlers(context));
  host.show({ figure, info: [vscode.l10n.t('From a notebook output: computed by the notebook\'s kernel (python/losslab.py), so there is nothing to recompute here.')] });
  return host;
}

export function registerRendererMessaging(context: vscode.ExtensionContext): void {
  const refuse = (e: unknown): undefined => {
    void vscode.window.showErrorMessage(vscode.l10n.t('Loss Lab: cannot open this output in a panel: {0}', errorText(e)));
    return undefined;
  };
  const open = (message: OpenPanelMessage): PanelHost | undefined => {
    try {
      return openInPanel(context, message);
    } catch (e) {
      return refuse(e);
    }
  };
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  const receive = (raw: unknown, editor?: vscode.NotebookEditor): PanelHost | undefined => {
    let m;
    try {
      m = parseRendererMessage(raw);
    } catch (e) {
      // A figure the renderer drew but the panel refuses is the user's to know about; anything
      // else from the renderer is for the log.
      if (isOpenPanel(raw)) return refuse(e);
      log().warn(`ignored a malformed message from the notebook renderer: ${errorText(e)}`);
      return undefined;
    }
    switch (m.type) {
      case 'openPanel':
        return open(m);
      case 'translations': {
        const reply: ToRenderer = { v: 1, type: 'translations', bundle: vscode.l10n.bundle ?? {} };
        void messaging.postMessage(reply, editor);
        return undefined;
      }
      case 'problem':
        log().warn(`notebook output: ${m.message}`);
        return undefined;
    }
  };
  context.subscriptions.push(
    messaging.onDidReceiveMessage(({ message, editor }) => void receive(message, editor)),
    vscode.commands.registerCommand(INTERNAL_COMMANDS.notebookOpenInPanel, (raw: unknown) => receive(raw)?.panel.title),
  );
}

const isOpenPanel = (raw: unknown): boolean => isRecord(raw) && raw.type === 'openPanel';
