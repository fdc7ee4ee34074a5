/** Live reading of training logs: watches a folder or file (fs.watch, with polling as the
 *  fallback that also catches what fs.watch misses on network and container file systems), reads
 *  only the bytes appended since the last read, holds back a half-written last record until it is
 *  complete, decodes the runs whose files changed and reports them. Reading writes nothing. */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LOG_READERS, claimRuns, readClaimed, type ClaimedRun } from '../engine/logs';
import type { LogFile, LogReader, RunLog } from '../engine/logs/types';
import { readRange } from './readBounded';
import { completeLength, growthOf } from './records';
import { MAX_LOG_DEPTH, MAX_LOG_FILE_BYTES, listFiles } from './walk';

export interface LogError {
  path: string;
  message: string;
}

export interface WatchOptions {
  /** Default: every reader of the registry. */
  readers?: readonly LogReader[];
  /** Runs that are new or whose files grew, after the first read and after every change. */
  onChange(runs: RunLog[], errors: LogError[]): void;
  /** Polling interval (ms); fs.watch reports sooner where it works. Default 500. */
  pollMs?: number;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', '.ipynb_checkpoints']);
const MAX_FILES = 100_000;

interface FileState {
  /** buffer[0, committed): the bytes decoded, ending with the last complete record. Grows by doubling. */
  buffer: Buffer;
  committed: number;
  /** Bytes read after them: a record still being written. */
  tail: Buffer;
  size: number;
  mtimeMs: number;
}

export class LogWatcher {
  private readonly files = new Map<string, FileState>();
  private readonly runs = new Map<string, RunLog>();
  private readonly lastGrowth = new Map<string, number>();
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private listed = false;
  /** Folder root: paths are relative to it. File root: relative to its folder, its run is '.'. */
  private readonly base: string;
  private isFile = false;

  constructor(readonly root: string, private readonly options: WatchOptions) {
    this.base = root;
  }

  /** Reads everything once, then follows changes. Resolves with the runs found. */
  async start(): Promise<RunLog[]> {
    const info = await stat(this.root);
    this.isFile = info.isFile();
    await this.scan();
    if (this.closed) return [];
    try {
      this.watcher = watch(this.root, { recursive: !this.isFile, persistent: false }, () => this.request(true));
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // No native watching here (some remote file systems): polling alone.
    }
    const poll = this.options.pollMs ?? 500;
    let ticks = 0;
    this.timer = setInterval(() => this.request(++ticks % 4 === 0), poll);
    this.timer.unref();
    return [...this.runs.values()];
  }

  current(): RunLog[] {
    return [...this.runs.values()];
  }

  /** When a run's files last grew (ms since the epoch), or undefined if not since the first read. */
  grewAt(run: string): number | undefined {
    return this.lastGrowth.get(run);
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
  }

  private request(relist: boolean): void {
    if (this.closed) return;
    if (relist) this.listed = false;
    if (this.scanning) {
      this.again = true;
      return;
    }
    this.scanning = this.scan()
      .catch((e: unknown) => this.options.onChange([], [{ path: this.root, message: (e as Error).message }]))
      .finally(() => {
        this.scanning = undefined;
        if (this.again) {
          this.again = false;
          this.request(false);
        }
      });
  }

  private folder(): string {
    return this.isFile ? dirname(this.base) : this.base;
  }

  private async list(): Promise<string[]> {
    if (this.isFile) return [basename(this.base)];
    // Unreadable folders are skipped here: a live run's folder may come and go.
    const files = await listFiles(this.base, { maxDepth: MAX_LOG_DEPTH, maxFiles: MAX_FILES, skipFolders: SKIP_DIRS, regularOnly: true }, []);
    return files.sort();
  }

  private claims: ClaimedRun[] = [];

  private async scan(): Promise<void> {
    const errors: LogError[] = [];
    if (!this.listed) {
      const paths = await this.list();
      this.listed = true;
      this.claims = claimRuns(paths, this.options.readers ?? LOG_READERS);
      const wanted = new Set(this.claims.flatMap((c) => c.files));
      for (const path of this.files.keys()) if (!wanted.has(path)) this.files.delete(path);
    }
    const grown = new Set<string>();
    for (const claim of this.claims) {
      for (const path of claim.files) {
        try {
          if (await this.readNew(path)) grown.add(path);
        } catch (e) {
          errors.push({ path: this.display(path), message: (e as Error).message });
        }
      }
    }
    const changed: RunLog[] = [];
    const now = Date.now();
    for (const claim of this.claims) {
      if (!claim.files.some((f) => grown.has(f))) continue;
      const files: LogFile[] = claim.files.flatMap((path) => {
        const state = this.files.get(path);
        return state ? [{ path, bytes: state.buffer.subarray(0, state.committed) }] : [];
      });
      try {
        for (const decoded of await readClaimed(claim, files)) {
          const run = { ...decoded, run: this.runName(decoded.run) };
          if (this.runs.has(run.run)) this.lastGrowth.set(run.run, now);
          this.runs.set(run.run, run);
          changed.push(run);
        }
      } catch (e) {
        errors.push({ path: this.display(claim.files[0] ?? claim.run), message: (e as Error).message });
      }
    }
    if (!this.closed && (changed.length > 0 || errors.length > 0)) this.options.onChange(changed, errors);
  }

  private runName(run: string): string {
    if (!this.isFile) return run === '' ? '.' : run;
    return run === basename(this.base) || run === '.' || run === '' ? '.' : run;
  }

  private display(path: string): string {
    return join(this.folder(), path);
  }

  /** Reads what was appended to `path` since the last read; true when complete records were added. */
  private async readNew(path: string): Promise<boolean> {
    const full = join(this.folder(), path);
    const info = await stat(full);
    const old = this.files.get(path);
    if (old && info.size === old.size && info.mtimeMs === old.mtimeMs) return false;
    if (info.size > MAX_LOG_FILE_BYTES) {
      throw new Error(`${(info.size / 2 ** 30).toFixed(1)} GiB is more than Loss Lab reads live (${MAX_LOG_FILE_BYTES / 2 ** 30} GiB)`);
    }
    const growth = growthOf(path);
    if (!old || growth === 'rewrite' || info.size < old.size) {
      // First read, a file saved whole, or one cut shorter (a new run in the same file): from 0.
      const bytes = await readRange(full, 0, info.size);
      // A line-oriented file read for the first time may be finished without a last newline:
      // take its last line now; appends complete it byte for byte. Frames must stay whole.
      const end = growth === 'rewrite' || !path.includes('tfevents') ? bytes.length : completeLength(path, bytes);
      this.files.set(path, { buffer: bytes, committed: end, tail: Buffer.from(bytes.subarray(end)), size: bytes.length, mtimeMs: info.mtimeMs });
      return true;
    }
    const fresh = await readRange(full, old.size, info.size);
    const pending = old.tail.length > 0 ? Buffer.concat([old.tail, fresh]) : fresh;
    const end = completeLength(path, pending);
    if (old.committed + end > old.buffer.length) {
      const bigger = Buffer.alloc(Math.max(old.committed + end, old.buffer.length * 2));
      old.buffer.copy(bigger, 0, 0, old.committed);
      old.buffer = bigger;
    }
    pending.copy(old.buffer, old.committed, 0, end);
    old.committed += end;
    old.tail = Buffer.from(pending.subarray(end));
    old.size += fresh.length;
    old.mtimeMs = info.mtimeMs;
    return end > 0;
  }
}
