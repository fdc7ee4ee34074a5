import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { getLoss } from '../engine/catalog';
import { Tensor } from '../engine/tensor';
import type { CurvesFigure } from '../protocol/figure';
import type { Feature } from './feature';

/** MSE of each prediction in [target - halfWidth, target + halfWidth] against `target`, computed by
 *  the engine, as a curve whose x values ride in `steps`. */
export function mseVsPrediction(target: number, halfWidth: number, points = 101): CurvesFigure {
  const loss = getLoss('mse_loss');
  if (!loss) throw new Error('mse_loss is missing from the catalog');
  const predictions = Array.from({ length: points }, (_, i) => target - halfWidth + (2 * halfWidth * i) / (points - 1));
  const { value } = loss.compute(
    { input: Tensor.from([points], predictions), target: Tensor.full([points], target) },
    { reduction: 'none' },
    false,
  );
  return {
    version: 1,
    kind: 'curves',
    title: `${loss.title} vs prediction (target ${target})`,
    series: [{ name: loss.title, steps: predictions, values: Array.from(value.data) }],
  };
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri, figure: CurvesFigure): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'out', 'webview.js'));
  // `<` escaped so that the JSON cannot close its script element.
  const data = JSON.stringify(figure).replace(/</g, '\\u003c');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} blob: data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Loss Lab: Plot</title>
<style nonce="${nonce}">html, body { margin: 0; padding: 0; width: 100%; height: 100%; overflow: hidden; } #plot { width: 100%; height: 100%; }</style>
</head>
<body>
<div id="plot"></div>
<script type="application/json" id="figure" nonce="${nonce}">${data}</script>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

/** Minimal "Loss Lab: Plot Loss" (replaced by the full panels feature). */
export const plotPanelFeature: Feature = {
  name: 'plot',
  activate(context) {
    context.subscriptions.push(
      vscode.commands.registerCommand('losslab.plotLoss', () => {
        const halfWidth = vscode.workspace.getConfiguration('losslab').get<number>('plot.predictionRange', 3);
        const figure = mseVsPrediction(0, halfWidth);
        const panel = vscode.window.createWebviewPanel('losslab.plot', 'Loss Lab: Plot', vscode.ViewColumn.Beside, {
          enableScripts: true,
          localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'out'), vscode.Uri.joinPath(context.extensionUri, 'media')],
        });
        panel.webview.html = html(panel.webview, context.extensionUri, figure);
        return panel;
      }),
    );
  },
};
