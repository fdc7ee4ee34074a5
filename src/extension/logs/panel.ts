/** The curves panel for training runs: the shown runs × the chosen tags (those matching "loss" by
 *  default), coloured by run, their anomalies found here and sent along. Every point stays in the
 *  store; the page gets a decimation of each series for the span it shows (drawn.ts). When runs
 *  grow, only the series that grew are decimated again and sent; when the page zooms, smooths or
 *  changes its x axis, it says so and gets the series again for that view. */
import * as vscode from 'vscode';
import { splitOf } from '../../engine/logs/anomalies';
import { runColumns } from '../../plot/decimate';
import { figureCsv, figureJson } from '../../plot/exportData';
import type { CurveSeries, CurvesFigure } from '../../protocol/figure';
import type { ExportDataMessage } from '../../protocol/panel';
import { PanelHost, type PanelHandlers } from '../panels/host';
import { DEFAULT_RUNS_VIEW, SeriesDrawing, sameRunsView, type RunsView } from './drawn';
import type { LogStore, RunEntry } from './store';

const DEFAULT_TAGS = /loss/i;
/** Live redraws at most this often: a run written every few ms still redraws within a second. */
const REDRAW_MS = 250;

/** What a restored panel needs to follow its runs again (kept in the page's state as its origin). */
export interface RunsOrigin {
  logs: true;
  /** The folders and files the store had open. */
  roots: string[];
  /** The folder or file last shown on its own. */
  focus?: string;
  tags?: string[];
}

export function parseRunsOrigin(origin: Record<string, unknown> | undefined): RunsOrigin | undefined {
  if (!origin || origin.logs !== true) return undefined;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    logs: true, roots: strings(origin.roots),
    ...(typeof origin.focus === 'string' ? { focus: origin.focus } : {}),
    ...(Array.isArray(origin.tags) ? { tags: strings(origin.tags) } : {}),
  };
}

interface Drawn {
  /** The series' length when it was decimated: a longer one is decimated again (the appended points). */
  length: number;
  /** The view and columns it is drawn for, and what it keeps between appends. */
  drawing: SeriesDrawing;
  series: CurveSeries;
}

interface Pair {
  key: string;
  entry: RunEntry;
  tag: string;
}

