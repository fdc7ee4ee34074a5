/** RFC 4180 CSV (csv-parse): quoted fields may hold commas, doubled quotes and line breaks; CRLF or
 *  LF; a leading BOM is skipped. Every problem is reported with the line where its record starts. */
import { CsvError as CsvParseError, parse } from 'csv-parse/sync';
import { makeDataset, type Dataset, type Task } from './dataset';

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  cells: string[];
}

export class CsvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  ${problems.join('\n  ')}`);
    this.name = 'CsvError';
  }
}

/** Parses with csv-parse (the project's one CSV parser). `tolerant`: a malformed record is skipped
 *  and reported in `problems` instead of throwing, and the rest is still read. */
export function parseCsv(text: string): CsvRecord[];
export function parseCsv(text: string, options: { tolerant: true }): { records: CsvRecord[]; problems: string[] };
export function parseCsv(text: string, options?: { tolerant: true }): CsvRecord[] | { records: CsvRecord[]; problems: string[] } {
  const plain = text.includes('"') ? undefined : parseUnquoted(text);
  if (plain) return options?.tolerant ? { records: plain, problems: [] } : plain;
  const records: CsvRecord[] = [];
  const problems: string[] = [];
  let consumed = 0;
  try {
    const rows = parse(text, {
      bom: true, relax_column_count: true, skip_empty_lines: true, info: true, raw: true,
      skip_records_with_error: options?.tolerant ?? false,
      on_skip: (err) => {
        if (err) problems.push(csvProblem(err, text, consumed));
      },
      on_record: (record, context) => {
        consumed = context.bytes;
        return record;
      },
    }) as unknown as { record: string[]; info: { lines: number; bytes: number }; raw: string }[];
    for (const { record, info, raw } of rows) {
      const inner = raw.replace(/^[\r\n]+/, '').replace(/\r?\n?$/, '').replace(/\r$/, '');
      records.push({ line: info.lines - (inner.split('\n').length - 1), cells: record });
    }
  } catch (e) {
    if (!(e instanceof CsvParseError)) throw e;
    const problem = csvProblem(e, text, consumed);
    if (!options?.tolerant) throw new CsvError([problem]);
    problems.push(problem);
  }
  return options?.tolerant ? { records, problems } : records;
}

/** A CSV without a quote, the usual numeric log or dataset: each record is one physical line, so
 *  its line number comes from a scan of the line starts, and csv-parse is not asked where each
 *  record is (its per-record info objects cost more than the parse itself). Undefined when
 *  csv-parse refuses the text or the scan counts other records than it does (a line end of another
 *  kind than the file's): parseCsv's general path then reads it and reports what it finds. */
function parseUnquoted(text: string): CsvRecord[] | undefined {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    if (e instanceof CsvParseError) return undefined;
    throw e;
  }
  const lines = nonEmptyLines(text);
  if (lines.length !== rows.length) return undefined;
  return rows.map((cells, i) => ({ line: lines[i]!, cells }));
}

/** The 1-based numbers of the lines that hold at least one character (CRLF, LF or CR ends; a
 *  leading BOM is no character). */
function nonEmptyLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let empty = true;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (!empty) lines.push(line);
      line++;
      empty = true;
    } else empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}

/** csv-parse's error in this module's words, with the line where the bad record starts. */
function csvProblem(e: CsvParseError, text: string, from: number): string {
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    // csv-parse reports the end of input; the quote opened on the first non-blank line after the
    // last good record
    let line = 1;
    for (let i = 0; i < from; i++) if (text.charCodeAt(i) === 10) line++;
    let i = from;
    while (i < text.length && (text[i] === '\n' || text[i] === '\r')) {
      if (text[i] === '\n') line++;
      i++;
    }
    return `line ${line}: quoted field is never closed`;
  }
  const got = /got "(.*?)" at line/.exec(e.message);
  if (e.code === 'CSV_INVALID_CLOSING_QUOTE') return `line ${e.lines}: unexpected character ${JSON.stringify(got?.[1] ?? '?')} after a closing quote`;
  if (e.code === 'INVALID_OPENING_QUOTE') return `line ${e.lines}: a quote inside an unquoted field (quote the whole field and double the quote)`;
  return `line ${e.lines}: ${e.message}`;
}

export interface CsvColumns {
  features: readonly string[];
  target: string;
  task: Task;
}

export interface CsvDataset {
  dataset: Dataset;
  /** Classification: the original label of each class index, in order. */
  classLabels: string[];
}

const MAX_REPORTED = 20;

function numeric(cell: string): number {
  const t = cell.trim();
  return t === '' ? NaN : Number(t);
}

/** The most classes a CSV classification target may have (Loss Lab trains small models). */
export const MAX_CLASSES = 1000;

/** Reads a header row and the chosen feature and target columns. Features must be numbers;
 *  a classification target may hold any labels (classes are its distinct values, sorted). */
export function csvDataset(text: string, columns: CsvColumns): CsvDataset {
  const records = parseCsv(text);
  if (records.length === 0) throw new CsvError(['the file is empty (expected a header row)']);
  const header = records[0]!.cells.map((h) => h.trim());
  const index = (name: string): number => {
    const k = header.indexOf(name);
    if (k < 0) throw new CsvError([`line ${records[0]!.line}: no column named ${JSON.stringify(name)} (columns: ${header.map((h) => JSON.stringify(h)).join(', ')})`]);
    return k;
  };
  const featureCols = columns.features.map(index);
  const targetCol = index(columns.target);
  const rows = records.slice(1);
  if (rows.length === 0) throw new CsvError(['the file has a header but no data rows']);
  const problems: string[] = [];
  const report = (p: string): void => {
    if (problems.length < MAX_REPORTED) problems.push(p);
  };
  const f = featureCols.length;
  const x = new Float64Array(rows.length * f);
  const rawTargets: string[] = [];
  rows.forEach((r, i) => {
    if (r.cells.length !== header.length) report(`line ${r.line}: ${r.cells.length} cells, the header has ${header.length}`);
    featureCols.forEach((c, k) => {
      const cell = r.cells[c] ?? '';
      const v = numeric(cell);
      if (cell.trim() === '') report(`line ${r.line}, column ${JSON.stringify(header[c])}: missing value`);
      else if (!Number.isFinite(v)) report(`line ${r.line}, column ${JSON.stringify(header[c])}: ${JSON.stringify(cell)} is not a number`);
      x[i * f + k] = v;
    });
    const t = (r.cells[targetCol] ?? '').trim();
    if (t === '') report(`line ${r.line}, column ${JSON.stringify(columns.target)}: missing target`);
    rawTargets.push(t);
  });
  const y = new Float64Array(rows.length);
  let classLabels: string[] = [];
  if (columns.task === 'regression') {
    rawTargets.forEach((t, i) => {
      const v = numeric(t);
      if (t !== '' && !Number.isFinite(v)) report(`line ${rows[i]!.line}, column ${JSON.stringify(columns.target)}: ${JSON.stringify(t)} is not a number`);
      y[i] = v;
    });
  } else {
    classLabels = [...new Set(rawTargets.filter((t) => t !== ''))];
    if (classLabels.length > MAX_CLASSES) {
      // Refused before sorting or training: the network's output layer and every batch's logits grow with it.
      throw new CsvError([`column ${JSON.stringify(columns.target)}: ${classLabels.length.toLocaleString('en-US')} distinct labels, at most ${MAX_CLASSES.toLocaleString('en-US')} classes (is it a regression target? set "task": "regression")`]);
    }
    const allNumeric = classLabels.every((l) => Number.isFinite(Number(l)));
    classLabels.sort(allNumeric ? (a, b) => Number(a) - Number(b) : undefined);
    if (columns.task === 'binary' && classLabels.length !== 2) {
      report(`column ${JSON.stringify(columns.target)}: a binary task needs exactly 2 distinct labels, found ${classLabels.length}${classLabels.length <= 10 ? ` (${classLabels.join(', ')})` : ''}`);
    }
    if (columns.task === 'multiclass' && classLabels.length < 2) report(`column ${JSON.stringify(columns.target)}: a classification task needs at least 2 distinct labels`);
    const classOf = new Map(classLabels.map((l, c) => [l, c]));
    rawTargets.forEach((t, i) => (y[i] = classOf.get(t) ?? NaN));
  }
  if (problems.length > 0) throw new CsvError(problems);
  const classes = columns.task === 'regression' ? 1 : classLabels.length;
  return { dataset: makeDataset(columns.task, x, y, f, classes, columns.features), classLabels };
}
