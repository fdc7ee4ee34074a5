/** The registry of log readers (one import line per reader) and the claiming of a file listing:
 *  which reader reads which files as which run. */
import { csvReader } from './csv';
import { hfTrainerStateReader } from './hfTrainerState';
import { jsonlReader } from './jsonl';
import { kerasCsvReader } from './keras-csv';
import { lightningCsvReader } from './lightning-csv';
import { mlflowReader } from './mlflow';
import { optunaReader } from './optuna';
import { rayTuneReader } from './ray_tune';
import { tfeventsReader } from './tfevents';
import { wandbReader } from './wandb';
import type { LogFile, LogReader, RunLog } from './types';

export const LOG_READERS: readonly LogReader[] = [
  tfeventsReader,
  lightningCsvReader,
  kerasCsvReader,
  csvReader,
  mlflowReader,
  wandbReader,
  optunaReader,
  rayTuneReader,
  hfTrainerStateReader,
  jsonlReader,
];

/** A run some reader(s) claimed: `readers` in registry order; when the first finds the files are
 *  not its format (LogFormatError) the next is tried (a CSV is Keras' or a generic one). */
export interface ClaimedRun {
  run: string;
  files: string[];
  readers: LogReader[];
}

/** From a listing of files (relative to the opened root, '/'-separated), the runs the readers claim.
 *  A file belongs to the first reader that claims it; a later reader claiming exactly the same
 *  files becomes a fallback for that run, one claiming some of them is ignored. */
export function claimRuns(paths: readonly string[], readers: readonly LogReader[] = LOG_READERS): ClaimedRun[] {
  const owner = new Map<string, ClaimedRun>();
  const runs: ClaimedRun[] = [];
  for (const reader of readers) {
    for (const claim of reader.claim(paths)) {
      if (claim.files.length === 0) continue;
      const owners = new Set(claim.files.map((f) => owner.get(f)));
      if (owners.size === 1 && !owners.has(undefined)) {
        const prior = [...owners][0]!;
        if (prior.files.length === claim.files.length && !prior.readers.includes(reader)) prior.readers.push(reader);
        continue;
      }
      if (!owners.has(undefined) || owners.size > 1) continue;
      const claimed: ClaimedRun = { run: claim.run, files: [...claim.files], readers: [reader] };
      for (const f of claimed.files) owner.set(f, claimed);
      runs.push(claimed);
    }
  }
  return runs.sort((a, b) => (a.run < b.run ? -1 : a.run > b.run ? 1 : 0));
}

/** Reads one claimed run with its readers in turn (see ClaimedRun). A reader may return several
 *  runs from one file (an MLflow or Optuna database). */
export async function readClaimed(claimed: ClaimedRun, files: readonly LogFile[]): Promise<RunLog[]> {
  let lastError: unknown;
  for (const reader of claimed.readers) {
    try {
      const out = await reader.read(claimed.run, files);
      return Array.isArray(out) ? out : [out];
    } catch (e) {
      lastError = e;
      if (!(e instanceof Error && e.name === 'LogFormatError')) throw e;
    }
  }
  throw lastError;
}
