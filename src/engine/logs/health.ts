/** What went wrong in one tag of a run: the curve detector's spikes, divergence and NaN/inf, plus
 *  the restarts the readers found (a step that went back is a resumed run, never a spike). */
import { detectAnomalies } from '../curves/anomalies';
import type { ScalarSeries } from './types';

export type LogAnomalyKind = 'spike' | 'divergence' | 'nan' | 'inf' | 'restart';

export interface LogAnomaly {
  kind: LogAnomalyKind;
  /** Index of the point to mark, and its step and value. */
  at: number;
  step: number;
  value: number;
  explanation: string;
}

const VAL = /(^|[^a-z])(val|valid|validation|eval|test)([^a-z]|$)/i;

/** Validation tags (val/loss, eval_loss, validation/loss…) rise for other reasons than training. */
export function isValidationTag(tag: string): boolean {
  return VAL.test(tag);
}

export function seriesHealth(tag: string, series: ScalarSeries): LogAnomaly[] {
  const values = Array.from(series.value);
  const steps = Array.from(series.step);
  const found: LogAnomaly[] = detectAnomalies(values, { steps, split: isValidationTag(tag) ? 'val' : 'train' }).map((a) => ({
    kind: a.kind === 'nonfinite' ? (Number.isNaN(a.value) ? 'nan' : 'inf') : a.kind,
    at: a.at, step: steps[a.at]!, value: a.value, explanation: a.explanation,
  }));
  for (const at of series.restarts) {
    found.push({
      kind: 'restart', at, step: steps[at]!, value: values[at]!,
      explanation: `Restart at step ${steps[at]}: the step went back from ${steps[at - 1]} (a run resumed from a checkpoint, or two runs writing to one folder). Both segments are kept; the jump is not a spike.`,
    });
  }
  return found.sort((a, b) => a.at - b.at);
}
