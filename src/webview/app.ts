/** The panel page: draws the figure the host sends (or the one restored from state), offers the
 *  controls of its kind, follows the VS Code theme and exports through the host's save dialog. */
import * as l10n from '@vscode/l10n';
import { LOSSES, getLoss } from '../engine/catalog';
import { buildCurves, defaultCurvesView, isClock, type CurvesView } from '../plot/curves';
import { buildExplorer } from '../plot/explorer';
import { figureCsv, figureJson } from '../plot/exportData';
import { explorerDefaults } from '../plot/explorerData';
import { buildLandscape, defaultLandscapeView, type LandscapeView } from '../plot/landscape';
import { Plotly } from '../plot/plotly';
import { drawSpec, figureImage, observeTheme, readTheme } from '../plot/render';
import type { PlotSpec } from '../plot/spec';
import type { CurvesFigure, ExplorerFigure, Figure } from '../protocol/figure';
import { MAX_PLOT_WIDTH, PLOT_WIDTH_STEP, parsePanelState, parseToWebview, type Alternative, type ExportFormat, type PanelState, type TagChoice, type ToHost, type ToWebview } from '../protocol/panel';
import { button, checkbox, el, multiSelect, numberInput, select, slider } from './controls';
import { DrawQueue } from './drawQueue';
import { HostChannel } from './hostChannel';
import { vscodeApi } from './vscodeApi';

interface View {
  curves?: Partial<CurvesView>;
  landscape?: Partial<LandscapeView>;
  /** -1: the main figure; otherwise an index into alternatives. */
  shown?: number;
  grid?: number;
  directions?: 'pca' | 'random';
}

interface Page {
  controls: HTMLElement;
  plot: HTMLElement;
  info: HTMLElement;
  status: HTMLElement;
}

export class PanelApp {
  private state: PanelState | undefined;
  private view: View = {};
  private readonly drawQueue = new DrawQueue(() => this.draw(this.shownFigure()), (problem) => this.report(problem));
  /** The notes above the plot at the last draw: when they change, the plot's height does. */
  private drawnNotes = '';
  /** Training logs: the tags to choose from (the host draws the chosen ones). */
  private tags: TagChoice | undefined;
  /** Training logs: the zoomed-in x span the host decimates for (null: all of it). */
  private xRange: [number, number] | null = null;
  /** Training logs: the plot width last told to the host (it decimates to no more columns). */
  private plotWidth: number | undefined;
  private zoomWatched = false;

  private readonly host: HostChannel<ToWebview, ToHost>;

  constructor(private readonly page: Page) {
    this.host = new HostChannel(page.status, parseToWebview);
  }

  start(): void {
    const saved = this.host.listen((m) => this.onMessage(m), parsePanelState);
    if (saved) {
      this.state = saved;
      this.view = (saved.view ?? {}) as View;
      this.rebuild();
    }
    observeTheme(() => this.redraw());
    window.addEventListener('resize', () => this.followWidth());
    this.post({ v: 1, type: 'ready' });
    // A restored panel of runs: the host starts from its defaults, the viewer's choices are here.
    if (this.isLogs()) this.postView();
  }

  private post(m: ToHost): void {
    this.host.post(m);
  }

  private report(message: string): void {
    this.host.report(message);
  }

  private onMessage(m: ToWebview): void {
    switch (m.type) {
      case 'show': {
        const sameKind = this.state?.figure.kind === m.figure.kind;
        this.state = {
          v: 1, kind: m.figure.kind, figure: m.figure,
          ...(m.alternatives ? { alternatives: m.alternatives } : {}), ...(m.info ? { info: m.info } : {}), ...(m.origin ? { origin: m.origin } : {}),
        };
        if (!sameKind) this.view = {};
        this.view.shown = -1;
        this.tags = m.tags;
        this.page.status.textContent = '';
        this.rebuild();
        return;
      }
      case 'series':
        this.replaceSeries(m.series);
        return;
      case 'export':
        void this.export(m.format);
        return;
      case 'progress':
        this.page.status.textContent = m.message;
        return;
      case 'problem':
        this.page.status.textContent = m.message;
        return;
      case 'saved':
        this.page.status.textContent = l10n.t('Saved {0}', m.path);
        return;
    }
  }

  /** A panel of training runs: the host holds every point and decimates for the view. */
  private isLogs(): boolean {
    return this.state?.origin?.logs === true && this.state.figure.kind === 'curves';
  }

