/** "Loss Lab: Export Sweep as Script…" (palette, the sweep panel's title bar, a spec file's editor
 *  title) and "Loss Lab: Import Sweep Results…" (an Optuna storage or a Ray Tune experiment, into
 *  the sweep panel). Writing and reading go through workspace.fs; the engine builds the script and
 *  reads the trials. Running a script is the user's click, in a terminal. */
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { CsvError } from '../../engine/data/csv';
import { EXPORT_TARGETS, exportSweep, specStem, type ExportTarget } from '../../engine/export';
import { importSweep, readSweepSource, type SweepSource } from '../../engine/export/importRuns';
import { LogFormatError } from '../../engine/logs/types';
import { SpecError } from '../../engine/train/spec';
import { isRecord } from '../../protocol/validate';
import { activeSweepPanelId, showStoredSweep } from './panel';
import { resolveSpec, specData, specFromUri, type SpecSource } from './spec';
import { loadSweep, saveSweep, type StoredSweep } from './storage';
import { newSweepId } from './sweepIds';
import { COMMANDS } from '../commandIds';
import { listWorkspaceFiles } from '../workspaceWalk';

const targetPicks = (): { label: string; target: ExportTarget; detail: string }[] => [
  { label: 'PyTorch', target: 'pytorch', detail: vscode.l10n.t('one script running every run; --json prints the losslab sweep JSON; curves as metrics.csv per run') },
  { label: 'Optuna', target: 'optuna', detail: vscode.l10n.t('a study with a GridSampler over every axis; start it in as many processes as you like on one storage') },
  { label: 'Ray Tune', target: 'ray', detail: vscode.l10n.t('a Tuner with a grid over every axis, resources per trial and a storage path for a cluster') },
];

/** The spec the command acts on: a spec file given (explorer, editor title), the sweep shown in
 *  the active sweep panel, the active spec editor, or a spec object for scripted use. */
async function specForExport(context: vscode.ExtensionContext, arg: unknown): Promise<SpecSource | undefined> {
  if (arg instanceof vscode.Uri && arg.path.endsWith('.json')) return specFromUri(arg);
  const panelSweep = isRecord(arg) && typeof arg.sweepId === 'string' ? arg.sweepId : activeSweepPanelId();
  if (panelSweep) {
    const stored = await loadSweep(context, panelSweep);
    if (stored.spec === null || stored.spec === undefined) throw new Error(vscode.l10n.t('this sweep was imported from Optuna or Ray Tune; export the spec file it came from instead'));
    return { json: stored.spec, baseUri: stored.baseDir ? vscode.Uri.file(stored.baseDir) : undefined, title: stored.title };
  }
  return resolveSpec(arg instanceof vscode.Uri ? undefined : arg);
}

function stemOf(title: string): string {
  return specStem(title).replace(/[^A-Za-z0-9_.-]+/g, '_') || 'sweep';
}

/** Relative to the script's folder when the CSV lies beneath it, else absolute. */
function csvPathFor(script: vscode.Uri, csv: vscode.Uri): string {
  const folder = vscode.Uri.joinPath(script, '..').path;
  return csv.path.startsWith(folder + '/') ? csv.path.slice(folder.length + 1) : csv.fsPath;
}

/** Debian's python3 when it has torch (where python3-torch installs), else python3 on PATH. */
function pythonWithTorch(): Promise<string> {
  return new Promise((resolve) => {
    execFile('/usr/bin/python3', ['-c', 'import torch'], { timeout: 30_000 }, (err) => resolve(err ? 'python3' : '/usr/bin/python3'));
  });
}

async function runInTerminal(script: vscode.Uri): Promise<void> {
  const python = await pythonWithTorch();
  const name = script.path.split('/').pop()!;
  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Loss Lab: {0}', name), cwd: vscode.Uri.joinPath(script, '..') });
  terminal.show();
  terminal.sendText(`"${python}" "${name}"`);
}

export interface ExportResult {
  script: string;
  files: string[];
}

