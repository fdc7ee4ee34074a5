/** The sweep panel page: live training curves per run (coloured by the chosen grouping) over a
 *  sortable results table; follows the VS Code theme; keeps its sweep and view in the page state. */
import * as l10n from '@vscode/l10n';
import { buildCurves, defaultCurvesView } from '../plot/curves';
import { drawSpec, observeTheme, readTheme } from '../plot/render';
import { sweepCurves } from '../plot/sweep';
import {
  GROUP_BYS, parseSweepPanelState, parseToSweepWebview, type SweepPanelState, type SweepSnapshot, type SweepToHost, type SweepUpdateMessage, type SweepView, type ToSweepWebview,
} from '../protocol/sweepPanel';
import { checkbox, el, select, slider } from './controls';
import { DrawQueue } from './drawQueue';
import { SweepTable } from './sweepTable';
import { HostChannel } from './hostChannel';
import { vscodeApi } from './vscodeApi';

interface Page {
  controls: HTMLElement;
  plot: HTMLElement;
  info: HTMLElement;
  status: HTMLElement;
}

/** A function, not a table: translations load when the page starts, after the modules. */
const groupLabel = (g: SweepView['groupBy']): string => ({ loss: l10n.t('Loss'), optimizer: l10n.t('Optimiser'), lr: l10n.t('Learning rate') })[g];

export class SweepApp {
  private sweep: SweepSnapshot | undefined;
  private view: SweepView = { groupBy: 'loss', sort: null };
  private curves = { smoothing: 0.6, logY: true };
  private readonly drawQueue = new DrawQueue(() => this.draw(this.sweep!), (problem) => this.report(problem));
  private readonly table: SweepTable;

  private readonly host: HostChannel<ToSweepWebview, SweepToHost>;

  constructor(private readonly page: Page) {
    this.host = new HostChannel(page.status, parseToSweepWebview);
    this.table = new SweepTable((sort) => this.setView({ sort }), (index) => {
      if (this.sweep) this.post({ v: 1, type: 'cancel-run', sweepId: this.sweep.sweepId, index });
    });
    page.plot.after(this.table.element);
  }

  start(): void {
    const saved = this.host.listen((m) => this.onMessage(m), parseSweepPanelState);
    if (saved) this.restore(saved);
    observeTheme(() => this.redraw());
    this.post({ v: 1, type: 'ready' });
  }

  private restore(s: SweepPanelState): void {
    this.sweep = s.sweep;
    this.view = s.view;
    this.rebuild();
  }

  private post(m: SweepToHost): void {
    this.host.post(m);
  }

  private report(message: string): void {
    this.host.report(message);
  }

  private onMessage(m: ToSweepWebview): void {
    if (m.type === 'sweep') {
      this.sweep = m.sweep;
      this.rebuild();
    } else if (m.type === 'update') {
      if (this.sweep?.sweepId !== m.sweepId) return;
      applyUpdate(this.sweep, m);
      this.redraw();
    } else {
      this.setView(m.view);
    }
  }

  private setView(change: Partial<SweepView>): void {
    this.view = { ...this.view, ...change };
    this.redraw();
  }

  private rebuild(): void {
    this.page.controls.replaceChildren(
      select(l10n.t('Group by'), this.view.groupBy, GROUP_BYS.map((g) => ({ value: g, label: groupLabel(g) })), (groupBy) => this.setView({ groupBy })),
      slider(l10n.t('Smoothing'), this.curves.smoothing, { min: 0, max: 0.99, step: 0.01 }, (smoothing) => {
        this.curves.smoothing = smoothing;
        this.redraw();
      }),
      checkbox(l10n.t('Log y'), this.curves.logY, (logY) => {
        this.curves.logY = logY;
        this.redraw();
      }),
    );
    this.redraw();
  }

  private redraw(): void {
    if (this.sweep) this.drawQueue.request();
  }

