/** The Loss Lab view: opened folders, their runs as a tree by folder (checkbox: drawn or not; live
 *  and warnings in the description), each run's tags with point counts, and each tag's anomalies. */
import * as vscode from 'vscode';
import type { LogAnomaly } from '../../engine/logs/anomalies';
import { isWarning, type LogRoot, type LogStore, type RunEntry } from './store';
import { COMMANDS } from '../commandIds';

export type RunsNode =
  | { type: 'root'; root: LogRoot }
  | { type: 'folder'; root: LogRoot; prefix: string }
  | { type: 'run'; entry: RunEntry }
  | { type: 'tag'; entry: RunEntry; tag: string }
  | { type: 'anomaly'; entry: RunEntry; tag: string; anomaly: LogAnomaly };

/** An anomaly's tree label, "spike at step 2,600". */
function anomalyLabel(kind: LogAnomaly['kind'], step: string): string {
  switch (kind) {
    case 'spike': return vscode.l10n.t('spike at step {0}', step);
    case 'divergence': return vscode.l10n.t('divergence at step {0}', step);
    case 'nan': return vscode.l10n.t('NaN at step {0}', step);
    case 'inf': return vscode.l10n.t('inf at step {0}', step);
    case 'restart': return vscode.l10n.t('restart at step {0}', step);
  }
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
}

function problems(entry: RunEntry): number {
  let n = 0;
  for (const [tag, list] of entry.anomalies) n += list.filter((a) => isWarning(tag, a.kind)).length;
  return n;
}

export class RunsTree implements vscode.TreeDataProvider<RunsNode> {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filter: RegExp | undefined;

  constructor(private readonly store: LogStore) {
    store.onDidChange(() => this.changed.fire(undefined));
  }

  get filterText(): string | undefined {
    return this.filter?.source;
  }

  setFilter(filter: RegExp | undefined): void {
    this.filter = filter;
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Tags of a run the filter lets through: all when it matches the run's path. */
  visibleTags(entry: RunEntry): string[] {
    const tags = [...entry.log.scalars.keys()];
    if (!this.filter || this.filter.test(entry.label)) return tags;
    return tags.filter((t) => this.filter!.test(t));
  }

  visibleRuns(root: LogRoot): RunEntry[] {
    return [...this.store.runs.values()].filter((e) => e.root === root && this.visibleTags(e).length > 0).sort((a, b) => a.log.run.localeCompare(b.log.run));
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (!node) return [...this.store.roots.values()].map((root) => ({ type: 'root', root }));
    switch (node.type) {
      case 'root':
      case 'folder': {
        const prefix = node.type === 'folder' ? `${node.prefix}/` : '';
        const out: RunsNode[] = [];
        const folders = new Set<string>();
        for (const entry of this.visibleRuns(node.root)) {
          const run = entry.log.run;
          if (prefix !== '' && (run === '.' || !run.startsWith(prefix))) continue;
          const rest = run === '.' ? run : run.slice(prefix.length);
          const slash = rest.indexOf('/');
          if (slash < 0) out.push({ type: 'run', entry });
          else folders.add(prefix + rest.slice(0, slash));
        }
        return [...[...folders].sort().map((prefix): RunsNode => ({ type: 'folder', root: node.root, prefix })), ...out];
      }
      case 'run':
        return this.visibleTags(node.entry).sort().map((tag) => ({ type: 'tag', entry: node.entry, tag }));
      case 'tag':
        return (node.entry.anomalies.get(node.tag) ?? []).map((anomaly) => ({ type: 'anomaly', entry: node.entry, tag: node.tag, anomaly }));
      case 'anomaly':
        return [];
    }
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.type) {
      case 'root': {
        const item = new vscode.TreeItem(node.root.label, C.Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        item.resourceUri = vscode.Uri.file(node.root.path);
        item.contextValue = 'losslab.logRoot';
        const runs = this.visibleRuns(node.root).length;
        const count = runs === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', runs);
        item.description = node.root.errors.length > 0 ? vscode.l10n.t('{0} · {1} unreadable', count, node.root.errors.length) : count;
        if (node.root.errors.length > 0) item.tooltip = node.root.errors.map((e) => `${e.path}: ${e.message}`).join('\n');
        return item;
      }
      case 'folder': {
        const item = new vscode.TreeItem(node.prefix.slice(node.prefix.lastIndexOf('/') + 1), C.Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        return item;
      }
      case 'run': {
        const { entry } = node;
        const name = entry.log.run === '.' ? entry.root.label.slice(entry.root.label.lastIndexOf('/') + 1) : entry.log.run.slice(entry.log.run.lastIndexOf('/') + 1);
        const item = new vscode.TreeItem(name, C.Collapsed);
        item.id = entry.id;
        const live = this.store.isLive(entry);
        const warnings = problems(entry);
        item.description = [entry.log.format, live ? vscode.l10n.t('live') : '', warnings === 1 ? vscode.l10n.t('1 warning') : warnings > 1 ? vscode.l10n.t('{0} warnings', warnings) : ''].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon(live ? 'pulse' : warnings > 0 ? 'warning' : 'graph-line', warnings > 0 ? new vscode.ThemeColor('list.warningForeground') : undefined);
        item.checkboxState = this.store.isShown(entry) ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
        item.tooltip = [entry.label, ...entry.log.notes].join('\n');
        item.contextValue = 'losslab.run';
        return item;
      }
      case 'tag': {
        const s = node.entry.log.scalars.get(node.tag)!;
        const n = s.value.length;
        const found = node.entry.anomalies.get(node.tag) ?? [];
        const item = new vscode.TreeItem(node.tag, found.length > 0 ? C.Collapsed : C.None);
        item.description = vscode.l10n.t('{0} points · last {1}', n.toLocaleString('en-US'), fmt(s.value[n - 1] ?? NaN));
        item.iconPath = new vscode.ThemeIcon(found.some((a) => isWarning(node.tag, a.kind)) ? 'warning' : 'symbol-number');
        item.command = { command: COMMANDS.logsShowTag, title: vscode.l10n.t('Show curves'), arguments: [{ run: node.entry.id, tag: node.tag }] };
        return item;
      }
      case 'anomaly': {
        const a = node.anomaly;
        const item = new vscode.TreeItem(anomalyLabel(a.kind, a.step.toLocaleString('en-US')), C.None);
        item.description = fmt(node.entry.log.scalars.get(node.tag)?.value[a.index] ?? NaN);
        item.tooltip = a.message;
        item.iconPath = new vscode.ThemeIcon(a.kind === 'restart' ? 'debug-restart' : a.kind === 'divergence' ? 'arrow-up' : 'error');
        item.command = { command: COMMANDS.logsShowTag, title: vscode.l10n.t('Show at this step'), arguments: [{ run: node.entry.id, tag: node.tag, step: a.step }] };
        return item;
      }
    }
  }
}
