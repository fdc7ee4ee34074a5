/** Where a sweep's spec comes from: a *.losslab.json file, the active editor, a spec object given
 *  to the command, or quick picks built from one loss (code lens "Sweep…": {lossId, options}). */
import * as vscode from 'vscode';
import { LOSSES } from '../../engine/catalog';
import type { Options } from '../../engine/catalog/types';
import { syntheticNames } from '../../engine/data/synthetic';
import { lossesForTask, quickSpec, taskForLoss } from '../../engine/train/quick';
import { isRecord } from '../../protocol/validate';
import type { Dataset } from '../../engine/data/dataset';
import type { SweepSpec } from '../../engine/train/spec';
import { INPUT_LIMITS, loadSpecInput, parseSpecText } from '../../engine/train/specInput';
import { readWorkspaceText, workspaceSpecFiles } from '../specFiles';
import { activeDocument } from '../activeDocument';

export interface SpecSource {
  /** The spec as JSON (checked later by parseSpec). */
  json: unknown;
  /** Folder that relative CSV paths resolve against. */
  baseUri: vscode.Uri | undefined;
  title: string;
}

async function fromUri(uri: vscode.Uri): Promise<SpecSource> {
  const text = await readWorkspaceText(uri, INPUT_LIMITS.specBytes);
  return { json: parseSpecText(text), baseUri: vscode.Uri.joinPath(uri, '..'), title: uri.path.split('/').pop() ?? 'sweep' };
}

async function activeSpec(): Promise<SpecSource | undefined> {
  const doc = await activeDocument();
  if (!doc || !doc.fileName.endsWith('.losslab.json')) return undefined;
  return { json: parseSpecText(doc.getText()), baseUri: doc.uri.scheme === 'untitled' ? undefined : vscode.Uri.joinPath(doc.uri, '..'), title: doc.fileName.split(/[\\/]/).pop()! };
}

/** Quick picks: the loss (unless given), the losses to compare with it, the data set. */
async function fromQuickPicks(lossId: string | undefined, options: Options): Promise<SpecSource | undefined> {
  if (!lossId) {
    const picked = await vscode.window.showQuickPick(
      LOSSES.filter((l) => taskForLoss(l) !== null).map((l) => ({ label: l.id, description: l.title, detail: l.summary })),
      { placeHolder: vscode.l10n.t('Loss to sweep') },
    );
    if (!picked) return undefined;
    lossId = picked.label;
  }
  const first = quickSpec({ lossId, options });
  if ('error' in first) throw new Error(first.error);
  const task = first.spec.task as 'regression' | 'binary' | 'multiclass';
  const preselected = new Set((first.spec.losses as unknown[]).map((l) => (typeof l === 'string' ? l : lossId!)));
  const compare = await vscode.window.showQuickPick(
    lossesForTask(task).filter((l) => l.loss.id !== lossId).map((l) => ({ label: l.loss.id, description: l.flagged ? vscode.l10n.t('{0} (known pitfall for this task)', l.loss.title) : l.loss.title, picked: preselected.has(l.loss.id) })),
    { canPickMany: true, placeHolder: vscode.l10n.t('Compare {0} on a {1} task with…', lossId, task) },
  );
  if (!compare) return undefined;
  const dataset = await vscode.window.showQuickPick(syntheticNames(task), { placeHolder: vscode.l10n.t('{0} data set', task) });
  if (!dataset) return undefined;
  const built = quickSpec({ lossId, options, task, alternatives: compare.map((c) => c.label), dataset });
  if ('error' in built) throw new Error(built.error);
  return { json: built.spec, baseUri: undefined, title: compare.length === 1 ? vscode.l10n.t('{0} vs 1 alternative', lossId) : vscode.l10n.t('{0} vs {1} alternatives', lossId, compare.length) };
}

/** The checked spec and its data set (a CSV read through the workspace file system). */
export async function specData(source: SpecSource): Promise<{ spec: SweepSpec; data: Dataset; csvUri?: vscode.Uri }> {
  const { spec, data, csv } = await loadSpecInput(source.json, workspaceSpecFiles(source.baseUri));
  return { spec, data, ...(csv ? { csvUri: csv.ref } : {}) };
}

/** A `*.losslab.json` file as a spec source. */
export { fromUri as specFromUri };

/** The spec for a "Run Sweep" invocation, or undefined when the user backs out. */
export async function resolveSpec(arg: unknown): Promise<SpecSource | undefined> {
  if (arg instanceof vscode.Uri) return fromUri(arg);
  if (isRecord(arg) && isRecord(arg.spec)) return { json: arg.spec, baseUri: typeof arg.baseDir === 'string' ? vscode.Uri.file(arg.baseDir) : undefined, title: typeof arg.title === 'string' ? arg.title : 'sweep' };
  if (isRecord(arg) && typeof arg.lossId === 'string') return fromQuickPicks(arg.lossId, isRecord(arg.options) ? (arg.options as Options) : {});
  return (await activeSpec()) ?? fromQuickPicks(undefined, {});
}
