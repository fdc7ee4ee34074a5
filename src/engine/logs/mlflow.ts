/** MLflow. The file store: `mlruns/<experiment>/<run>/metrics/<key>` (nested keys in subfolders),
 *  one line `timestamp value step` per logged point, `params/<key>` beside it; a run folder is known
 *  by its `meta.yaml`. The SQLite store (`mlflow.db`): tables `metrics` (key, value, timestamp,
 *  step, is_nan, run_uuid), `runs` and `experiments`; one run per MLflow run. */
import { cellNumber } from './csvtable';
import { ScalarsBuilder, count } from './series';
import { withDatabase } from './sqlite';
import { LogFormatError, type LogFile, type LogReader, type RunFiles, type RunLog } from './types';

const utf8 = new TextDecoder('utf-8', { fatal: false });

function fileStoreClaims(paths: readonly string[]): RunFiles[] {
  const all = new Set(paths);
  const runs = new Map<string, string[]>();
  for (const p of paths) {
    const i = p.indexOf('/metrics/');
    const j = p.indexOf('/params/');
    const k = i >= 0 ? i : j;
    if (k < 0) continue;
    const runDir = p.slice(0, k);
    if (!all.has(`${runDir}/meta.yaml`)) continue;
    const files = runs.get(runDir);
    if (files) files.push(p);
    else runs.set(runDir, [p]);
  }
  return [...runs].filter(([, files]) => files.some((f) => f.includes('/metrics/'))).map(([run, files]) => ({ run, files: files.sort() }));
}

function readFileStore(run: string, files: readonly LogFile[]): RunLog {
  const scalars = new ScalarsBuilder(true);
  const params: Record<string, string> = {};
  const notes: string[] = [];
  for (const f of files) {
    const metric = f.path.indexOf('/metrics/');
    if (metric < 0) {
      params[f.path.slice(f.path.indexOf('/params/') + 8)] = utf8.decode(f.bytes);
      continue;
    }
    const key = f.path.slice(metric + 9);
    const text = utf8.decode(f.bytes);
    const lines = text.split('\n');
    // a last line without its line end may still be being written
    if (lines[lines.length - 1] !== '') {
      if (text.length) notes.push(`${f.path}: last line has no line end (still being written?); skipped`);
    }
    lines.pop();
    let bad = 0;
    let firstBad = 0;
    for (let n = 0; n < lines.length; n++) {
      const parts = lines[n]!.trim().split(/\s+/);
      const ts = Number(parts[0]);
      const value = cellNumber(parts[1] ?? '');
      const step = parts.length > 2 ? Number(parts[2]) : 0;
      if (parts.length < 2 || parts.length > 3 || !Number.isFinite(ts) || value === undefined || !Number.isFinite(step)) {
        if (bad++ === 0) firstBad = n + 1;
        continue;
      }
      scalars.series(key).push(step, value, ts / 1000);
    }
    if (bad) notes.push(`${f.path}: ${count(bad)} line(s) not "timestamp value step" skipped (first at line ${firstBad})`);
  }
  return { run, format: 'mlflow', scalars: scalars.build(), params, notes };
}

function readDatabase(run: string, file: LogFile): Promise<RunLog[]> {
  return withDatabase(file.path, file.bytes, (query) => {
    const tables = new Set(query("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name));
    if (!tables.has('metrics') || !tables.has('runs')) throw new LogFormatError(file.path, 'not an MLflow database (no metrics and runs tables)');
    const out: RunLog[] = [];
    for (const r of query('SELECT run_uuid, name, experiment_id FROM runs ORDER BY start_time, run_uuid')) {
      const scalars = new ScalarsBuilder(true);
      const rows = query('SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? ORDER BY key, step, timestamp', [r.run_uuid as string]);
      for (const m of rows) {
        const value = m.is_nan ? NaN : Number(m.value);
        scalars.series(String(m.key)).push(Number(m.step), value, Number(m.timestamp) / 1000);
      }
      const params: Record<string, unknown> = { 'mlflow.runName': r.name };
      if (tables.has('params')) for (const p of query('SELECT key, value FROM params WHERE run_uuid = ?', [r.run_uuid as string])) params[String(p.key)] = p.value;
      out.push({ run: `${run}/${String(r.experiment_id)}/${String(r.run_uuid)}`, format: 'mlflow', scalars: scalars.build(), params, notes: [] });
    }
    return out;
  });
}

export const mlflowReader: LogReader = {
  format: 'mlflow',
  claim(paths: readonly string[]): RunFiles[] {
    const dbs = paths.filter((p) => /(^|\/)mlflow\.db$/.test(p)).map((p) => ({ run: p, files: [p] }));
    return [...fileStoreClaims(paths), ...dbs];
  },
  read(run: string, files: readonly LogFile[]): RunLog | Promise<RunLog[]> {
    if (files.length === 1 && /(^|\/)mlflow\.db$/.test(files[0]!.path)) return readDatabase(run, files[0]!);
    return readFileStore(run, files);
  },
};