async function exportScript(context: vscode.ExtensionContext, arg: unknown): Promise<ExportResult | undefined> {
  let source: SpecSource | undefined;
  try {
    source = await specForExport(context, arg);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Loss Lab: cannot export this sweep: {0}', (e as Error).message));
    return undefined;
  }
  if (!source) return undefined;
  // Scripted use passes {target, path, quiet}; a menu passes the resource, which says nothing here.
  const a = isRecord(arg) && !(arg instanceof vscode.Uri) ? arg : {};
  const target = typeof a.target === 'string' && (EXPORT_TARGETS as readonly string[]).includes(a.target)
    ? (a.target as ExportTarget)
    : (await vscode.window.showQuickPick(targetPicks(), { placeHolder: vscode.l10n.t('Export {0} as a script for…', source.title) }))?.target;
  if (!target) return undefined;
  const defaultName = `${stemOf(source.title)}_${target}.py`;
  let script: vscode.Uri | undefined;
  if (typeof a.path === 'string') script = vscode.Uri.file(a.path);
  else if (source.baseUri) script = vscode.Uri.joinPath(source.baseUri, defaultName);
  else {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    script = await vscode.window.showSaveDialog({ saveLabel: vscode.l10n.t('Export script'), filters: { Python: ['py'] }, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, defaultName) } : {}) });
  }
  if (!script) return undefined;
  try {
    const { spec, data, csvUri } = await specData(source);
    const name = script.path.split('/').pop()!;
    const exported = exportSweep(spec, data, { target, scriptName: name, specName: source.title, ...(csvUri ? { csvPath: csvPathFor(script, csvUri) } : {}) });
    const folder = vscode.Uri.joinPath(script, '..');
    await vscode.workspace.fs.writeFile(script, Buffer.from(exported.script));
    const files = [];
    for (const f of exported.files) {
      const uri = vscode.Uri.joinPath(folder, f.name);
      await vscode.workspace.fs.writeFile(uri, Buffer.from(f.text));
      files.push(uri.fsPath);
    }
    if (a.quiet !== true) {
      const wrote = files.length === 1
        ? vscode.l10n.t('Loss Lab: wrote {0} ({1} runs) and 1 file beside it.', name, exported.plan.runs.length)
        : vscode.l10n.t('Loss Lab: wrote {0} ({1} runs) and {2} files beside it.', name, exported.plan.runs.length, files.length);
      const runIt = vscode.l10n.t('Run in Terminal');
      const openIt = vscode.l10n.t('Open Script');
      void vscode.window.showInformationMessage(wrote, runIt, openIt).then(async (choice) => {
        if (choice === runIt) await runInTerminal(script!);
        if (choice === openIt) await vscode.window.showTextDocument(script!);
      });
    }
    return { script: script.fsPath, files };
  } catch (e) {
    const message = (e as Error).message;
    void vscode.window.showErrorMessage(e instanceof SpecError || e instanceof CsvError
      ? vscode.l10n.t('Loss Lab: this sweep spec has a problem: {0}', message)
      : vscode.l10n.t('Loss Lab: cannot export this sweep: {0}', message));
    return undefined;
  }
}

/** A file or folder through workspace.fs, for the readers. */
async function workspaceSource(uri: vscode.Uri): Promise<SweepSource> {
  const stat = await vscode.workspace.fs.stat(uri);
  const isFolder = (stat.type & vscode.FileType.Directory) !== 0;
  return {
    name: uri.path.split('/').pop() ?? 'source',
    isFolder,
    files: () => listWorkspaceFiles(uri),
    bytes: async (path) => vscode.workspace.fs.readFile(isFolder ? vscode.Uri.joinPath(uri, ...path.split('/')) : uri),
  };
}

/** Optuna storages and Ray Tune experiments in the workspace, then "Browse…". */
async function pickSource(): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles('**/*.{db,sqlite,sqlite3,journal}', '**/node_modules/**', 200);
  const results = await vscode.workspace.findFiles('**/result.json', '**/node_modules/**', 2000);
  const experiments = new Map<string, vscode.Uri>();
  for (const r of results) {
    const experiment = vscode.Uri.joinPath(r, '..', '..');
    experiments.set(experiment.toString(), experiment);
  }
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = [
    ...found.filter((u) => !u.path.endsWith('/mlflow.db')).map((uri) => ({ label: vscode.workspace.asRelativePath(uri), description: vscode.l10n.t('Optuna storage'), uri })),
    ...[...experiments.values()].map((uri) => ({ label: vscode.workspace.asRelativePath(uri), description: vscode.l10n.t('Ray Tune experiment'), uri })),
    { label: vscode.l10n.t('Browse…'), description: vscode.l10n.t('an Optuna storage file or a Ray Tune experiment folder') },
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Sweep results to import') });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: false, openLabel: vscode.l10n.t('Import') });
  return chosen?.[0];
}

async function importResults(context: vscode.ExtensionContext, arg: unknown): Promise<StoredSweep['report'] | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : isRecord(arg) && typeof arg.path === 'string' ? vscode.Uri.file(arg.path) : await pickSource();
  if (!uri) return undefined;
  const name = uri.path.split('/').pop() ?? 'results';
  try {
    const imported = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loss Lab: reading {0}', name) }, async () => importSweep(await readSweepSource(await workspaceSource(uri))));
    if (imported.report.runs.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Loss Lab: {0} holds no Loss Lab runs (trials with params loss, optimizer, lr and seed). {1}', name, imported.notes.join(' ')));
      return undefined;
    }
    const created = new Date();
    const sweepId = newSweepId(created, 'imported');
    await saveSweep(context, { sweepId, title: vscode.l10n.t('imported {0}', name), created: created.toISOString(), task: imported.task, spec: null, cancelled: false, report: imported.report });
    await showStoredSweep(context, sweepId);
    return imported.report;
  } catch (e) {
    const message = (e as Error).message;
    void vscode.window.showErrorMessage(e instanceof LogFormatError
      ? vscode.l10n.t('Loss Lab: this is not an Optuna storage or a Ray Tune experiment: {0}', message)
      : vscode.l10n.t('Loss Lab: cannot import these results: {0}', message));
    return undefined;
  }
}

export function registerSweepScripts(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.sweepExportScript, (arg?: unknown) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Loss Lab exports sweeps only in trusted workspaces.'));
        return undefined;
      }
      return exportScript(context, arg);
    }),
    vscode.commands.registerCommand(COMMANDS.sweepImportResults, (arg?: unknown) => importResults(context, arg)),
  );
}
