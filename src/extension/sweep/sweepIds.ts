/** Stored sweeps' ids and their order. An id holds its creation time (ISO, `:` and `.` made `-`
 *  for file names), after a prefix for imported sweeps, so the list sorts by that time, not by the
 *  id's text: `imported-…` would otherwise sort after every run sweep and stay "latest" forever. */

const STAMP = /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z/;

/** A new sweep's id: its creation time, after `prefix` when given, with a random tail so that two
 *  sweeps started in the same millisecond differ. */
export function newSweepId(created: Date, prefix?: string): string {
  const stamp = created.toISOString().replace(/[:.]/g, '-');
  return `${prefix ? `${prefix}-` : ''}${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

/** The creation time (ms since the epoch) written in an id, or undefined for an id without one. */
export function sweepIdTime(id: string): number | undefined {
  const m = STAMP.exec(id);
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isNaN(t) ? undefined : t;
}

export interface StoredEntry {
  id: string;
  /** The file's modification time (ms), for an id that holds no time (a hand-named file). */
  mtime: number;
}

/** Ids oldest first: by the time in the id, else the file's; equal times by id. */
export function oldestFirst(entries: readonly StoredEntry[]): string[] {
  const timed = entries.map((e) => ({ id: e.id, time: sweepIdTime(e.id) ?? e.mtime }));
  return timed.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((e) => e.id);
}
