/** `losslab logs PATH... [--tag REGEX] [--check] [--json]`: reads training logs (TensorBoard, CSV,
 *  W&B, MLflow, …) and prints a table of runs × tags, or one JSON object (the contract below).
 *  --check exits 1 when a run has NaN/inf or diverges, naming which on stderr. */
import { encodeNumber } from '../engine/cases';
import { runAnomalies, type LogAnomaly } from '../engine/logs/anomalies';
import type { RunLog, ScalarSeries } from '../engine/logs/types';
import { join } from 'node:path';
import { loadLogs, type LoadError } from '../logio/load';

export const LOGS_USAGE = '  logs PATH... [--tag REGEX] [--check] [--json]\n                     read training logs (TensorBoard, Lightning/Keras/CSV, W&B, MLflow): runs × tags, anomalies';

export class LogsArgsError extends Error {}

interface Args {
  paths: string[];
  tag?: RegExp;
  check: boolean;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { paths: [], check: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') args.json = true;
    else if (a === '--check') args.check = true;
    else if (a === '--tag') {
      const v = argv[++i];
      if (v === undefined) throw new LogsArgsError('--tag needs a regular expression');
      try {
        args.tag = new RegExp(v);
      } catch (e) {
        throw new LogsArgsError(`--tag ${v}: ${(e as Error).message}`);
      }
    } else if (a.startsWith('--')) throw new LogsArgsError(`unknown option ${a}`);
    else args.paths.push(a);
  }
  if (args.paths.length === 0) throw new LogsArgsError('logs needs a PATH (a log folder or file)');
  return args;
}

/** A number of the JSON contract: non-finite values as the strings "nan", "inf", "-inf". */
function jsonNumber(v: number): string {
  return JSON.stringify(encodeNumber(v));
}

/** Writes big arrays in pieces: a 10-million-point series never becomes one string. */
function writeArray(out: (s: string) => void, a: Float64Array): void {
  out('[');
  const chunk = 65536;
  for (let i = 0; i < a.length; i += chunk) {
    const parts: string[] = [];
    for (let j = i; j < Math.min(a.length, i + chunk); j++) parts.push(jsonNumber(a[j]!));
    out((i > 0 ? ',' : '') + parts.join(','));
  }
  out(']');
}

function writeJson(out: (s: string) => void, runs: readonly RunLog[], anomalies: readonly LogAnomaly[], errors: readonly LoadError[]): void {
  out('{"runs": [');
  runs.forEach((r, ri) => {
    out(`${ri ? ',\n' : '\n'}{"run": ${JSON.stringify(r.run)}, "format": ${JSON.stringify(r.format)}, "scalars": {`);
    [...r.scalars].forEach(([tag, s], ti) => {
      out(`${ti ? ', ' : ''}${JSON.stringify(tag)}: {"step": `);
      writeArray(out, s.step);
      out(', "value": ');
      writeArray(out, s.value);
      out(', "wall_time": ');
      if (s.wallTime) writeArray(out, s.wallTime);
      else out('null');
      out('}');
    });
    out(`}, "notes": ${JSON.stringify(r.notes)}}`);
  });
  out('\n], "anomalies": [');
  out(anomalies.map((a) => '\n' + JSON.stringify({ run: a.run, tag: a.tag, kind: a.kind, step: a.step, message: a.message })).join(','));
  out('\n], "errors": [');
  out(errors.map((e) => '\n' + JSON.stringify({ path: e.path, message: e.message })).join(','));
  out('\n]}\n');
}

function minOf(s: ScalarSeries): number {
  let m = Infinity;
  for (const v of s.value) if (v < m) m = v;
  return m === Infinity ? NaN : m;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}

function table(runs: readonly RunLog[], anomalies: readonly LogAnomaly[]): string {
  const rows: string[][] = [['run', 'format', 'tag', 'points', 'last', 'min', 'anomalies']];
  for (const r of runs) {
    for (const [tag, s] of r.scalars) {
      const found = anomalies.filter((a) => a.run === r.run && a.tag === tag);
      const kinds = [...new Set(found.map((a) => a.kind))].map((k) => {
        const n = found.filter((a) => a.kind === k).length;
        return n > 1 ? `${n} ${k}s` : `${k} at step ${found.find((a) => a.kind === k)!.step}`;
      });
      rows.push([r.run, r.format, tag, s.step.length.toLocaleString('en-US'), fmt(s.value[s.value.length - 1]!), fmt(minOf(s)), kinds.join('; ') || '-']);
    }
    if (r.scalars.size === 0) rows.push([r.run, r.format, '(no scalars)', '0', '-', '-', '-']);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n') + '\n';
}

export async function cmdLogs(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const progress = !args.json && process.stderr.isTTY
    ? (done: number, total: number) => process.stderr.write(`\rreading runs ${done}/${total}${done === total ? '\n' : ''}`)
    : undefined;
  const { runs, errors } = await loadLogs(args.paths, { tag: args.tag, onProgress: progress });
  const anomalies = runs.flatMap((r) => runAnomalies(r).map((a) => ({ ...a, where: join(r.source, r.run) })));
  const out = (s: string) => void process.stdout.write(s);
  if (args.json) writeJson(out, runs, anomalies, errors);
  else {
    out(runs.length ? table(runs, anomalies) : 'no runs found\n');
    for (const r of runs) for (const n of r.notes) process.stderr.write(`note: ${n.startsWith(r.run) ? n : `${r.run}: ${n}`}\n`);
    for (const e of errors) process.stderr.write(`error: ${e.path}: ${e.message}\n`);
  }
  let code = runs.length === 0 && errors.length > 0 ? 1 : 0;
  if (args.check) {
    const failing = anomalies.filter((a) => a.kind === 'nan' || a.kind === 'inf' || a.kind === 'divergence');
    for (const a of failing) {
      const what = a.kind === 'divergence' ? 'diverges' : `became ${a.kind === 'nan' ? 'NaN' : 'inf'}`;
      process.stderr.write(`losslab logs --check: ${a.tag} ${what} at step ${a.step.toLocaleString('en-US')} in ${a.where}\n`);
    }
    if (failing.length) code = 1;
  }
  return code;
}
