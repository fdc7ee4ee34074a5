/** The training runs the extension knows: one live watcher per opened or discovered folder/file,
 *  each run's tags with their anomalies (found here, in the extension host, never in the page),
 *  which runs are shown (the tree's checkboxes) and which are live. Reading writes nothing. */
import * as vscode from 'vscode';
import { LiveDetectors } from '../../engine/curves/live';
import { logAnomalies, splitOf, type LogAnomaly } from '../../engine/logs/anomalies';
import type { RunLog, ScalarSeries } from '../../engine/logs/types';
import { LogWatcher, type LogError } from '../../logio/watch';
import type { AnomalyClient } from '../../worker/anomalyClient';
import { errorText, log } from '../log';

/** Whether an anomaly is a warning: NaN/inf in any tag; spikes and divergence only in a loss
 *  (a rising epoch counter or a learning-rate warmup is not a problem). */
export function isWarning(tag: string, kind: LogAnomaly['kind']): boolean {
  if (kind === 'nan' || kind === 'inf') return true;
  return kind !== 'restart' && /loss/i.test(tag);
}

/** Series this long are read for anomalies in the worker (when there is one), not on this thread. */
export const WORKER_POINTS = 200_000;

/** A run is live while its files grew within this time. */
export const LIVE_MS = 60_000;

export interface LogRoot {
  path: string;
  /** Workspace-relative, as the tree and messages show it. */
  label: string;
  watcher: LogWatcher;
  errors: LogError[];
}

export interface RunEntry {
  id: string;
  root: LogRoot;
  log: RunLog;
  /** The run's path as people read it: `runs/exp3`, relative to the workspace. */
  label: string;
  anomalies: Map<string, LogAnomaly[]>;
  /** Points per tag when its anomalies were last looked at (live notifications use it). */
  previousLength: Map<string, number>;
  /** Tags whose anomalies the worker has not answered yet (they show the previous ones meanwhile). */
  awaiting: Set<string>;
}

export class LogStore implements vscode.Disposable {
  readonly roots = new Map<string, LogRoot>();
  readonly runs = new Map<string, RunEntry>();
  private readonly hidden = new Set<string>();
  /** The folder or file last shown on its own: runs found later elsewhere (discovery still
   *  reading, a new run folder) start hidden instead of joining its plot. */
  private focusPath: string | undefined;
  private readonly changed = new vscode.EventEmitter<RunEntry[]>();
  /** One detector per series read on this thread: each update looks again only at what grew. */
  private readonly detectors = new LiveDetectors();

  /** `worker` finds the anomalies of long series off this thread. */
  constructor(private readonly worker?: AnomalyClient) {}
  /** Runs that are new or grew (and the tree's shown set, with an empty list). */
  readonly onDidChange = this.changed.event;

  async open(path: string): Promise<LogRoot> {
    const existing = this.roots.get(path);
    if (existing) return existing;
    // A folder holding folders already open replaces them: each run is read once.
    for (const [inner, old] of this.roots) {
      if (!inner.startsWith(`${path}/`)) continue;
      old.watcher.close();
      this.roots.delete(inner);
      for (const [id, e] of this.runs) if (e.root === old) this.runs.delete(id);
    }
    const label = vscode.workspace.asRelativePath(path, false) || path.slice(path.lastIndexOf('/') + 1);
    const root: LogRoot = { path, label, errors: [], watcher: new LogWatcher(path, { onChange: (runs, errors) => this.update(root, runs, errors) }) };
    this.roots.set(path, root);
    try {
      this.update(root, await root.watcher.start(), []);
    } catch (e) {
      this.roots.delete(path);
      root.watcher.close();
      throw e;
    }
    return root;
  }

