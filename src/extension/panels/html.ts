import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { pageHtml, type PageApp } from './pageHtml';

export type { PageApp } from './pageHtml';

/** The page of a Loss Lab panel in this webview (pageHtml.ts), in the display language. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, app: PageApp): string {
  return pageHtml({
    nonce: randomBytes(16).toString('base64'),
    script: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'out', 'webview.js')).toString(),
    cspSource: webview.cspSource,
    title,
    app,
    language: vscode.env.language,
    bundle: vscode.l10n.bundle,
    labels: { controls: vscode.l10n.t('Plot controls'), notes: vscode.l10n.t('Notes') },
  });
}
