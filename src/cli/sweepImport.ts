/** `losslab sweep-import SOURCE [--json]`: an Optuna storage (SQLite file, sqlite:/// URL or
 *  journal file) or a Ray Tune experiment folder, read with the log readers and printed as
 *  `losslab sweep`'s table, or with --json its JSON object. */
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { importSweep, readSweepSource, type ImportedSweep, type SweepSource } from '../engine/export/importRuns';
import { LogFormatError } from '../engine/logs/types';
import { bestRun } from '../engine/train/report';
import { MAX_LOG_DEPTH, listFiles, type WalkError } from '../logio/walk';
import { SweepArgsError } from './sweep';

export const SWEEP_IMPORT_USAGE = '  sweep-import SOURCE [--json]\n                     read an Optuna storage or a Ray Tune experiment folder back as a sweep';

/** The most files of an experiment folder read. */
const MAX_SOURCE_FILES = 200_000;

/** SOURCE (a file, a sqlite:/// URL or a folder) for the readers; what cannot be listed goes to `warn`. */
export function fileSource(source: string, warn: (s: string) => void): SweepSource {
  const path = source.replace(/^sqlite:\/\/\//, '/').replace(/^sqlite:\/\//, '');
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch (e) {
    throw new SweepArgsError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return {
    name: basename(path),
    isFolder,
    files: async () => {
      const errors: WalkError[] = [];
      const files = await listFiles(path, { maxDepth: MAX_LOG_DEPTH, maxFiles: MAX_SOURCE_FILES, regularOnly: true }, errors);
      for (const e of errors) warn(`warning: ${e.path}: ${e.message}\n`);
      return files;
    },
    bytes: async (p) => readFileSync(isFolder ? join(path, p) : path),
  };
}

function table(imported: ImportedSweep): string {
  const best = bestRun(imported.task, imported.report.runs);
  const metric = imported.task === 'regression' ? 'r2' : 'accuracy';
  const fmt = (v: number | null | undefined): string => (typeof v === 'number' ? v.toPrecision(4) : '-');
  const rows = imported.report.runs.map((r, i) => [
    i === best ? '*' : '', String(r.config.loss), String(r.config.optimizer), String(r.config.lr), String(r.config.seed),
    fmt(r.final.train_loss), fmt(r.final.val_loss), fmt(r.final.metric[metric]), String(r.loss.length), r.status === 'ok' ? 'ok' : `failed: ${r.error ?? ''}`,
  ]);
  const header = ['', 'loss', 'optimizer', 'lr', 'seed', 'train loss', 'val loss', metric, 'steps', 'status'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  return [header, ...rows].map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n') + '\n';
}

export async function cmdSweepImport(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  const json = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  const unknown = rest.find((a) => a.startsWith('--'));
  if (unknown) throw new SweepArgsError(`unknown option ${unknown}`);
  if (rest.length !== 1) throw new SweepArgsError('sweep-import needs one SOURCE: an Optuna storage (SQLite or journal file) or a Ray Tune experiment folder');
  let imported: ImportedSweep;
  try {
    imported = importSweep(await readSweepSource(fileSource(rest[0]!, err)));
  } catch (e) {
    if (e instanceof LogFormatError) throw new SweepArgsError(e.message);
    throw e;
  }
  for (const n of imported.notes) err(`note: ${n}\n`);
  out(json ? JSON.stringify(imported.report) + '\n' : table(imported));
  return imported.report.runs.length > 0 ? 0 : 1;
}
