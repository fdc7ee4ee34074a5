/** Finished sweeps kept in workspace storage (global storage without a folder), one JSON file each,
 *  and exported as JSON (the CLI's --json shape) or CSV. A file is written whole or not at all
 *  (written beside, then renamed over), and validated when read back. */
import * as vscode from 'vscode';
import { sweepCsv } from '../../engine/train/report';
import { parseStoredSweep, type StoredSweep } from '../../protocol/storedSweep';
import { errorText, log } from '../log';
import { oldestFirst, sweepIdTime } from './sweepIds';

export type { StoredSweep };

export function sweepFolder(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'sweeps');
}

export async function saveSweep(context: vscode.ExtensionContext, sweep: StoredSweep): Promise<vscode.Uri> {
  const dir = sweepFolder(context);
  await vscode.workspace.fs.createDirectory(dir);
  const uri = vscode.Uri.joinPath(dir, `${sweep.sweepId}.json`);
  // A crash mid-write leaves the .partial file, which is never listed, not a torn sweep.
  const partial = vscode.Uri.joinPath(dir, `${sweep.sweepId}.json.partial`);
  await vscode.workspace.fs.writeFile(partial, Buffer.from(JSON.stringify(sweep)));
  await vscode.workspace.fs.rename(partial, uri, { overwrite: true });
  return uri;
}

/** Stored sweep ids, oldest first by the creation time in their id (imported ones too), else by
 *  the file's time. */
export async function listSweeps(context: vscode.ExtensionContext): Promise<string[]> {
  try {
    const dir = sweepFolder(context);
    const ids = (await vscode.workspace.fs.readDirectory(dir)).filter(([n]) => n.endsWith('.json')).map(([n]) => n.slice(0, -5));
    const mtime = async (id: string): Promise<number> => (sweepIdTime(id) !== undefined ? 0 : (await vscode.workspace.fs.stat(vscode.Uri.joinPath(dir, `${id}.json`))).mtime);
    return oldestFirst(await Promise.all(ids.map(async (id) => ({ id, mtime: await mtime(id) }))));
  } catch (e) {
    log().trace(`no stored sweeps: ${errorText(e)}`);
    return [];
  }
}

export async function loadSweep(context: vscode.ExtensionContext, sweepId: string): Promise<StoredSweep> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(sweepFolder(context), `${sweepId}.json`));
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw new Error(`the stored sweep ${sweepId} is not valid JSON (a torn write?): ${errorText(e)}`);
  }
  try {
    return parseStoredSweep(json);
  } catch (e) {
    throw new Error(`the stored sweep ${sweepId} is malformed: ${errorText(e)}`);
  }
}

/** The newest stored sweep that reads back whole; the ones skipped on the way are logged. */
export async function loadLatestSweep(context: vscode.ExtensionContext, ids?: readonly string[]): Promise<{ sweep: StoredSweep; skipped: string[] } | undefined> {
  const skipped: string[] = [];
  for (const id of [...(ids ?? (await listSweeps(context)))].reverse()) {
    try {
      return { sweep: await loadSweep(context, id), skipped };
    } catch (e) {
      log().warn(`skipped: ${errorText(e)}`);
      skipped.push(id);
    }
  }
  return undefined;
}

export function exportText(sweep: StoredSweep, format: 'json' | 'csv'): string {
  return format === 'json' ? JSON.stringify(sweep.report, null, 1) + '\n' : sweepCsv(sweep.report);
}