  private curvesView(figure: CurvesFigure): CurvesView {
    return { ...defaultCurvesView(figure), ...this.view.curves };
  }

  private postView(): void {
    const figure = this.state!.figure as CurvesFigure;
    const v = this.curvesView(figure);
    this.post({ v: 1, type: 'view', smoothing: v.smoothing, xAxis: v.xAxis, xRange: this.xRange, ...(this.plotWidth === undefined ? {} : { width: this.plotWidth }) });
  }

  /** Training logs: tells the host the plot's width when it changes by a step of PLOT_WIDTH_STEP. */
  private followWidth(): void {
    if (!this.isLogs()) return;
    const pixels = this.page.plot.clientWidth;
    if (pixels <= 0) return;
    const width = Math.min(MAX_PLOT_WIDTH, Math.ceil(pixels / PLOT_WIDTH_STEP) * PLOT_WIDTH_STEP);
    if (width === this.plotWidth) return;
    this.plotWidth = width;
    this.postView();
  }

  /** New decimations of some series (a live run grew, the view zoomed): the others stay as drawn. */
  private replaceSeries(updates: { index: number; series: CurvesFigure['series'][number] }[]): void {
    const figure = this.state?.figure;
    if (figure?.kind !== 'curves') return;
    const series = [...figure.series];
    for (const u of updates) {
      if (u.index >= series.length) {
        this.report(`ignored an update of series ${u.index}: the figure has ${series.length}`);
        return;
      }
      series[u.index] = u.series;
    }
    this.state = { ...this.state!, figure: { ...figure, series } };
    this.redraw();
  }

  /** Zooming a panel of runs asks the host for the points of the new x span. */
  private watchZoom(): void {
    if (this.zoomWatched) return;
    const plot = this.page.plot as unknown as { on?(event: string, f: (e: Record<string, unknown>) => void): void };
    if (!plot.on) return;
    this.zoomWatched = true;
    plot.on('plotly_relayout', (e) => {
      if (!this.isLogs()) return;
      let range: [unknown, unknown] | null | undefined;
      if (e['xaxis.autorange'] === true) range = null;
      else if (Array.isArray(e['xaxis.range'])) range = [e['xaxis.range'][0], e['xaxis.range'][1]];
      else if ('xaxis.range[0]' in e && 'xaxis.range[1]' in e) range = [e['xaxis.range[0]'], e['xaxis.range[1]']];
      if (range === undefined) return;
      const clock = this.curvesView(this.state!.figure as CurvesFigure).xAxis === 'wall' && isClock(this.state!.figure as CurvesFigure);
      // Dates (a wall-clock axis) come as text or ms; the host's wall time is in seconds.
      const data = (v: unknown): number => (typeof v === 'string' ? Date.parse(`${v.replace(' ', 'T')}Z`) / 1000 : clock ? Number(v) / 1000 : Number(v));
      const span = range && ([data(range[0]), data(range[1])] as [number, number]);
      this.xRange = span && Number.isFinite(span[0]) && Number.isFinite(span[1]) && span[0] < span[1] ? span : null;
      this.postView();
    });
  }

  private shownFigure(): Figure {
    const s = this.state!;
    const i = this.view.shown ?? -1;
    return i >= 0 && s.alternatives?.[i] ? s.alternatives[i]!.figure : s.figure;
  }

  /** New figure: rebuild the toolbar, then draw. */
  private rebuild(): void {
    this.page.controls.replaceChildren(...this.toolbar());
    this.redraw();
  }

  private redraw(): void {
    if (this.state) this.drawQueue.request();
  }

  private async draw(figure: Figure): Promise<void> {
    const theme = readTheme();
    const lines: string[] = [...(this.state!.info ?? [])];
    let spec: PlotSpec;
    if (figure.kind === 'curves') {
      const plot = buildCurves(figure, theme, { ...defaultCurvesView(figure), ...this.view.curves });
      for (const s of plot.anomalies) for (const a of s.anomalies) lines.push(`${s.series}: ${a.explanation}`);
      spec = plot;
    } else if (figure.kind === 'landscape') {
      spec = buildLandscape(figure, theme, { ...defaultLandscapeView(figure), ...this.view.landscape });
    } else {
      const plot = buildExplorer(figure, theme);
      for (const s of plot.computed.series) if (s.note) lines.push(`${s.title}: drawn with ${s.note}.`);
      spec = plot;
    }
    // Notes first: they take their height from the page before the plot takes the rest.
    this.page.info.replaceChildren(...lines.map((l) => el('li', {}, l)));
    const how = await drawSpec(this.page.plot, { data: spec.data, layout: { ...spec.layout, autosize: true } });
    this.watchZoom();
    // Fit the plot to the space the notes leave, unless only its data changed under the same notes.
    const notes = lines.join('\n');
    if (how === 'react' || notes !== this.drawnNotes) Plotly.Plots.resize(this.page.plot);
    this.drawnNotes = notes;
    vscodeApi().setState({ ...this.state, view: this.view });
    const points = figure.kind === 'curves' ? figure.series.reduce((n, c) => n + (c.total ?? c.values.length), 0) : undefined;
    this.post({ v: 1, type: 'rendered', kind: figure.kind, traces: spec.data.length, theme: theme.kind, ...(points === undefined ? {} : { points }) });
    this.followWidth();
  }