export class RunsPanel {
  private host: PanelHost | undefined;
  private chosen: string[] | undefined;
  private focusStep: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private view: RunsView = DEFAULT_RUNS_VIEW;
  /** The page's plot width (pixels), once it has said. */
  private plotWidth: number | undefined;
  private readonly drawn = new Map<string, Drawn>();
  /** The series keys of the figure the page holds, in order; undefined: send a whole figure next. */
  private shownKeys: string[] | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly store: LogStore) {
    context.subscriptions.push(store.onDidChange(() => this.scheduleRedraw()));
  }

  get panel(): PanelHost | undefined {
    return this.host;
  }

  private handlers(): PanelHandlers {
    return {
      onTags: (_host, tags) => {
        this.chosen = tags;
        this.redraw();
      },
      onView: (_host, { width, ...view }) => {
        if (width !== undefined) this.plotWidth = width;
        // A new width alone keeps the view: only series whose columns change are decimated again.
        if (!sameRunsView(view, this.view)) this.view = view;
        this.redraw();
      },
      exportData: (_host, request) => this.exportData(request),
      onDispose: () => {
        this.host = undefined;
        this.shownKeys = undefined;
        this.drawn.clear();
      },
    };
  }

  /** Opens (or reveals) the panel; `tag` adds a tag to those drawn, `step` centres the view on it. */
  show(options: { tag?: string; step?: number } = {}): PanelHost {
    if (options.tag && this.chosen && !this.chosen.includes(options.tag)) this.chosen = [...this.chosen, options.tag];
    else if (options.tag && !this.chosen) this.chosen = [...new Set([...this.defaultTags(), options.tag])];
    // A new focus (or none after one) moves the plot's x range (its uirevision): the host's span follows.
    if (options.step !== this.focusStep) this.view = { ...this.view, xRange: options.step === undefined ? null : this.focusRange(options.step) };
    this.focusStep = options.step;
    this.shownKeys = undefined;
    if (!this.host) {
      this.host = PanelHost.create('curves', this.context, this.handlers());
    } else {
      this.host.panel.reveal(undefined, true);
    }
    this.redraw();
    return this.host;
  }

  /** A curves panel of runs restored after a reload: it follows the store again, with the runs it
   *  showed (`open` reads the roots it had, which discovery may not find again). */
  async restore(panel: vscode.WebviewPanel, origin: RunsOrigin, open: (path: string) => Promise<void>): Promise<void> {
    this.host?.panel.dispose();
    this.host = new PanelHost('curves', panel, this.context, this.handlers());
    if (origin.tags) this.chosen = origin.tags;
    this.shownKeys = undefined;
    for (const root of origin.roots) await open(root).catch(() => undefined);
    if (origin.focus) this.store.focus(origin.focus);
    this.redraw();
  }

  /** The x span the page shows around a step: a tenth of the runs' steps on each side. */
  private focusRange(step: number): [number, number] | null {
    if (this.view.xAxis !== 'step') return null;
    let lo = Infinity;
    let hi = -Infinity;
    for (const { entry, tag } of this.pairs()) {
      const step = entry.log.scalars.get(tag)!.step;
      for (let i = 0; i < step.length; i++) {
        if (step[i]! < lo) lo = step[i]!;
        if (step[i]! > hi) hi = step[i]!;
      }
    }
    const span = lo <= hi ? Math.max(1, (hi - lo) / 10) : 1;
    return [step - span, step + span];
  }

  private allTags(runs: readonly RunEntry[]): string[] {
    return [...new Set(runs.flatMap((r) => [...r.log.scalars.keys()]))].sort();
  }

  private defaultTags(): string[] {
    const all = this.allTags(this.store.shownRuns());
    const loss = all.filter((t) => DEFAULT_TAGS.test(t));
    return loss.length > 0 ? loss : all.slice(0, 1);
  }

  private scheduleRedraw(): void {
    if (!this.host || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.redraw();
    }, REDRAW_MS);
  }

  private tags(): { all: string[]; shown: string[] } {
    const all = this.allTags(this.store.shownRuns());
    return { all, shown: (this.chosen ?? this.defaultTags()).filter((t) => all.includes(t)) };
  }

  private pairs(): Pair[] {
    const tags = this.tags().shown;
    return this.store.shownRuns().flatMap((entry) => tags.filter((tag) => entry.log.scalars.has(tag)).map((tag) => ({ key: `${entry.id}\u0000${tag}`, entry, tag })));
  }

  /** The series of a pair for the current view: the one already sent when neither its run nor the view changed. */
  private seriesOf(p: Pair, name: string, columns: number): { series: CurveSeries; fresh: boolean } {
    const s = p.entry.log.scalars.get(p.tag)!;
    const old = this.drawn.get(p.key);
    const same = old && old.drawing.view === this.view && old.drawing.columns === columns;
    if (same && old.length === s.value.length && old.series.name === name) return { series: old.series, fresh: false };
    const drawing = same ? old.drawing : new SeriesDrawing(this.view, columns);
    const series = drawing.update(s, { name, split: splitOf(p.tag), group: p.entry.id, anomalies: p.entry.anomalies.get(p.tag) ?? [] });
    this.drawn.set(p.key, { length: s.value.length, drawing, series });
    return { series, fresh: true };
  }

  redraw(): void {
    const host = this.host;
    if (!host) return;
    const runs = this.store.shownRuns();
    const tags = this.tags();
    const pairs = this.pairs();
    const columns = runColumns(pairs.length, this.plotWidth);
    const name = (p: Pair): string => (tags.shown.length > 1 || runs.length === 1 ? `${p.entry.label}: ${p.tag}` : p.entry.label);
    const drawn = pairs.map((p) => this.seriesOf(p, name(p), columns));
    const keys = pairs.map((p) => p.key);
    for (const key of this.drawn.keys()) if (!keys.includes(key)) this.drawn.delete(key);
    if (this.shownKeys && this.shownKeys.join('\n') === keys.join('\n')) {
      // The same series as the page holds: send only those decimated again.
      const changed = drawn.flatMap((d, index) => (d.fresh ? [{ index, series: d.series }] : []));
      if (changed.length > 0) host.updateSeries(changed);
      return;
    }
    this.shownKeys = keys;
    const figure: CurvesFigure = {
      version: 1, kind: 'curves', title: runs.length === 1 ? runs[0]!.label : vscode.l10n.t('{0} runs', runs.length), series: drawn.map((d) => d.series),
      smoothing: this.view.smoothing, xAxis: this.view.xAxis, ...(this.focusStep === undefined ? {} : { focusStep: this.focusStep }),
    };
    const origin: RunsOrigin = {
      logs: true, roots: [...this.store.roots.keys()], ...(this.store.focused ? { focus: this.store.focused } : {}), ...(this.chosen ? { tags: this.chosen } : {}),
    };
    host.show({ figure, tags, origin: { ...origin } });
  }

  /** Every point of the series shown (the page holds a decimation), as CSV or a figure JSON. */
  private exportData(request: ExportDataMessage): string {
    const runs = this.store.shownRuns();
    const figure = runsFigure(runs, this.tags().shown);
    return request.format === 'csv' ? figureCsv(figure, request.smoothing) : figureJson(figure);
  }
}

/** The shown runs × tags with every point (exports, the CLI's figure). */
export function runsFigure(runs: readonly RunEntry[], tags: readonly string[], focusStep?: number): CurvesFigure {
  const series: CurveSeries[] = [];
  for (const run of runs) {
    for (const tag of tags) {
      const s = run.log.scalars.get(tag);
      if (!s) continue;
      const c: CurveSeries = {
        name: tags.length > 1 || runs.length === 1 ? `${run.label}: ${tag}` : run.label,
        values: Array.from(s.value),
        steps: Array.from(s.step),
        split: splitOf(tag),
        group: run.id,
        anomalies: (run.anomalies.get(tag) ?? []).map((a) => ({ kind: a.kind === 'nan' || a.kind === 'inf' ? 'nonfinite' : a.kind, at: a.index, explanation: a.message })),
      };
      if (s.wallTime && s.wallTime.every(Number.isFinite)) c.wallTime = Array.from(s.wallTime);
      series.push(c);
    }
  }
  const title = runs.length === 1 ? runs[0]!.label : `${runs.length} runs`;
  return { version: 1, kind: 'curves', title, series, ...(focusStep === undefined ? {} : { focusStep }) };
}
