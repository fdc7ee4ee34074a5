/** Words and figures for a finished sweep: the best run, a one-line run description, the curves. */
import type { CurvesFigure } from '../../protocol/figure';
import type { RunReport } from '../../engine/train/report';
import type { StoredSweep } from './storage';

export { bestRun } from '../../engine/train/report';

export function runLabel(r: RunReport): string {
  return `${String(r.config.loss)} ${String(r.config.optimizer)} lr=${String(r.config.lr)} seed=${String(r.config.seed)}`;
}

export function describeRun(r: RunReport): string {
  const m = r.final.metric;
  const metric = 'accuracy' in m ? `accuracy ${m.accuracy?.toFixed(3) ?? '-'}` : 'r2' in m ? `R² ${m.r2?.toFixed(3) ?? '-'}` : '';
  return `${runLabel(r)}${metric ? `, ${metric}` : ''}`;
}

/** Training curves of every run, grouped (coloured) by loss, for "Show Loss Curves". */
export function curvesFigure(sweep: StoredSweep): CurvesFigure {
  return {
    version: 1,
    kind: 'curves',
    title: `Sweep: ${sweep.title}`,
    logY: true,
    series: sweep.report.runs.map((r) => ({ name: runLabel(r), values: r.loss.map((v) => (v === null ? NaN : v)), group: String(r.config.loss) })),
  };
}