  private setView(change: Partial<View>): void {
    this.view = { ...this.view, ...change };
    this.redraw();
  }

  private toolbar(): HTMLElement[] {
    const s = this.state!;
    const parts: HTMLElement[] = [];
    if (s.figure.kind === 'curves') parts.push(...this.curvesControls(s.figure));
    if (s.figure.kind === 'landscape') parts.push(...this.landscapeControls(s.alternatives ?? []));
    if (s.figure.kind === 'explorer') parts.push(...this.explorerControls(s.figure));
    parts.push(this.exportControls());
    return parts;
  }

  private curvesControls(figure: Extract<Figure, { kind: 'curves' }>): HTMLElement[] {
    const v = { ...defaultCurvesView(figure), ...this.view.curves };
    const curves = (c: Partial<CurvesView>): void => {
      this.setView({ curves: { ...this.view.curves, ...c } });
      if (!this.isLogs() || (c.smoothing === undefined && c.xAxis === undefined)) return;
      // Another x axis has other units: the zoomed span does not carry over.
      if (c.xAxis !== undefined) this.xRange = null;
      this.postView();
    };
    const hasWall = figure.series.some((s) => s.wallTime);
    const tags = this.tags;
    return [
      ...(tags ? [multiSelect(l10n.t('Tags'), tags.shown, tags.all, (chosen) => this.post({ v: 1, type: 'tags', tags: chosen }))] : []),
      slider(l10n.t('Smoothing'), v.smoothing, { min: 0, max: 0.99, step: 0.01 }, (smoothing) => curves({ smoothing })),
      checkbox(l10n.t('Log y'), v.logY, (logY) => curves({ logY })),
      checkbox(l10n.t('Ignore outliers'), v.ignoreOutliers, (ignoreOutliers) => curves({ ignoreOutliers })),
      select(l10n.t('x axis'), v.xAxis, [
        { value: 'step', label: l10n.t('Step') },
        { value: 'relative', label: l10n.t('Relative time'), disabled: !hasWall },
        { value: 'wall', label: l10n.t('Wall time'), disabled: !hasWall },
      ], (xAxis) => curves({ xAxis })),
    ];
  }

  private landscapeControls(alternatives: Alternative[]): HTMLElement[] {
    const figure = this.state!.figure as Extract<Figure, { kind: 'landscape' }>;
    const v = { ...defaultLandscapeView(figure), ...this.view.landscape };
    const landscape = (c: Partial<LandscapeView>): void => this.setView({ landscape: { ...this.view.landscape, ...c } });
    const parts = [
      select(l10n.t('View'), v.view, [
        { value: 'contour', label: l10n.t('Contour'), disabled: figure.y === undefined },
        { value: 'surface', label: l10n.t('3-D surface'), disabled: figure.y === undefined },
        { value: 'line', label: l10n.t('Line') },
      ], (view) => landscape({ view })),
      checkbox(l10n.t('Log loss'), v.logZ, (logZ) => landscape({ logZ })),
    ];
    if (alternatives.length > 0) {
      parts.push(select(l10n.t('Show'), String(this.view.shown ?? -1), [
        { value: '-1', label: figure.title ?? l10n.t('Landscape') },
        ...alternatives.map((a, i) => ({ value: String(i), label: a.label })),
      ], (shown) => this.setView({ shown: Number(shown) })));
    }
    // A figure from a notebook has no origin to train again from: no recompute controls.
    if (!this.state!.origin) return parts;
    const grid = this.view.grid ?? figure.x.length;
    const directions = this.view.directions ?? 'pca';
    parts.push(
      select(l10n.t('Grid'), String(grid), ['21', '51', '101'].map((g) => ({ value: g, label: `${g}×${g}` })), (g) => (this.view.grid = Number(g))),
      select(l10n.t('Directions'), directions, [{ value: 'pca', label: l10n.t('Optimiser path (PCA)') }, { value: 'random', label: l10n.t('Random, filter-normalised') }], (d) => (this.view.directions = d)),
      el('div', { class: 'control' }, button(l10n.t('Recompute'), () => {
        this.page.status.textContent = l10n.t('Computing…');
        this.post({ v: 1, type: 'recompute', grid: this.view.grid ?? figure.x.length, directions: this.view.directions ?? 'pca' });
      }, l10n.t('Train again and compute the landscape with these settings'))),
    );
    return parts;
  }

