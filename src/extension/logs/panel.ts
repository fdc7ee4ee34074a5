/** The curves panel for training runs: the shown runs × the chosen tags (those matching "loss" by
 *  default), coloured by run, their anomalies found here and sent along, redrawn as runs grow. */
import * as vscode from 'vscode';
import { splitOf } from '../../engine/logs/anomalies';
import type { CurveSeries, CurvesFigure } from '../../protocol/figure';
import { PanelHost } from '../panels/host';
import type { LogStore, RunEntry } from './store';

const DEFAULT_TAGS = /loss/i;
/** Live redraws at most this often: a run written every few ms still redraws within a second. */
const REDRAW_MS = 250;

export class RunsPanel {
  private host: PanelHost | undefined;
  private chosen: string[] | undefined;
  private focusStep: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly store: LogStore) {
    context.subscriptions.push(store.onDidChange(() => this.scheduleRedraw()));
  }

  get panel(): PanelHost | undefined {
    return this.host;
  }

  /** Opens (or reveals) the panel; `tag` adds a tag to those drawn, `step` centres the view on it. */
  show(options: { tag?: string; step?: number } = {}): PanelHost {
    if (options.tag && this.chosen && !this.chosen.includes(options.tag)) this.chosen = [...this.chosen, options.tag];
    else if (options.tag && !this.chosen) this.chosen = [...new Set([...this.defaultTags(), options.tag])];
    this.focusStep = options.step;
    if (!this.host) {
      this.host = PanelHost.create('curves', this.context, {
        onTags: (_host, tags) => {
          this.chosen = tags;
          this.redraw();
        },
        onDispose: () => {
          this.host = undefined;
        },
      });
    } else {
      this.host.panel.reveal(undefined, true);
    }
    this.redraw();
    return this.host;
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

  redraw(): void {
    if (!this.host) return;
    const runs = this.store.shownRuns();
    const all = this.allTags(runs);
    const tags = (this.chosen ?? this.defaultTags()).filter((t) => all.includes(t));
    const figure = runsFigure(runs, tags, this.focusStep);
    this.host.show({ figure, tags: { all, shown: tags }, origin: { logs: true } });
  }
}

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
