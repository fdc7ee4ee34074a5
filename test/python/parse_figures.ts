// Runs payloads through the extension's parseFigure for test/python: reads a JSON array on stdin and
// prints, per payload, {"figure": ...} (NaN/±Infinity written as "nan"/"inf"/"-inf") or {"error": ...}.
import { readFileSync } from 'node:fs';
import { parseFigure } from '../../src/protocol/figure';

const payloads = JSON.parse(readFileSync(0, 'utf8')) as unknown[];
const results = payloads.map((p) => {
  try {
    return { figure: parseFigure(p) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
});
const nonFinite = (_key: string, v: unknown): unknown =>
  typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf') : v;
process.stdout.write(JSON.stringify(results, nonFinite));