  private update(root: LogRoot, runs: RunLog[], errors: LogError[]): void {
    root.errors = [...root.errors.filter((e) => !errors.some((n) => n.path === e.path)), ...errors].slice(-50);
    const entries: RunEntry[] = [];
    for (const log of runs) {
      const id = `${root.path}#${log.run}`;
      const old = this.runs.get(id);
      if (!old && this.focusPath !== undefined && !isUnder(root, log, this.focusPath)) this.hidden.add(id);
      const anomalies = new Map<string, LogAnomaly[]>();
      const heavy: [string, ScalarSeries][] = [];
      for (const [tag, series] of log.scalars) {
        // A tag that did not grow keeps what was found in it: on a live run only the written tags are looked at again.
        const before = old?.log.scalars.get(tag);
        const kept = before && before.step.length === series.step.length && !old!.awaiting.has(tag) ? old!.anomalies.get(tag) : undefined;
        if (kept) anomalies.set(tag, kept);
        else if (this.worker && series.step.length >= WORKER_POINTS) {
          anomalies.set(tag, old?.anomalies.get(tag) ?? []);
          heavy.push([tag, series]);
        } else anomalies.set(tag, this.detect(id, log.run, tag, series));
      }
      const entry: RunEntry = {
        id, root, log, anomalies,
        label: log.run === '.' ? root.label : `${root.label}/${log.run}`,
        // a tag still awaiting the worker was not looked at since the length before it
        previousLength: old ? new Map([...old.log.scalars].map(([t, s]) => [t, old.awaiting.has(t) ? old.previousLength.get(t) ?? 0 : s.step.length])) : new Map(),
        awaiting: new Set(heavy.map(([tag]) => tag)),
      };
      for (const [tag, series] of heavy) this.detectInWorker(entry, tag, series);
      this.runs.set(id, entry);
      entries.push(entry);
    }
    if (entries.length > 0 || errors.length > 0) this.changed.fire(entries);
  }

  /** The folder or file last shown on its own (a restored panel shows it again). */
  get focused(): string | undefined {
    return this.focusPath;
  }

  private detect(id: string, run: string, tag: string, series: ScalarSeries): LogAnomaly[] {
    const found = this.detectors.update(`${id}\u0000${tag}`, splitOf(tag), series.value, series.step, series.restarts);
    return logAnomalies(run, tag, series, found);
  }

  private detectInWorker(entry: RunEntry, tag: string, series: ScalarSeries): void {
    const { value, step, restarts } = series;
    this.worker!.detect({ key: `${entry.id}\u0000${tag}`, split: splitOf(tag), value, step, restarts }).then((found) => {
      if (this.runs.get(entry.id) !== entry) return; // a later update asked again; its answer comes
      entry.anomalies.set(tag, logAnomalies(entry.log.run, tag, series, found));
      entry.awaiting.delete(tag);
      this.changed.fire([entry]);
    }, (e: unknown) => {
      entry.awaiting.delete(tag);
      log().error(`anomalies of ${entry.label} ${tag}: ${errorText(e)}`);
    });
  }

  isLive(entry: RunEntry): boolean {
    const grew = entry.root.watcher.grewAt(entry.log.run);
    return grew !== undefined && Date.now() - grew < LIVE_MS;
  }

  isShown(entry: RunEntry): boolean {
    return !this.hidden.has(entry.id);
  }

  setShown(ids: readonly string[], shown: boolean): void {
    for (const id of ids) {
      if (shown) this.hidden.delete(id);
      else this.hidden.add(id);
    }
    this.changed.fire([]);
  }

  shownRuns(): RunEntry[] {
    return [...this.runs.values()].filter((e) => this.isShown(e)).sort((a, b) => a.label.localeCompare(b.label));
  }

  /** Shows the runs under `path` and only them, now and as more are found. */
  focus(path: string): void {
    this.focusPath = path;
    for (const e of this.runs.values()) {
      if (isUnder(e.root, e.log, path)) this.hidden.delete(e.id);
      else this.hidden.add(e.id);
    }
    this.changed.fire([]);
  }

  /** Runs under a path (a folder or file the user pointed at), or all when none. */
  runsUnder(path?: string): RunEntry[] {
    const all = [...this.runs.values()];
    return path ? all.filter((e) => isUnder(e.root, e.log, path)) : all;
  }

  dispose(): void {
    void this.worker?.dispose();
    for (const root of this.roots.values()) root.watcher.close();
    this.roots.clear();
    this.changed.dispose();
  }
}

function isUnder(root: LogRoot, log: RunLog, path: string): boolean {
  const full = log.run === '.' ? root.path : `${root.path}/${log.run}`;
  return full === path || full.startsWith(`${path}/`) || path.startsWith(`${full}/`);
}