  private async draw(s: SweepSnapshot): Promise<void> {
    const theme = readTheme();
    const figure = sweepCurves(s, this.view.groupBy);
    const spec = buildCurves(figure, theme, { ...defaultCurvesView(figure), ...this.curves });
    const order = this.table.render(s, this.view.sort);
    this.page.status.textContent = statusLine(s);
    this.page.info.replaceChildren(...notes(s).map((n) => el('li', {}, n)));
    // The page shows the HTML legend (render.ts); an exported image gets plotly's, and run names are
    // long: horizontal, under the plot, it leaves the curves the full width.
    const legend = { ...spec.layout.legend, orientation: 'h' as const, x: 0, xanchor: 'left' as const, y: -0.22, yanchor: 'top' as const };
    // New points on the same curves are a data-only Plotly.update; anything else a Plotly.react.
    await drawSpec(this.page.plot, { data: spec.data, layout: { ...spec.layout, autosize: true, showlegend: true, legend } });
    vscodeApi().setState({ v: 1, kind: 'sweep', sweep: s, view: this.view } satisfies SweepPanelState);
    this.post({
      v: 1, type: 'sweep-rendered', sweepId: s.sweepId, traces: spec.data.length, curves: s.runs.filter((r) => r.train.length > 0).length,
      rows: order.length, points: s.runs.reduce((n, r) => n + r.train.length, 0),
      valCurves: s.runs.filter((r) => (r.val?.length ?? 0) > 0).length, valPoints: s.runs.reduce((n, r) => n + (r.val?.length ?? 0), 0),
      dashedTraces: spec.data.filter((t) => (t as { line?: { dash?: string } }).line?.dash === 'dash').length, order, table: this.table.texts(), best: s.best, finished: s.finished, view: this.view, theme: theme.kind,
    });
  }
}

function applyUpdate(s: SweepSnapshot, m: SweepUpdateMessage): void {
  for (const a of m.appends) {
    const run = s.runs[a.index];
    if (!run) continue;
    // A new array: the plot layer caches per curve object.
    const train = run.train.slice();
    a.values.forEach((v, i) => (train[a.from + i] = v));
    run.train = train;
  }
  for (const u of m.runs) {
    const run = s.runs[u.index];
    if (!run) continue;
    delete run.error;
    delete run.flag;
    Object.assign(run, u.summary);
    if (u.train) run.train = u.train;
    if (u.val) {
      run.val = u.val;
      if (u.valSteps) run.valSteps = u.valSteps;
      else delete run.valSteps;
    }
  }
  s.best = m.best;
  s.finished = m.finished;
  s.cancelled = m.cancelled;
}

function statusLine(s: SweepSnapshot): string {
  const count = (status: string): number => s.runs.filter((r) => r.status === status).length;
  const done = count('ok') + count('failed');
  const failed = count('failed');
  const cancelled = count('cancelled');
  const head = s.finished ? (s.cancelled ? l10n.t('Cancelled') : l10n.t('Done')) : l10n.t('Running');
  const parts = [l10n.t('{0}: {1}/{2} runs finished', head, done, s.runs.length)];
  if (failed) parts.push(l10n.t('{0} failed', failed));
  if (cancelled) parts.push(l10n.t('{0} cancelled', cancelled));
  return `${parts.join(', ')}.`;
}

function notes(s: SweepSnapshot): string[] {
  const out: string[] = [];
  const best = s.runs[s.best];
  if (best) out.push(l10n.t('Best run (by {0}): {1} · {2} lr={3} seed={4}.', s.metric.name, best.loss, best.optimizer, best.lr, best.seed));
  const flagged = new Map<string, string>();
  for (const r of s.runs) if (r.flag) flagged.set(r.loss, r.flag);
  for (const [loss, flag] of flagged) out.push(l10n.t('{0}: {1} (it ran anyway; see the hover on the loss for why).', loss, flag));
  return out;
}
