/** Messages between a Loss Lab panel's webview and the extension host, and the state a panel keeps
 *  across reloads (webview getState/setState, handed to the panel serializer). Version 1; every
 *  message is validated on receipt, a malformed one is reported, never acted on. */
import { CURVES_X_AXES, parseCurveSeries, parseFigure, type CurveSeries, type CurvesXAxis, type Figure } from './figure';
import { ValidationError, array, finiteNum, num, oneOf, record, str } from './validate';

export const PANEL_PROTOCOL_VERSION = 1;
export const PANEL_KINDS = ['explorer', 'curves', 'landscape'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];
export const EXPORT_FORMATS = ['png', 'svg', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Another way to look at the same result (e.g. the init → trained line next to the 2-D map). */
export interface Alternative {
  label: string;
  figure: Figure;
}

export interface ShowMessage {
  v: 1;
  type: 'show';
  figure: Figure;
  alternatives?: Alternative[];
  /** Short facts shown under the plot (e.g. sharpness). */
  info?: string[];
  /** Host data kept with the panel's state so a restored panel can recompute (opaque to the page). */
  origin?: Record<string, unknown>;
  /** Curves of training logs: the tags the shown runs have, and those drawn (the page offers the choice). */
  tags?: TagChoice;
}
export interface TagChoice { all: string[]; shown: string[] }
/** Ask the page for an export; it answers with a SaveMessage. */
export interface ExportRequest { v: 1; type: 'export'; format: ExportFormat }
export interface ProgressMessage { v: 1; type: 'progress'; message: string }
export interface ProblemMessage { v: 1; type: 'problem'; message: string }
export interface SavedMessage { v: 1; type: 'saved'; path: string }
/** Curves of training logs: new decimations of some series of the figure shown (a live run grew,
 *  the view zoomed in), by index; the page keeps the others. */
export interface SeriesMessage { v: 1; type: 'series'; series: { index: number; series: CurveSeries }[] }
export type ToWebview = ShowMessage | ExportRequest | ProgressMessage | ProblemMessage | SavedMessage | SeriesMessage;

export interface ReadyMessage { v: 1; type: 'ready' }
/** png/svg: a data: URL from plotly's toImage; csv/json: the text. */
export interface SaveMessage { v: 1; type: 'save'; format: ExportFormat; data: string; name: string }
export interface RecomputeMessage { v: 1; type: 'recompute'; grid: number; directions: 'pca' | 'random' }
export interface RenderedMessage {
  v: 1; type: 'rendered'; kind: Figure['kind']; traces: number; theme: string;
  /** Curves: the points of the figure drawn (all of them, before decimation for the screen). */
  points?: number;
}
/** The viewer chose which tags of the training logs to draw. */
export interface TagsMessage { v: 1; type: 'tags'; tags: string[] }
/** Curves of training logs: what the host's decimation depends on changed (the smoothing weight,
 *  the x axis, the zoomed-in x span in that axis' units, null for all of it). */
export interface ViewMessage { v: 1; type: 'view'; smoothing: number; xAxis: CurvesXAxis; xRange: [number, number] | null }
/** Curves of training logs: export every point (the page holds a decimation), as CSV or JSON. */
export interface ExportDataMessage { v: 1; type: 'exportData'; format: 'csv' | 'json'; smoothing: number; name: string }
export type ToHost = ReadyMessage | SaveMessage | RecomputeMessage | RenderedMessage | ProblemMessage | TagsMessage | ViewMessage | ExportDataMessage;

/** What a panel remembers (setState) and what the serializer restores. */
export interface PanelState {
  v: 1;
  kind: PanelKind;
  figure: Figure;
  alternatives?: Alternative[];
  info?: string[];
  origin?: Record<string, unknown>;
  /** The viewer's choices (smoothing, log axes, view...), opaque to the host. */
  view?: Record<string, unknown>;
}

const MAX_TEXT = 200;

function header(v: unknown): Record<string, unknown> {
  const o = record(v, '(message)');
  if (o.v !== PANEL_PROTOCOL_VERSION) throw new ValidationError('v', `expected panel protocol version ${PANEL_PROTOCOL_VERSION}`);
  return o;
}

function alternatives(v: unknown): Alternative[] {
  return array(v, 'alternatives', (a, p) => {
    const o = record(a, p);
    return { label: str(o.label, `${p}.label`), figure: parseFigure(o.figure) };
  }, 8);
}

function info(v: unknown): string[] {
  return array(v, 'info', str, 20);
}

const MAX_TAGS = 10_000;

function tagChoice(v: unknown): TagChoice {
  const o = record(v, 'tags');
  return { all: array(o.all, 'tags.all', str, MAX_TAGS), shown: array(o.shown, 'tags.shown', str, MAX_TAGS) };
}

function index(v: unknown, path: string): number {
  const i = finiteNum(v, path);
  if (!Number.isInteger(i) || i < 0) throw new ValidationError(path, 'expected an index');
  return i;
}

function weight(v: unknown): number {
  const w = finiteNum(v, 'smoothing');
  if (w < 0 || w >= 1) throw new ValidationError('smoothing', 'must be in [0, 1)');
  return w;
}

function span(v: unknown): [number, number] {
  const r = array(v, 'xRange', finiteNum, 2);
  if (r.length !== 2 || !(r[0]! < r[1]!)) throw new ValidationError('xRange', 'expected [low, high] with low < high');
  return [r[0]!, r[1]!];
}

function fileName(v: unknown): string {
  const name = str(v, 'name');
  if (!/^[\w.\- ]{1,100}$/.test(name)) throw new ValidationError('name', 'expected a plain file name');
  return name;
}

export function parseToWebview(v: unknown): ToWebview {
  const o = header(v);
  const type = oneOf(o.type, ['show', 'export', 'progress', 'problem', 'saved', 'series'], 'type');
  switch (type) {
    case 'show': {
      const m: ShowMessage = { v: 1, type, figure: parseFigure(o.figure) };
      if (o.alternatives !== undefined) m.alternatives = alternatives(o.alternatives);
      if (o.info !== undefined) m.info = info(o.info);
      if (o.origin !== undefined) m.origin = record(o.origin, 'origin');
      if (o.tags !== undefined) m.tags = tagChoice(o.tags);
      return m;
    }
    case 'export':
      return { v: 1, type, format: oneOf(o.format, EXPORT_FORMATS, 'format') };
    case 'saved':
      return { v: 1, type, path: str(o.path, 'path') };
    case 'series':
      return {
        v: 1, type, series: array(o.series, 'series', (e, p) => {
          const r = record(e, p);
          return { index: index(r.index, `${p}.index`), series: parseCurveSeries(r.series, `${p}.series`) };
        }, 100_000),
      };
    default:
      return { v: 1, type, message: str(o.message, 'message') };
  }
}

export function parseToHost(v: unknown): ToHost {
  const o = header(v);
  const type = oneOf(o.type, ['ready', 'save', 'recompute', 'rendered', 'problem', 'tags', 'view', 'exportData'], 'type');
  switch (type) {
    case 'ready':
      return { v: 1, type };
    case 'view':
      return { v: 1, type, smoothing: weight(o.smoothing), xAxis: oneOf(o.xAxis, CURVES_X_AXES, 'xAxis'), xRange: o.xRange === null ? null : span(o.xRange) };
    case 'exportData':
      return { v: 1, type, format: oneOf(o.format, ['csv', 'json'], 'format'), smoothing: weight(o.smoothing), name: fileName(o.name) };
    case 'save': {
      const format = oneOf(o.format, EXPORT_FORMATS, 'format');
      const data = str(o.data, 'data');
      if ((format === 'png' || format === 'svg') && !data.startsWith(`data:image/${format === 'png' ? 'png' : 'svg+xml'}`)) {
        throw new ValidationError('data', `expected a data:image/${format} URL`);
      }
      return { v: 1, type, format, data, name: fileName(o.name) };
    }
    case 'recompute': {
      const grid = num(o.grid, 'grid');
      if (!Number.isInteger(grid) || grid < 3 || grid > 201) throw new ValidationError('grid', 'expected an integer from 3 to 201');
      return { v: 1, type, grid, directions: oneOf(o.directions, ['pca', 'random'], 'directions') };
    }
    case 'rendered': {
      const m: RenderedMessage = { v: 1, type, kind: oneOf(o.kind, ['curves', 'landscape', 'explorer'], 'kind'), traces: num(o.traces, 'traces'), theme: str(o.theme, 'theme') };
      if (o.points !== undefined) m.points = num(o.points, 'points');
      return m;
    }
    case 'problem':
      return { v: 1, type, message: str(o.message, 'message').slice(0, MAX_TEXT * 10) };
    case 'tags':
      return { v: 1, type, tags: array(o.tags, 'tags', str, MAX_TAGS) };
  }
}

export function parsePanelState(v: unknown): PanelState {
  const o = header(v);
  const s: PanelState = { v: 1, kind: oneOf(o.kind, PANEL_KINDS, 'kind'), figure: parseFigure(o.figure) };
  if (o.alternatives !== undefined) s.alternatives = alternatives(o.alternatives);
  if (o.info !== undefined) s.info = info(o.info);
  if (o.origin !== undefined) s.origin = record(o.origin, 'origin');
  if (o.view !== undefined) s.view = record(o.view, 'view');
  return s;
}
