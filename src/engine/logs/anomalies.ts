/** What went wrong in a run read from a log: the curve detector on every tag, split at restarts,
 *  plus the restarts themselves. One place for the CLI and the extension. */
import { detectAnomalies, type CurveAnomaly } from '../curves/anomalies';
import type { RunLog, ScalarSeries } from './types';

export type LogAnomalyKind = 'spike' | 'divergence' | 'nan' | 'inf' | 'restart';

export interface LogAnomaly {
  run: string;
  tag: string;
  kind: LogAnomalyKind;
  step: number;
  /** Index of the point in the tag's series. */
  index: number;
  message: string;
}

/** Validation curves rise for another reason (overfitting), which the explanation says. */
export function splitOf(tag: string): 'train' | 'val' {
  return /(^|[^a-z])(val|valid|validation|eval|test)([^a-z]|$)/i.test(tag) ? 'val' : 'train';
}

export function seriesAnomalies(run: string, tag: string, s: ScalarSeries): LogAnomaly[] {
  return logAnomalies(run, tag, s, detectAnomalies(s.value, { steps: s.step, restarts: s.restarts, split: splitOf(tag) }));
}

/** The restarts of a series and what the curve detector found in it, as log anomalies. */
export function logAnomalies(run: string, tag: string, s: ScalarSeries, found: readonly CurveAnomaly[]): LogAnomaly[] {
  const out: LogAnomaly[] = [];
  for (const i of s.restarts) {
    out.push({
      run, tag, kind: 'restart', step: s.step[i]!, index: i,
      message: `Restart at point ${i + 1}: the step goes back from ${s.step[i - 1]} to ${s.step[i]} (a resumed run); both segments are kept.`,
    });
  }
  for (const a of found) {
    const kind = a.kind === 'nonfinite' ? (Number.isNaN(a.value) ? 'nan' : 'inf') : a.kind;
    out.push({ run, tag, kind, step: s.step[a.at]!, index: a.at, message: a.explanation });
  }
  return out.sort((a, b) => a.index - b.index);
}

export function runAnomalies(run: RunLog): LogAnomaly[] {
  return [...run.scalars].flatMap(([tag, s]) => seriesAnomalies(run.run, tag, s));
}
