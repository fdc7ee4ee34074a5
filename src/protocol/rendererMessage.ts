/** Messages from the notebook renderer (src/renderer/main.ts) to the extension
 *  (vscode.notebooks.createRendererMessaging): "Open in Loss Lab panel" on a drawn landscape.
 *  The figure travels as the output's raw JSON (NaN and infinities as "nan"/"inf") and is
 *  validated on receipt like any figure (version first: a newer figure version says "update"). */
import * as z from 'zod/mini';
import { CHECKED_FIGURE, type LandscapeFigure } from './figure';
import { parseWith } from './schema';

export const RENDERER_ID = 'losslab.figure-renderer';

const request = z.object(
  {
    v: z.literal(1, { error: 'expected renderer message version 1' }),
    type: z.literal('openPanel', { error: 'expected "openPanel"' }),
    figure: CHECKED_FIGURE,
  },
  { error: 'expected an object' },
);

/** Only a landscape opens in a panel (the renderer offers the button on landscapes only). */
const landscapeOnly = z.transform((m: z.output<typeof request>, payload) => {
  const { figure } = m;
  if (figure.kind !== 'landscape') payload.issues.push({ code: 'custom', path: ['figure', 'kind'], message: 'only landscapes open in the landscape panel', input: figure.kind });
  return { ...m, figure: figure as LandscapeFigure };
});

export const OPEN_PANEL = z.pipe(request, landscapeOnly);

/** As the renderer sends it: the figure as raw JSON. */
export type OpenPanelRequest = z.input<typeof OPEN_PANEL>;
export type OpenPanelMessage = z.output<typeof OPEN_PANEL>;

export function parseRendererMessage(raw: unknown): OpenPanelMessage {
  return parseWith(OPEN_PANEL, raw, '(message)');
}