  private explorerControls(figure: ExplorerFigure): HTMLElement[] {
    const update = (change: (f: ExplorerFigure) => ExplorerFigure, rebuild = false): void => {
      this.state = { ...this.state!, figure: change(this.state!.figure as ExplorerFigure) };
      if (rebuild) this.rebuild();
      else this.redraw();
    };
    const parts: HTMLElement[] = [];
    figure.losses.forEach((l, index) => {
      const spec = getLoss(l.id);
      const box = el('fieldset', { class: 'loss' }, el('legend', {}, spec?.title ?? l.id));
      for (const o of spec?.options ?? []) {
        if (!o.tunable) continue;
        const current = l.options?.[o.name];
        const value = typeof current === 'number' ? current : typeof o.default === 'number' ? o.default : o.tunable.min;
        box.append(slider(o.name, value, o.tunable, (x) => update((f) => ({
          ...f, losses: f.losses.map((m, i) => (i === index ? { ...m, options: { ...m.options, [o.name]: x } } : m)),
        })), o.name));
      }
      if (figure.losses.length > 1) {
        box.append(button(l10n.t('Remove'), () => update((f) => ({ ...f, losses: f.losses.filter((_, i) => i !== index) }), true), l10n.t('Remove {0}', spec?.title ?? l.id)));
      }
      parts.push(box);
    });
    parts.push(select(l10n.t('Add loss'), '', [{ value: '', label: l10n.t('Choose…') }, ...LOSSES.map((l) => ({ value: l.id, label: l.title }))], (id) => {
      if (id) update((f) => ({ ...f, losses: [...f.losses, { id }] }), true);
    }));
    // The target drawn when the figure names none is the first loss's usual one (1 for binary labels).
    // A measured curve (a user's own loss) was computed for one target: moving it would misalign them.
    const shownTarget = figure.target ?? explorerDefaults(figure.losses).target;
    if (!figure.measured) {
      parts.push(numberInput(l10n.t('Target'), shownTarget, (target) => update((f) => ({
        ...f, target,
        // A prediction range set around the old target moves with it.
        ...(f.range ? { range: [f.range[0] + target - shownTarget, f.range[1] + target - shownTarget] as [number, number] } : {}),
      }))));
    }
    parts.push(checkbox(l10n.t('Gradient'), figure.showGradient ?? true, (showGradient) => update((f) => ({ ...f, showGradient }))));
    return parts;
  }

  private exportControls(): HTMLElement {
    const box = el('div', { class: 'control export', role: 'group', 'aria-label': l10n.t('Export') });
    for (const format of ['png', 'svg', 'csv', 'json'] as const) {
      box.append(button(format.toUpperCase(), () => void this.export(format), format === 'png' || format === 'svg' ? l10n.t('Export the plot as {0}', format.toUpperCase()) : l10n.t('Export the data as {0}', format.toUpperCase())));
    }
    return box;
  }

  private async export(format: ExportFormat): Promise<void> {
    if (!this.state) return;
    const figure = this.shownFigure();
    const name = `losslab-${figure.kind}.${format}`;
    try {
      let data: string;
      if (this.isLogs() && (format === 'csv' || format === 'json')) {
        // The page holds a decimation: the host exports every point.
        this.post({ v: 1, type: 'exportData', format, smoothing: format === 'csv' ? this.curvesView(figure as CurvesFigure).smoothing : 0, name });
        return;
      }
      if (format === 'png' || format === 'svg') data = await figureImage(this.page.plot, format);
      else if (format === 'csv') data = figureCsv(figure, figure.kind === 'curves' ? { ...defaultCurvesView(figure), ...this.view.curves }.smoothing : 0);
      else data = figureJson(figure);
      this.post({ v: 1, type: 'save', format, data, name });
    } catch (e) {
      this.report(`export failed: ${(e as Error).message}`);
    }
  }
}
