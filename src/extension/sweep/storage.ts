/** Finished sweeps kept in workspace storage (global storage without a folder), one JSON file each,
 *  and exported as JSON (the CLI's --json shape) or CSV. */
import * as vscode from 'vscode';
import { sweepCsv, type SweepReport } from '../../engine/train/report';

export interface StoredSweep {
  sweepId: string;
  title: string;
  created: string;
  task: string;
  /** The spec as run (null for a sweep imported from Optuna or Ray Tune). */
  spec: unknown;
  /** Folder the spec's relative CSV path resolves against. */
  baseDir?: string;
  cancelled: boolean;
  report: SweepReport;
}

function folder(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'sweeps');
}

export async function saveSweep(context: vscode.ExtensionContext, sweep: StoredSweep): Promise<vscode.Uri> {
  const dir = folder(context);
  await vscode.workspace.fs.createDirectory(dir);
  const uri = vscode.Uri.joinPath(dir, `${sweep.sweepId}.json`);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(sweep)));
  return uri;
}

export async function listSweeps(context: vscode.ExtensionContext): Promise<string[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(folder(context));
    return entries.filter(([n]) => n.endsWith('.json')).map(([n]) => n.slice(0, -5)).sort();
  } catch {
    return [];
  }
}

export async function loadSweep(context: vscode.ExtensionContext, sweepId: string): Promise<StoredSweep> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(context), `${sweepId}.json`));
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as StoredSweep;
}

export function exportText(sweep: StoredSweep, format: 'json' | 'csv'): string {
  return format === 'json' ? JSON.stringify(sweep.report, null, 1) + '\n' : sweepCsv(sweep.report);
}
