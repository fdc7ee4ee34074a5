/** Reading training logs from disk (Node): walk the paths given (./walk.ts), let the registry claim
 *  files, read each run's files and decode them. Bounded: FIFOs/sockets/devices are refused without
 *  blocking, a file over the size cap is an error entry, and every failure is an entry in
 *  `errors`, never a throw. */
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { claimRuns, readClaimed, type ClaimedRun } from '../engine/logs';
import { LogFormatError, type LogFile, type RunLog } from '../engine/logs/types';
import { readFileBounded } from './readBounded';
import { MAX_LOG_DEPTH, MAX_LOG_FILE_BYTES, listFiles, why } from './walk';

export interface LoadOptions {
  /** Keep only the tags matching it (runs left without tags are dropped). */
  tag?: RegExp;
  signal?: AbortSignal;
  /** Called after each run is read: runs done, runs claimed. */
  onProgress?: (done: number, total: number) => void;
  /** Largest file read; default 1 GiB. */
  maxFileBytes?: number;
  /** Deepest folder level walked below a path; default 32. */
  maxDepth?: number;
  /** Most files listed per path; default 200,000. */
  maxFiles?: number;
}

export interface LoadError {
  path: string;
  message: string;
}

/** A run with the path it was found under (the one given to loadLogs, to which `run` is relative). */
export type LoadedRun = RunLog & { source: string };

export interface LoadResult {
  runs: LoadedRun[];
  errors: LoadError[];
}

const DEFAULTS = { maxFileBytes: MAX_LOG_FILE_BYTES, maxDepth: MAX_LOG_DEPTH, maxFiles: 200_000 };


function keepTags(run: RunLog, tag: RegExp): RunLog {
  const scalars = new Map([...run.scalars].filter(([name]) => tag.test(name)));
  return { ...run, scalars };
}

/** The runs below each path, named relative to the path given ('.' for the path itself). */
export async function loadLogs(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const opts = { ...DEFAULTS, ...stripUndefined(options) };
  const errors: LoadError[] = [];
  const work: { source: string; root: string; claimed: ClaimedRun; rename?: string }[] = [];
  for (const path of paths) {
    options.signal?.throwIfAborted();
    let st;
    try {
      st = await stat(path);
    } catch (e) {
      errors.push({ path, message: `cannot open: ${why(e)}` });
      continue;
    }
    if (st.isDirectory()) {
      const listing = await listFiles(path, { ...opts, signal: options.signal }, errors);
      for (const claimed of claimRuns(listing)) work.push({ source: path, root: path, claimed });
    } else {
      const claimed = claimRuns([basename(path)]);
      if (claimed.length === 0) errors.push({ path, message: 'not a training log Loss Lab can read (no reader recognises its name)' });
      for (const c of claimed) work.push({ source: path, root: dirname(path), claimed: c, rename: '.' });
    }
  }
  const runs: LoadedRun[] = [];
  let done = 0;
  for (const { source, root, claimed, rename } of work) {
    options.signal?.throwIfAborted();
    const files: LogFile[] = [];
    let unreadable = false;
    for (const f of claimed.files) {
      const full = join(root, ...f.split('/'));
      try {
        files.push({ path: f, bytes: await readFileBounded(full, opts.maxFileBytes) });
      } catch (e) {
        errors.push({ path: full, message: why(e) });
        unreadable = true;
      }
    }
    if (files.length > 0) {
      try {
        for (const run of await readClaimed(claimed, files)) {
          const inside = run.run.startsWith(`${claimed.run}/`) ? run.run.slice(claimed.run.length + 1) : undefined;
          const named = rename === undefined ? run : { ...run, run: run.run === claimed.run ? rename : inside ?? run.run };
          const kept = { ...(options.tag ? keepTags(named, options.tag) : named), source };
          if (!options.tag || kept.scalars.size > 0) runs.push(kept);
          if (unreadable) kept.notes.push('some of its files could not be read (see errors)');
        }
      } catch (e) {
        if (e instanceof LogFormatError) errors.push({ path: join(root, e.path), message: e.message.slice(e.path.length + 2) });
        else errors.push({ path: join(root, claimed.run), message: e instanceof Error ? e.message : String(e) });
      }
    }
    options.onProgress?.(++done, work.length);
  }
  return { runs, errors };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
