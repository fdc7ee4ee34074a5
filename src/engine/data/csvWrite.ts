/** The one CSV writer (csv-stringify, csv-parse's sibling): exports that a spreadsheet opens safely. */
// The browser build (its own small Buffer polyfill inside): the webview and the notebook renderer
// export CSV too, and the Node build touches Buffer when it loads.
import { stringify } from 'csv-stringify/browser/esm/sync';

export type CsvCell = number | string | boolean | null | undefined;

/** Non-finite numbers as the strings our readers and Python's float() read back. */
function numberCell(v: number): string {
  return Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
}

/** RFC 4180 quoting, a bare CR quoted too; a text cell starting with = + - @ (or a tab or CR) gets a
 *  leading ' so that a spreadsheet shows it instead of running it as a formula (a run named
 *  "=HYPERLINK(…)"). Numbers are written as numbers. */
export function csvText(rows: readonly (readonly CsvCell[])[], lineEnd: '\n' | '\r\n' = '\n'): string {
  return stringify(rows as CsvCell[][], {
    escape_formulas: true,
    quoted_match: /\r/,
    record_delimiter: lineEnd === '\n' ? 'unix' : 'windows',
    cast: { number: numberCell, boolean: (b) => (b ? 'true' : 'false') },
  });
}
