/** The sweep panel on the extension side, hosted like every panel by WebviewHost: opens when a
 *  sweep starts, follows `sweepEvents` and posts throttled deltas to its page; "Show Sweep Results" opens it on a stored sweep; restored
 *  after a reload from the page's state. Hidden commands inspect and steer it for tests. */
import * as vscode from 'vscode';
import type { Task } from '../../engine/data/dataset';
import {
  parseSweepPanelState, parseSweepToHost, parseToSweepWebview, type SweepRenderedMessage, type SweepSnapshot, type SweepToHost, type SweepView, type ToSweepWebview,
} from '../../protocol/sweepPanel';
import { waitOnly } from '../panels/pageChannel';
import { registerPanelRestore, WebviewHost } from '../panels/webviewHost';
import { sweepEvents, type SweepEvent } from './events';
import { LiveSweep, snapshotFromStored } from './panelModel';
import { listSweeps, loadLatestSweep, loadSweep, sweepFolder, type StoredSweep } from './storage';
import { bestRun } from './summary';
import { errorText, log } from '../log';
import { isRecord } from '../../protocol/validate';
import { COMMANDS, INTERNAL_COMMANDS } from '../commandIds';

export const SWEEP_VIEW_TYPE = 'losslab.sweep';
/** At most this often a running sweep's new points reach the page. */
const POST_INTERVAL_MS = 250;

const open = new Set<SweepPanel>();

/** Cancels one run of a running sweep (the table's Cancel button); set by registerSweepPanel. */
export type CancelRun = (sweepId: string, index: number) => void;
let cancelRun: CancelRun = () => undefined;

class SweepPanel {
  private readonly page: WebviewHost<ToSweepWebview, SweepToHost>;
  private live: LiveSweep | undefined;
  private snapshot: SweepSnapshot | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  lastRendered: SweepRenderedMessage | undefined;

  constructor(readonly panel: vscode.WebviewPanel, context: vscode.ExtensionContext) {
    this.page = new WebviewHost(panel, context, {
      app: 'sweep',
      title: sweepPanelTitle(),
      name: 'sweep panel',
      parse: parseSweepToHost,
      onMessage: (m) => this.onMessage(m),
      // A (re)loaded page starts from the whole snapshot, which holds every delta so far.
      onReady: () => {
        this.live?.clearUpdate();
        if (this.snapshot) this.page.post({ v: 1, type: 'sweep', sweep: this.snapshot });
      },
      // Before the page is ready only view requests wait; it gets the whole snapshot when ready.
      whileLoading: waitOnly(['view']),
      onDispose: () => this.dispose(),
    });
    open.add(this);
  }

  get busy(): boolean {
    return this.live !== undefined && !this.live.snapshot.finished;
  }

  /** Follow a sweep that just started. */
  follow(start: Extract<SweepEvent, { type: 'start' }>): void {
    this.live = new LiveSweep(start);
    this.showSnapshot(this.live.snapshot);
  }

  onSweepEvent(e: SweepEvent): void {
    if (!this.live?.apply(e)) return;
    if (e.type === 'done') this.flush();
    else this.timer ??= setTimeout(() => this.flush(), POST_INTERVAL_MS);
  }

  /** A finished sweep from storage or a restored page: nothing more will come. */
  showStatic(s: SweepSnapshot): void {
    this.live = undefined;
    this.showSnapshot(s);
  }

  private showSnapshot(s: SweepSnapshot): void {
    this.snapshot = s;
    this.panel.title = vscode.l10n.t('Loss Lab Sweep: {0}', s.title).slice(0, 80);
    this.live?.clearUpdate();
    this.page.post({ v: 1, type: 'sweep', sweep: s });
  }

  setView(view: Partial<SweepView>): void {
    this.page.post(parseToSweepWebview({ v: 1, type: 'view', view }));
  }

  get sweepId(): string | undefined {
    return this.snapshot?.sweepId;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Before the page is ready it will get the whole snapshot anyway.
    if (!this.live?.hasUpdate || !this.page.isReady) return;
    this.page.post(this.live.takeUpdate());
  }

  private onMessage(m: Exclude<SweepToHost, { type: 'ready' | 'problem' }>): void {
    if (m.type === 'sweep-rendered') {
      this.lastRendered = m;
    } else if (m.type === 'cancel-run' && this.busy && m.sweepId === this.live?.snapshot.sweepId) {
      cancelRun(m.sweepId, m.index);
    }
  }

  private dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    open.delete(this);
  }
}

function createPanel(context: vscode.ExtensionContext): SweepPanel {
  const idle = [...open].reverse().find((p) => !p.busy);
  if (idle) {
    idle.panel.reveal(undefined, true);
    return idle;
  }
  return new SweepPanel(WebviewHost.createPanel(context, SWEEP_VIEW_TYPE, sweepPanelTitle(), true), context);
}

/** The best run of a stored sweep, by the same rule as a live one. */
function storedBest(s: StoredSweep): number {
  return bestRun(s.task as Task, s.report.runs);
}

