/** JSON Lines logs (`*.jsonl`, `*.ndjson`): one object per line, written as training goes. The x is
 *  the first of step / global_step / iteration / iter / epoch the record has (else its line
 *  number); every other numeric key is a tag, nested objects flattened with '/' (train/loss).
 *  A time key (timestamp, wall_time, time, _timestamp) in seconds since the epoch is the wall time. */
import { parsePythonJson } from './pythonJson';
import { ScalarsBuilder, count } from './series';
import { LogFormatError, type LogFile, type LogReader, type RunFiles, type RunLog } from './types';

export const STEP_KEYS = ['step', 'global_step', 'iteration', 'iter', 'epoch'] as const;
const TIME_KEYS = ['timestamp', 'wall_time', 'time', '_timestamp'];
const EXTENSIONS = /\.(jsonl|ndjson)$/i;

function claim(paths: readonly string[]): RunFiles[] {
  return paths.filter((p) => EXTENSIONS.test(p)).map((p) => ({ run: p, files: [p] }));
}

function flatten(o: Record<string, unknown>, prefix: string, out: Map<string, number>): void {
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}/${k}` : k;
    if (typeof v === 'number') out.set(key, v);
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
  }
}

export function readJsonl(run: string, files: readonly LogFile[]): RunLog {
  const file = files[0];
  if (!file) throw new LogFormatError(run, 'no file given');
  const text = new TextDecoder().decode(file.bytes);
  const notes: string[] = [];
  const lines = text.split('\n');
  const series = new ScalarsBuilder(true);
  let records = 0;
  let bad = 0;
  let firstBad = -1;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = parsePythonJson(line);
    } catch {
      record = undefined;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      if (index === lines.length - 1) {
        notes.push(`last line incomplete (${count(line.length)} bytes, still being written?): read up to line ${count(index)}`);
      } else {
        bad++;
        if (firstBad < 0) firstBad = index + 1;
      }
      return;
    }
    const values = new Map<string, number>();
    flatten(record as Record<string, unknown>, '', values);
    const stepKey = STEP_KEYS.find((k) => values.has(k) && Number.isFinite(values.get(k)));
    const step = stepKey ? values.get(stepKey)! : records;
    const timeKey = TIME_KEYS.find((k) => values.has(k));
    const wall = timeKey ? values.get(timeKey) : undefined;
    for (const [key, v] of values) {
      if (key === stepKey || key === timeKey) continue;
      series.series(key).push(step, v, wall);
    }
    records++;
  });
  if (bad > 0) notes.push(`${count(bad)} line${bad === 1 ? '' : 's'} that are not a JSON object skipped (first: line ${count(firstBad)})`);
  if (records === 0 && bad > 0) throw new LogFormatError(file.path, 'no line is a JSON object: not a JSON Lines log');
  const scalars = series.build();
  // A log without any time key has no wall time, rather than a wall time of NaN.
  for (const s of scalars.values()) if (s.wallTime && s.wallTime.every(Number.isNaN)) s.wallTime = null;
  return { run, format: 'jsonl', scalars, notes };
}

export const jsonlReader: LogReader = { format: 'jsonl', claim, read: readJsonl };
