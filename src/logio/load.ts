/** Reading training logs from disk (Node): walk the paths given, let the registry claim files,
 *  read each run's files and decode them. Bounded: symlinked folders are followed once (no loops),
 *  depth and file count are capped, FIFOs/sockets/devices are refused without blocking, a file over
 *  the size cap is an error entry, and every failure is an entry in `errors`, never a throw. */
import type { Dirent } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { claimRuns, readClaimed, type ClaimedRun } from '../engine/logs';
import { LogFormatError, type LogFile, type RunLog } from '../engine/logs/types';
import { readFileBounded } from './readBounded';

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

const DEFAULTS = { maxFileBytes: 1 << 30, maxDepth: 32, maxFiles: 200_000 };

function why(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  if (err?.code === 'ENOENT') return 'no such file or folder';
  if (err?.code === 'ELOOP') return 'too many levels of symbolic links';
  return err?.code ?? (e instanceof Error ? e.message : String(e));
}

/** Files under `root`, relative and '/'-separated, each folder visited once (by device and inode). */
async function listFiles(root: string, opts: typeof DEFAULTS, errors: LoadError[], signal?: AbortSignal): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  let capped = false;
  const walk = async (dir: string, depth: number): Promise<void> => {
    signal?.throwIfAborted();
    let st;
    try {
      st = await stat(dir);
    } catch (e) {
      errors.push({ path: dir, message: `cannot read folder: ${why(e)}` });
      return;
    }
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) return;
    seen.add(id);
    if (depth > opts.maxDepth) {
      errors.push({ path: dir, message: `not read: more than ${opts.maxDepth} folder levels below the path given` });
      return;
    }
    const entries: Dirent[] = [];
    try {
      for await (const entry of await opendir(dir)) entries.push(entry);
    } catch (e) {
      errors.push({ path: dir, message: `cannot read folder: ${why(e)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDir = (await stat(full)).isDirectory();
        } catch {
          continue; // a dangling link is not a log
        }
      }
      if (isDir) await walk(full, depth + 1);
      else {
        if (files.length >= opts.maxFiles) {
          capped = true;
          return;
        }
        // Anything not a folder is listed: a FIFO or device a reader claims is refused when read.
        files.push(relative(root, full).split(sep).join('/'));
      }
    }
  };
  await walk(root, 0);
  if (capped) errors.push({ path: root, message: `listed only the first ${opts.maxFiles.toLocaleString('en-US')} files; open a smaller folder` });
  return files;
}

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
      const listing = await listFiles(path, opts, errors, options.signal);
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
