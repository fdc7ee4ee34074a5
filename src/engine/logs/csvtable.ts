/** What the CSV log readers share: a CSV's header and rows read tolerantly (a malformed or ragged
 *  record is skipped with a note, a half-written last line too), and columns turned into series. */
import { parseCsv } from '../data/csv';
import { ScalarsBuilder, count } from './series';
import { LogFormatError, type LogFile, type LogFormat, type RunLog } from './types';

export interface CsvTable {
  /** Header cells as written (Ultralytics pads them with spaces). */
  rawHeader: string[];
  header: string[];
  rows: string[][];
  notes: string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function readCsvTable(file: LogFile): CsvTable {
  if (file.bytes.length === 0) throw new LogFormatError(file.path, 'empty file (0 bytes)');
  const text = utf8.decode(file.bytes);
  const { records, problems } = parseCsv(text, { tolerant: true });
  const notes = problems.map((p) => `${file.path}: ${p}; record skipped`);
  // A last line without its line end may be half-written (a training still appending).
  if (!/[\r\n]$/.test(text) && records.length > 1) {
    records.pop();
    notes.push(`${file.path}: last line has no line end (still being written?); skipped`);
  }
  const [head, ...body] = records;
  if (!head) throw new LogFormatError(file.path, 'no header row');
  const header = head.cells.map((c) => c.trim());
  const rows: string[][] = [];
  let ragged = 0;
  let firstRagged = 0;
  for (const r of body) {
    if (r.cells.length !== header.length) {
      if (ragged++ === 0) firstRagged = r.line;
      continue;
    }
    rows.push(r.cells.map((c) => c.trim()));
  }
  if (ragged) notes.push(`${file.path}: ${count(ragged)} row(s) with a cell count other than the header's ${header.length} skipped (first at line ${firstRagged})`);
  return { rawHeader: head.cells, header, rows, notes };
}

/** A cell as a number: decimal text exactly as written; nan/inf spellings of Python and JS. */
export function cellNumber(cell: string): number | undefined {
  if (cell === '') return undefined;
  const lower = cell.toLowerCase();
  if (lower === 'nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === 'infinity' || lower === '+inf') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  const v = Number(cell);
  return Number.isNaN(v) ? undefined : v;
}

/** Index of the x column: the first of `names` present (case-insensitive). */
export function xColumn(header: readonly string[], names: readonly string[]): number {
  const lower = header.map((h) => h.toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

/** Every other column with a number in it becomes a tag; empty cells are points not logged (sparse
 *  rows), a row without an x value is skipped, a column with text in it is left out with a note. */
export function tableRun(run: string, format: LogFormat, file: LogFile, table: CsvTable, x: number, skip: readonly string[] = []): RunLog {
  const scalars = new ScalarsBuilder(false);
  const notes = [...table.notes];
  const textual = new Set<number>();
  for (let c = 0; c < table.header.length; c++) {
    if (c === x || skip.includes(table.header[c]!)) {
      textual.add(c);
      continue;
    }
    if (table.rows.some((r) => r[c] !== '' && cellNumber(r[c]!) === undefined)) textual.add(c);
  }
  for (const c of textual) if (c !== x && !skip.includes(table.header[c]!)) notes.push(`${file.path}: column "${table.header[c]}" holds text; not a curve`);
  let noStep = 0;
  for (const row of table.rows) {
    const step = cellNumber(row[x]!);
    if (step === undefined || !Number.isFinite(step)) {
      noStep++;
      continue;
    }
    for (let c = 0; c < row.length; c++) {
      if (c === x || textual.has(c)) continue;
      const v = cellNumber(row[c]!);
      if (v !== undefined) scalars.series(table.header[c]!).push(step, v);
    }
  }
  if (noStep) notes.push(`${file.path}: ${count(noStep)} row(s) without a ${table.header[x]} value skipped`);
  return { run, format, scalars: scalars.build(), notes };
}

