/** Messages between a Loss Lab panel's webview and the extension host, and the state a panel keeps
 *  across reloads (webview getState/setState, handed to the panel serializer). Version 1; every
 *  message is validated on receipt, a malformed one is reported, never acted on. Declared once here
 *  with zod: the validators and types derive from TO_WEBVIEW, TO_HOST and PANEL_STATE. */
import * as z from 'zod/mini';
import { CHECKED_FIGURE, CURVES_X_AXES, FIGURE_KINDS, curveSeries, increasingSpan, smoothingWeight } from './figure';
import { bounded, described, messageUnion, parseWith } from './schema';

export const PANEL_PROTOCOL_VERSION = 1;
/** The page's element holding the extension's translations (JSON) for the page's own text. */
export const L10N_ELEMENT_ID = 'l10n';
export const PANEL_KINDS = ['explorer', 'curves', 'landscape'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];
export const EXPORT_FORMATS = ['png', 'svg', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const MAX_TAGS = 10_000;
const MAX_PROBLEM = 2000;

const v = z.literal(PANEL_PROTOCOL_VERSION, { error: `expected panel protocol version ${PANEL_PROTOCOL_VERSION}` });

/** Read first, so that a message of another version says so whatever else it holds. */
export const PANEL_HEADER = z.object({ v }, { error: 'expected an object' });

/** A message `type` with its fields. */
export function message<const T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) {
  return z.object({ v, type: z.literal(type), ...shape });
}

/** Parses a message or state: its header first, then `schema`. */
export function parseMessage<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
  parseWith(PANEL_HEADER, value, '(message)');
  return parseWith(schema, value, '(message)');
}

/** Text from the page: kept, but never longer than this. */
const problemText = z.pipe(z.string(), z.transform((s) => s.slice(0, MAX_PROBLEM)));
const fileName = z.string().check(z.regex(/^[\w.\- ]{1,100}$/, 'expected a plain file name'));
const tags = bounded(z.string(), MAX_TAGS);
/** Data the other side keeps for itself: an object of any JSON values. */
const opaque = z.record(z.string(), described(z.unknown(), 'Any JSON value.'));

const alternative = described(z.object({ label: z.string(), figure: CHECKED_FIGURE }), 'Another way to look at the same result (e.g. the init → trained line next to the 2-D map).');
const tagChoice = described(z.object({ all: tags, shown: tags }), 'Curves of training logs: the tags the shown runs have, and those drawn (the page offers the choice).');
const alternatives = bounded(alternative, 8);
const info = described(bounded(z.string(), 20), 'Short facts shown under the plot (e.g. sharpness).');
const origin = described(opaque, "Host data kept with the panel's state so a restored panel can recompute (opaque to the page).");

const show = message('show', { figure: CHECKED_FIGURE, alternatives: z.optional(alternatives), info: z.optional(info), origin: z.optional(origin), tags: z.optional(tagChoice) });
/** Ask the page for an export; it answers with a SaveMessage. */
const exportRequest = message('export', { format: z.enum(EXPORT_FORMATS) });
const progress = message('progress', { message: z.string() });
const problemToPage = message('problem', { message: z.string() });
const saved = message('saved', { path: z.string() });
/** Curves of training logs: new decimations of some series of the figure shown (a live run grew,
 *  the view zoomed in), by index; the page keeps the others. */
const seriesUpdate = message('series', {
  series: bounded(z.object({ index: z.int({ error: 'expected an index' }).check(z.minimum(0, 'expected an index')), series: curveSeries }), 100_000),
});

export const TO_WEBVIEW = messageUnion([show, exportRequest, progress, problemToPage, saved, seriesUpdate]);

