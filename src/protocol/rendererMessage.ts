/** Messages from the notebook renderer (src/renderer/main.ts) to the extension
 *  (vscode.notebooks.createRendererMessaging): "Open in Loss Lab panel" on a drawn landscape.
 *  The figure travels as the output's raw JSON (NaN and infinities as "nan"/"inf") and is
 *  validated on receipt like any figure (parseFigure: a newer figure version says "update"). */
import * as z from 'zod/mini';
import { parseFigure, type LandscapeFigure } from './figure';
import { parseWith } from './schema';
import { ValidationError } from './validate';

export const RENDERER_ID = 'losslab.figure-renderer';

const OPEN_PANEL = z.object(
  {
    v: z.literal(1, { error: 'expected renderer message version 1' }),
    type: z.literal('openPanel', { error: 'expected "openPanel"' }),
    figure: z.unknown(),
  },
  { error: 'expected an object' },
);

/** As the renderer sends it: the figure as raw JSON. */
export type OpenPanelRequest = z.input<typeof OPEN_PANEL>;

export interface OpenPanelMessage {
  v: 1;
  type: 'openPanel';
  figure: LandscapeFigure;
}

export function parseRendererMessage(raw: unknown): OpenPanelMessage {
  const { v, type, figure: payload } = parseWith(OPEN_PANEL, raw, '(message)');
  const figure = parseFigure(payload);
  if (figure.kind !== 'landscape') throw new ValidationError('figure.kind', 'only landscapes open in the landscape panel');
  return { v, type, figure };
}
