/** Listing the files under a folder for the log readers, one walker for one-shot loads and live
 *  watching. Bounded: symlinked folders are followed once (by device and inode, so no loops), depth
 *  and file count are capped, and every failure is an entry in `errors`, never a throw. */
import type { Dirent } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** The deepest folder level below a path given that loads and live watching walk. */
export const MAX_LOG_DEPTH = 32;
/** The largest log file read (whole, or held for live reading). */
export const MAX_LOG_FILE_BYTES = 1 << 30;

export interface WalkOptions {
  /** Deepest folder level walked below the root. */
  maxDepth: number;
  /** Most files listed. */
  maxFiles: number;
  /** Folder names not entered (`.git`, `node_modules`…). */
  skipFolders?: ReadonlySet<string>;
  /** List only regular files (live reading opens files without checking what they are); otherwise
   *  anything not a folder, so that a FIFO or device a reader claims is refused with a reason. */
  regularOnly?: boolean;
  signal?: AbortSignal;
}

export interface WalkError {
  path: string;
  message: string;
}

/** Why a file-system call failed, in words. */
export function why(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  if (err?.code === 'ENOENT') return 'no such file or folder';
  if (err?.code === 'ELOOP') return 'too many levels of symbolic links';
  return err?.code ?? (e instanceof Error ? e.message : String(e));
}

/** Files under `root`, relative and '/'-separated, in name order folder by folder. */
export async function listFiles(root: string, opts: WalkOptions, errors: WalkError[]): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  let capped = false;
  const walk = async (dir: string, depth: number): Promise<void> => {
    opts.signal?.throwIfAborted();
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
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(full);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // a dangling link is not a log
        }
      }
      if (isDir) {
        if (!opts.skipFolders?.has(entry.name)) await walk(full, depth + 1);
      } else if (isFile || !opts.regularOnly) {
        if (files.length >= opts.maxFiles) {
          capped = true;
          return;
        }
        files.push(relative(root, full).split(sep).join('/'));
      }
    }
  };
  await walk(root, 0);
  if (capped) errors.push({ path: root, message: `listed only the first ${opts.maxFiles.toLocaleString('en-US')} files; open a smaller folder` });
  return files;
}
