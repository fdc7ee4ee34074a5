/** Messages between the notebook renderer (src/renderer/main.ts) and the extension
 *  (vscode.notebooks.createRendererMessaging). From the renderer: "Open in Loss Lab panel" on a
 *  drawn landscape, a request for the extension's translations, and a problem for the extension's
 *  log. From the extension: the translations (vscode.l10n.bundle; empty in English).
 *  The figure travels as the output's raw JSON (NaN and infinities as "nan"/"inf") and is
 *  validated on receipt like any figure (version first: a newer figure version says "update"). */
import * as z from 'zod/mini';
import { CHECKED_FIGURE, type LandscapeFigure } from './figure';
import { PAGE_PROBLEM, message } from './panel';
import { messageUnion, parseWith } from './schema';
import { TRANSLATIONS } from './translations';

export const RENDERER_ID = 'losslab.figure-renderer';

const header = z.object({ v: z.literal(1, { error: 'expected renderer message version 1' }) }, { error: 'expected an object' });

const openPanel = message('openPanel', { figure: CHECKED_FIGURE });
const translationsRequest = message('translations', {});

export const FROM_RENDERER = messageUnion([openPanel, translationsRequest, PAGE_PROBLEM]);
type Received = z.output<typeof FROM_RENDERER>;
export type OpenPanelMessage = Extract<Received, { type: 'openPanel' }> & { figure: LandscapeFigure };
export type RendererMessage = OpenPanelMessage | Exclude<Received, { type: 'openPanel' }>;

/** Only a landscape opens in a panel (the renderer offers the button on landscapes only). */
const landscapeOnly = z.transform((m: Received, payload): RendererMessage => {
  if (m.type === 'openPanel' && m.figure.kind !== 'landscape') payload.issues.push({ code: 'custom', path: ['figure', 'kind'], message: 'only landscapes open in the landscape panel', input: m.figure.kind });
  return m as RendererMessage;
});
const FROM_RENDERER_CHECKED = z.pipe(FROM_RENDERER, landscapeOnly);
export const TO_RENDERER = messageUnion([message('translations', { bundle: TRANSLATIONS })]);

/** As the renderer sends them: the figure as raw JSON. */
export type FromRenderer = z.input<typeof FROM_RENDERER>;
export type OpenPanelRequest = Extract<FromRenderer, { type: 'openPanel' }>;
export type ToRenderer = z.output<typeof TO_RENDERER>;

export function parseRendererMessage(raw: unknown): RendererMessage {
  parseWith(header, raw, '(message)');
  return parseWith(FROM_RENDERER_CHECKED, raw, '(message)');
}

/** What the extension sends the renderer, validated there. */
export function parseToRenderer(raw: unknown): ToRenderer {
  parseWith(header, raw, '(message)');
  return parseWith(TO_RENDERER, raw, '(message)');
}
