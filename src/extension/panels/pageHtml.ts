/** The page of every Loss Lab panel, as text (no vscode: a browser test renders it too): strict CSP
 *  (nothing but our nonce'd script and styles, images from our resources, blob: and data: for
 *  plotly's exports), the toolbar, plot and notes areas, and the extension's translations for the
 *  page's own text (src/webview/l10n.ts reads them), as JSON that never runs. */

import { L10N_ELEMENT_ID } from '../../protocol/panel';

/** Which app the bundle starts on the page (src/webview/main.ts). */
export type PageApp = 'plot' | 'sweep';

export interface PageParts {
  nonce: string;
  /** The webview URI of out/webview.js. */
  script: string;
  /** The webview's cspSource (our resources). */
  cspSource: string;
  title: string;
  app: PageApp;
  /** The display language (html lang). */
  language: string;
  /** vscode.l10n.bundle: the translations of the l10n.t messages, none for English. */
  bundle: Record<string, string> | undefined;
  /** The page's own labels, already translated by the host. */
  labels: { controls: string; notes: string };
}

/** Text placed inside an element: no markup. */
const text = (s: string): string => s.replace(/[<>&"]/g, '');

export function pageHtml(p: PageParts): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${p.nonce}'`,
    `style-src ${p.cspSource} 'nonce-${p.nonce}'`,
    `img-src ${p.cspSource} blob: data:`,
    `font-src ${p.cspSource}`,
  ].join('; ');
  const title = text(p.title);
  // Inside <script>, "<" is escaped so that no text of the bundle can close the element.
  const bundle = JSON.stringify(p.bundle ?? {}).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="${text(p.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
<style nonce="${p.nonce}">
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
<body data-app="${p.app}">
<div id="controls" role="toolbar" aria-label="${text(p.labels.controls)}"></div>
<div id="plot" role="img" aria-label="${title}"></div>
<div id="notes"><div id="status" role="status" aria-live="polite"></div><ul id="info" aria-label="${text(p.labels.notes)}"></ul></div>
<script type="application/json" id="${L10N_ELEMENT_ID}">${bundle}</script>
<script nonce="${p.nonce}" src="${p.script}"></script>
</body>
</html>`;
}