export const READY = message('ready', {});
/** png/svg: a data: URL from plotly's toImage; csv/json: the text. */
const save = message('save', { format: z.enum(EXPORT_FORMATS), data: z.string(), name: fileName }).check(
  z.superRefine((m, ctx) => {
    if ((m.format === 'png' || m.format === 'svg') && !m.data.startsWith(`data:image/${m.format === 'png' ? 'png' : 'svg+xml'}`)) {
      ctx.addIssue({ code: 'custom', path: ['data'], message: `expected a data:image/${m.format} URL`, input: m.data });
    }
  }),
);
const gridError = 'expected an integer from 3 to 201';
const recompute = message('recompute', {
  grid: z.int({ error: gridError }).check(z.minimum(3, gridError), z.maximum(201, gridError)),
  directions: z.enum(['pca', 'random']),
});
const rendered = message('rendered', {
  kind: z.enum(FIGURE_KINDS),
  traces: z.number(),
  theme: z.string(),
  points: z.optional(described(z.number(), 'Curves: the points of the figure drawn (all of them, before decimation for the screen).')),
});
/** A problem the page met (shown to the user, logged). */
export const PAGE_PROBLEM = message('problem', { message: problemText });
/** The viewer chose which tags of the training logs to draw. */
const tagsChosen = message('tags', { tags });
/** The plot's width in CSS pixels, rounded up to a hundred: no use drawing more columns than that. */
export const PLOT_WIDTH_STEP = 100;
export const MAX_PLOT_WIDTH = 100_000;
const plotWidth = described(
  z.int({ error: 'expected a width in pixels' }).check(z.minimum(PLOT_WIDTH_STEP, 'expected a width in pixels'), z.maximum(MAX_PLOT_WIDTH, 'expected a width in pixels'), z.multipleOf(PLOT_WIDTH_STEP, `expected a multiple of ${PLOT_WIDTH_STEP}`)),
  `Curves of training logs: the plot's width in CSS pixels, rounded up to a multiple of ${PLOT_WIDTH_STEP}; the host decimates to at most one column per pixel.`,
);
/** Curves of training logs: what the host's decimation depends on changed (the smoothing weight,
 *  the x axis, the zoomed-in x span in that axis' units, null for all of it, the plot's width). */
const view = message('view', { smoothing: smoothingWeight, xAxis: z.enum(CURVES_X_AXES), xRange: z.nullable(increasingSpan), width: z.optional(plotWidth) });
/** Curves of training logs: export every point (the page holds a decimation), as CSV or JSON. */
const exportData = message('exportData', { format: z.enum(['csv', 'json']), smoothing: smoothingWeight, name: fileName });

export const TO_HOST = messageUnion([READY, save, recompute, rendered, PAGE_PROBLEM, tagsChosen, view, exportData]);

/** What a panel remembers (setState) and what the serializer restores. */
export const PANEL_STATE = z.object({
  v,
  kind: z.enum(PANEL_KINDS),
  figure: CHECKED_FIGURE,
  alternatives: z.optional(alternatives),
  info: z.optional(info),
  origin: z.optional(origin),
  view: z.optional(described(opaque, "The viewer's choices (smoothing, log axes, view...), opaque to the host.")),
});

export type Alternative = z.output<typeof alternative>;
export type TagChoice = z.output<typeof tagChoice>;
export type ShowMessage = z.output<typeof show>;
export type ExportRequest = z.output<typeof exportRequest>;
export type ProgressMessage = z.output<typeof progress>;
export type ProblemMessage = z.output<typeof problemToPage>;
export type SavedMessage = z.output<typeof saved>;
export type SeriesMessage = z.output<typeof seriesUpdate>;
export type ToWebview = z.output<typeof TO_WEBVIEW>;
export type ReadyMessage = z.output<typeof READY>;
export type SaveMessage = z.output<typeof save>;
export type RecomputeMessage = z.output<typeof recompute>;
export type RenderedMessage = z.output<typeof rendered>;
export type ProblemFromPage = z.output<typeof PAGE_PROBLEM>;
export type TagsMessage = z.output<typeof tagsChosen>;
export type ViewMessage = z.output<typeof view>;
export type ExportDataMessage = z.output<typeof exportData>;
export type ToHost = z.output<typeof TO_HOST>;
export type PanelState = z.output<typeof PANEL_STATE>;

export function parseToWebview(value: unknown): ToWebview {
  return parseMessage(TO_WEBVIEW, value);
}

export function parseToHost(value: unknown): ToHost {
  return parseMessage(TO_HOST, value);
}

export function parsePanelState(value: unknown): PanelState {
  return parseMessage(PANEL_STATE, value);
}
