/** Messages from the notebook renderer (src/renderer/main.ts) to the extension
 *  (vscode.notebooks.createRendererMessaging): "Open in Loss Lab panel" on a drawn landscape.
 *  The figure travels as the output's raw JSON (NaN and infinities as "nan"/"inf") and is
 *  validated on receipt like any figure. */
import { parseFigure, type LandscapeFigure } from './figure';
import { ValidationError, record } from './validate';

export const RENDERER_ID = 'losslab.figure-renderer';

export interface OpenPanelMessage {
  v: 1;
  type: 'openPanel';
  figure: LandscapeFigure;
}

export function parseRendererMessage(raw: unknown): OpenPanelMessage {
  const o = record(raw, '(message)');
  if (o.v !== 1) throw new ValidationError('v', 'expected renderer message version 1');
  if (o.type !== 'openPanel') throw new ValidationError('type', 'expected "openPanel"');
  const figure = parseFigure(o.figure);
  if (figure.kind !== 'landscape') throw new ValidationError('figure.kind', 'only landscapes open in the landscape panel');
  return { v: 1, type: 'openPanel', figure };
}
