/** Live runs: ONE notification per run and kind when a run that is being written turns NaN/inf,
 *  diverges or spikes (with a button that opens the curves at that step), and a status-bar item
 *  while watched runs are live. */
import * as vscode from 'vscode';
import type { LogAnomaly, LogAnomalyKind } from '../../engine/logs/anomalies';
import { LIVE_MS, isWarning, type LogStore, type RunEntry } from './store';


export interface LiveAlert {
  run: string;
  tag: string;
  kind: LogAnomalyKind;
  step: number;
  message: string;
}

/** "train/loss became NaN at step 12,345 in runs/exp3" */
export function alertMessage(entry: RunEntry, tag: string, a: LogAnomaly): string {
  const value = entry.log.scalars.get(tag)?.value[a.index] ?? NaN;
  const step = a.step.toLocaleString('en-US');
  switch (a.kind) {
    case 'nan': return vscode.l10n.t('{0} became NaN at step {1} in {2}', tag, step, entry.label);
    case 'inf': return vscode.l10n.t('{0} became {1} at step {2} in {3}', tag, value > 0 ? '+inf' : '-inf', step, entry.label);
    case 'divergence': return vscode.l10n.t('{0} is diverging ({1}) at step {2} in {3}', tag, value.toPrecision(4), step, entry.label);
    default: return vscode.l10n.t('{0} spiked to {1} at step {2} in {3}', tag, value.toPrecision(4), step, entry.label);
  }
}

export class LiveMonitor implements vscode.Disposable {
  private readonly told = new Set<string>();
  /** Every notification shown, for the inspect command used by tests. */
  readonly alerts: LiveAlert[] = [];
  private readonly status = vscode.window.createStatusBarItem('losslab.liveRuns', vscode.StatusBarAlignment.Left, 10);
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly store: LogStore, private readonly open: (run: string, tag: string, step: number) => void) {
    this.status.name = vscode.l10n.t('Loss Lab live runs');
    this.status.command = 'losslab.runs.focus';
    store.onDidChange((entries) => {
      for (const e of entries) this.check(e);
      this.updateStatus();
    });
    // A run stops being live some time after its last write, without any event.
    this.timer = setInterval(() => this.updateStatus(), LIVE_MS / 4);
  }

  private check(entry: RunEntry): void {
    if (!this.store.isLive(entry)) return;
    for (const [tag, found] of entry.anomalies) {
      const before = entry.previousLength.get(tag) ?? 0;
      for (const a of found) {
        if (a.index < before || !isWarning(tag, a.kind)) continue;
        const key = `${entry.id}\u0000${a.kind}`;
        if (this.told.has(key)) continue;
        this.told.add(key);
        const message = alertMessage(entry, tag, a);
        this.alerts.push({ run: entry.id, tag, kind: a.kind, step: a.step, message });
        const show = a.kind === 'spike' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
        void show(vscode.l10n.t('Loss Lab: {0}', message), vscode.l10n.t('Show Curves')).then((choice) => {
          if (choice) this.open(entry.id, tag, a.step);
        });
      }
    }
  }

  private updateStatus(): void {
    const live = [...this.store.runs.values()].filter((e) => this.store.isLive(e));
    if (live.length === 0) {
      this.status.hide();
      return;
    }
    this.status.text = live.length === 1 ? vscode.l10n.t('$(pulse) 1 live run') : vscode.l10n.t('$(pulse) {0} live runs', live.length);
    this.status.tooltip = vscode.l10n.t('Loss Lab is following {0}', live.map((e) => e.label).join(', '));
    this.status.show();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.status.dispose();
  }
}
