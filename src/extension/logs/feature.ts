/** Training logs in VS Code: Open Training Logs…, Show Loss Curves on a folder or log file in the
 *  Explorer, discovery of the usual log folders, the Loss Lab runs view, the curves panel for runs,
 *  live alerts. Works in untrusted workspaces: logs are only read. */
import * as vscode from 'vscode';
import { isRecord } from '../../protocol/validate';
import type { Feature } from '../feature';
import { discoverLogFolders } from './discover';
import { LiveMonitor } from './live';
import { RunsPanel, parseRunsOrigin } from './panel';
import { registerRestorer } from '../panels/restore';
import { AnomalyClient } from '../../worker/anomalyClient';
import { LogStore } from './store';
import { RunsTree, type RunsNode } from './tree';
import { COMMANDS, INTERNAL_COMMANDS } from '../commandIds';
import { affects } from '../config';
import { errorText, log } from '../log';

function pathOf(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.scheme === 'file' ? arg.fsPath : undefined;
  if (typeof arg === 'string') return arg;
  return undefined;
}

export const logsFeature: Feature = {
  name: 'training logs',
  activate(context) {
    const store = new LogStore(new AnomalyClient(context.asAbsolutePath('out/anomaly-worker.js')));
    const tree = new RunsTree(store);
    const panel = new RunsPanel(context, store);
    const view = vscode.window.createTreeView<RunsNode>('losslab.runs', { treeDataProvider: tree, showCollapseAll: true, manageCheckboxStateManually: true });
    const openRun = (run: string, tag: string, step?: number): void => {
      store.setShown([run], true);
      panel.show({ tag, ...(step === undefined ? {} : { step }) });
    };
    const live = new LiveMonitor(store, openRun);
    context.subscriptions.push(store, view, live);

    /** Reads a folder or file (once; later calls reuse its watcher), reporting what could not be read. */
    const open = async (path: string): Promise<void> => {
      const inside = [...store.roots.keys()].some((r) => path === r || path.startsWith(`${r}/`));
      if (inside) return;
      await vscode.window.withProgress({ location: { viewId: 'losslab.runs' }, title: vscode.l10n.t('Reading training logs…') }, async () => {
        const root = await store.open(path);
        if (root.errors.length > 0) {
          void vscode.window.showWarningMessage(vscode.l10n.t('Loss Lab: {0} file(s) under {1} could not be read: {2}: {3}', root.errors.length, root.label, root.errors[0]!.path, root.errors[0]!.message));
        }
      });
    };

    // A curves panel of runs restored after a reload follows its runs again.
    context.subscriptions.push(registerRestorer((kind, restored, state) => {
      const origin = kind === 'curves' ? parseRunsOrigin(state.origin) : undefined;
      if (!origin) return false;
      panel.restore(restored, origin, open).catch((e: unknown) => log().warn(`could not restore the runs panel: ${errorText(e)}`));
      return true;
    }));

    /** Draws the runs under `path` (and only them). */
    const showPath = async (path: string): Promise<void> => {
      await open(path);
      if (store.runsUnder(path).length === 0) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Loss Lab: no training runs found in {0} (TensorBoard event files, Lightning/Keras CSV, trainer_state.json, JSON Lines…).', vscode.workspace.asRelativePath(path, false)));
        return;
      }
      store.focus(path);
      panel.show();
    };

    const pick = async (): Promise<string | undefined> => {
      const [uri] = (await vscode.window.showOpenDialog({
        canSelectFiles: true, canSelectFolders: true, canSelectMany: false, openLabel: vscode.l10n.t('Open Training Logs'),
        title: vscode.l10n.t('A folder of runs (runs/, lightning_logs/, mlruns/…) or a log file'),
        ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
      })) ?? [];
      return uri ? pathOf(uri) : undefined;
    };

    const guarded = (name: string, run: (...args: unknown[]) => Promise<unknown>) => vscode.commands.registerCommand(name, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Loss Lab: {0}', (e as Error).message));
        return undefined;
      }
    });

    context.subscriptions.push(
      view.onDidChangeCheckboxState((e) => {
        for (const [node, state] of e.items) {
          if (node.type === 'run') store.setShown([node.entry.id], state === vscode.TreeItemCheckboxState.Checked);
        }
      }),
      guarded(COMMANDS.logsOpen, async (arg) => {
        const path = pathOf(arg) ?? (await pick());
        if (path) await showPath(path);
      }),
      guarded(COMMANDS.logsShowCurves, async (arg) => {
        const path = pathOf(arg);
        if (path) await showPath(path);
        else panel.show();
      }),
      guarded(COMMANDS.logsShowTag, async (arg) => {
        if (!isRecord(arg) || typeof arg.run !== 'string' || typeof arg.tag !== 'string') throw new Error('losslab.logs.showTag needs {run, tag, step?}');
        openRun(arg.run, arg.tag, typeof arg.step === 'number' ? arg.step : undefined);
      }),
      guarded(COMMANDS.logsFilter, async () => {
        const text = await vscode.window.showInputBox({
          title: vscode.l10n.t('Filter runs and tags'), prompt: vscode.l10n.t('A regular expression matched against run paths and tag names (empty: show all)'),
          value: tree.filterText ?? '',
          validateInput: (v) => {
            try {
              new RegExp(v, 'i');
              return undefined;
            } catch (e) {
              return (e as Error).message;
            }
          },
        });
        if (text === undefined) return;
        tree.setFilter(text === '' ? undefined : new RegExp(text, 'i'));
        view.description = text === '' ? undefined : `/${text}/`;
        await vscode.commands.executeCommand('setContext', 'losslab.logs.filtered', text !== '');
      }),
      guarded(COMMANDS.logsClearFilter, async () => {
        tree.setFilter(undefined);
        view.description = undefined;
        await vscode.commands.executeCommand('setContext', 'losslab.logs.filtered', false);
      }),
      // For tests and automation: what the view and the panel hold.
      vscode.commands.registerCommand(INTERNAL_COMMANDS.logsInspect, () => ({
        roots: [...store.roots.values()].map((r) => ({ path: r.path, label: r.label, errors: r.errors })),
        runs: [...store.runs.values()].map((e) => ({
          id: e.id, label: e.label, format: e.log.format, live: store.isLive(e), shown: store.isShown(e), notes: e.log.notes,
          tags: Object.fromEntries([...e.log.scalars].map(([t, s]) => [t, s.step.length])),
          anomalies: [...e.anomalies].flatMap(([tag, list]) => list.map((a) => ({ tag, kind: a.kind, step: a.step }))),
        })),
        tree: tree.getChildren().map((n) => tree.getTreeItem(n).label),
        alerts: live.alerts,
        panel: panel.panel ? { rendered: panel.panel.lastRendered ?? null, visible: panel.panel.panel.visible, seriesSent: panel.panel.seriesSent } : null,
      })),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'logs.discover')) void discover();
      }),
    );

    const discover = async (): Promise<void> => {
      for (const path of await discoverLogFolders()) {
        try {
          await open(path);
        } catch (e) {
          log().warn(`could not read ${path}: ${errorText(e)}`);
        }
      }
    };
    // Not awaited: activation does not wait for the disk.
    void discover();
  },
};