/** A page restored after a reload whose sweep was still running: that sweep is gone. */
function interrupted(s: SweepSnapshot): SweepSnapshot {
  if (s.finished) return s;
  return {
    ...s, finished: true, cancelled: true,
    runs: s.runs.map((r) => (r.status === 'queued' || r.status === 'running' ? { ...r, status: 'failed', error: vscode.l10n.t('interrupted: the window was reloaded') } : r)),
  };
}

function sweepPanelTitle(): string {
  return vscode.l10n.t('Loss Lab: Sweep');
}

/** What the sweep commands say when no sweep has been stored. */
export function noSweepsYet(): string {
  return vscode.l10n.t('Loss Lab: no sweep results yet. Run "Loss Lab: Run Sweep" first.');
}

/** Every stored sweep, newest first, to pick one from; undefined when dismissed. */
async function pickStored(context: vscode.ExtensionContext, ids: string[]): Promise<StoredSweep | undefined> {
  const items = await Promise.all([...ids].reverse().map(async (id) => {
    try {
      const s = await loadSweep(context, id);
      const when = new Date(s.created).toLocaleString();
      const runs = vscode.l10n.t('{0} · {1} runs', when, s.report.runs.length);
      return { label: s.title, description: s.cancelled ? vscode.l10n.t('{0} · cancelled', runs) : runs, sweep: s };
    } catch (e) {
      return { label: id, description: vscode.l10n.t('unreadable'), detail: errorText(e), sweep: undefined };
    }
  }));
  const picked = await vscode.window.showQuickPick(items.filter((i) => i.sweep), { placeHolder: vscode.l10n.t('Sweep results to show (newest first)'), matchOnDescription: true });
  return picked?.sweep;
}

/** Shows a stored sweep: `{sweepId}`, `{latest: true}` (the newest that reads back whole), or, from
 *  the palette with several stored, the one picked. */
async function showStored(context: vscode.ExtensionContext, arg: unknown): Promise<vscode.WebviewPanel | undefined> {
  const a = isRecord(arg) ? arg : {};
  const ids = await listSweeps(context);
  if (ids.length === 0) {
    void vscode.window.showInformationMessage(noSweepsYet());
    return undefined;
  }
  let stored: StoredSweep | undefined;
  try {
    if (typeof a.sweepId === 'string') stored = await loadSweep(context, a.sweepId);
    else if (a.latest === true || ids.length === 1) {
      const latest = await loadLatestSweep(context, ids);
      if (latest && latest.skipped.length > 0) {
        void vscode.window.showWarningMessage(latest.skipped.length === 1
          ? vscode.l10n.t('Loss Lab: the newest stored sweep is unreadable (see the Loss Lab log); showing {0}.', latest.sweep.title)
          : vscode.l10n.t('Loss Lab: {0} newer stored sweeps are unreadable (see the Loss Lab log); showing {1}.', latest.skipped.length, latest.sweep.title));
      }
      stored = latest?.sweep;
    } else stored = await pickStored(context, ids);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Loss Lab: cannot show the sweep: {0}', errorText(e)));
    return undefined;
  }
  if (!stored) return undefined;
  const host = createPanel(context);
  host.showStatic(snapshotFromStored(stored, storedBest(stored)));
  return host.panel;
}

/** The sweep shown in the active sweep panel (its title-bar actions act on it). */
export function activeSweepPanelId(): string | undefined {
  return [...open].find((p) => p.panel.active)?.sweepId;
}

/** Opens a stored sweep in a sweep panel. */
export function showStoredSweep(context: vscode.ExtensionContext, sweepId: string): Promise<vscode.WebviewPanel | undefined> {
  return showStored(context, { sweepId });
}

export function registerSweepPanel(context: vscode.ExtensionContext, cancelOneRun: CancelRun): void {
  cancelRun = cancelOneRun;
  context.subscriptions.push(
    sweepEvents((e) => {
      if (e.type === 'start') createPanel(context).follow(e);
      else for (const p of open) p.onSweepEvent(e);
    }),
    registerPanelRestore(SWEEP_VIEW_TYPE, parseSweepPanelState, (panel, state) => new SweepPanel(panel, context).showStatic(interrupted(state.sweep)), (panel, problem) => {
      log().warn(`could not restore a sweep panel: ${errorText(problem)}`);
      panel.dispose();
    }),
    vscode.commands.registerCommand(COMMANDS.sweepShowResults, (arg?: unknown) => showStored(context, arg)),
    // Tests and automation: where sweeps are stored, what each sweep panel last drew, and steering its view.
    vscode.commands.registerCommand(INTERNAL_COMMANDS.sweepStorageFolder, () => sweepFolder(context).fsPath),
    vscode.commands.registerCommand(INTERNAL_COMMANDS.sweepPanelInspect, () => [...open].map((p) => ({
      sweepId: p.sweepId ?? null, title: p.panel.title, visible: p.panel.visible, rendered: p.lastRendered ?? null,
    }))),
    vscode.commands.registerCommand(INTERNAL_COMMANDS.sweepPanelView, (view: Partial<SweepView>) => {
      const target = [...open].pop();
      if (!target) throw new Error('no open sweep panel');
      target.setView(view);
    }),
  );
}
