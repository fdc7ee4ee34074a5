import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Which app the bundle starts on the page (src/webview/main.ts). */
export type PageApp = 'plot' | 'sweep';

/** The page of every Loss Lab panel: strict CSP (nothing but our nonce'd script and styles, images
 *  from our resources, blob: and data: for plotly's exports), the toolbar, plot and notes areas. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, app: PageApp): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'out', 'webview.js'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} blob: data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  const safeTitle = title.replace(/[<>&"]/g, '');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${safeTitle}</title>
<style nonce="${nonce}">
html, body { margin: 0; padding: 0; height: 100%; }
body { display: flex; flex-direction: column; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
#controls { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
#controls fieldset { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, #8884)); margin: 0; padding: 2px 8px; }
.control { display: flex; align-items: center; gap: 6px; }
.control output { min-width: 3em; font-variant-numeric: tabular-nums; }
input, select, button { font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); padding: 2px 8px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
input[type=range] { accent-color: var(--vscode-button-background); }
#plot { flex: 1 1 0; min-height: 200px; overflow: hidden; }
#notes { flex: 0 0 auto; max-height: 25vh; overflow: auto; padding: 0 10px 6px; }
#info { margin: 4px 0; padding-left: 18px; color: var(--vscode-descriptionForeground); }
#status { min-height: 1.2em; color: var(--vscode-descriptionForeground); }
</style>
</head>
<body data-app="${app}">
<div id="controls" role="toolbar" aria-label="Plot controls"></div>
<div id="plot" role="img" aria-label="${safeTitle}"></div>
<div id="notes"><div id="status" role="status" aria-live="polite"></div><ul id="info" aria-label="Notes"></ul></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
