/** The one WebAssembly SQLite of the project (sql.js): MLflow's and Optuna's SQLite stores are
 *  opened from their bytes, read-only, and closed after the query. No native module. */
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { LogFormatError } from './types';

let loading: Promise<SqlJsStatic> | undefined;

/** Loads sql.js once. Its wasm is found beside the running script: node_modules/sql.js/dist under
 *  tsx, out/ in the bundles (scripts/build.mjs copies sql-wasm.wasm there). */
function sqlite(): Promise<SqlJsStatic> {
  loading ??= import('sql.js').then((m) => {
    const init = (m as unknown as { default?: (c?: object) => Promise<SqlJsStatic> }).default ?? (m as unknown as (c?: object) => Promise<SqlJsStatic>);
    return init();
  });
  return loading;
}

export type Row = Record<string, SqlValue>;

/** Runs `use` on the database held in `bytes` (the file at `path`), then frees it. A file that is not
 *  SQLite, or a damaged one, is a LogFormatError naming `path`; so is what `use` throws as one. */
export async function withDatabase<T>(path: string, bytes: Uint8Array, use: (query: (sql: string, params?: SqlValue[]) => Row[]) => T): Promise<T> {
  if (!isSqlite(bytes)) throw new LogFormatError(path, 'not an SQLite database');
  const SQL = await sqlite();
  let db: Database | undefined;
  try {
    db = new SQL.Database(bytes);
    const open = db;
    return use((sql, params) => {
      const stmt = open.prepare(sql, params);
      const rows: Row[] = [];
      try {
        while (stmt.step()) rows.push(stmt.getAsObject());
      } finally {
        stmt.free();
      }
      return rows;
    });
  } catch (e) {
    if (e instanceof LogFormatError) throw e;
    // sql.js reports a damaged database as a plain Error ("database disk image is malformed").
    throw new LogFormatError(path, `damaged SQLite database: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    db?.close();
  }
}

/** True when `bytes` start with SQLite's file header. */
export function isSqlite(bytes: Uint8Array): boolean {
  const magic = 'SQLite format 3\u0000';
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return false;
  return true;
}
