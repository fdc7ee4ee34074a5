/** A live sweep as a curves figure: one training curve per run (validation dashed when the run has
 *  one), coloured by the chosen grouping, named by the rest of its configuration. */
import * as l10n from '@vscode/l10n';
import type { CurveSeries, CurvesFigure } from '../protocol/figure';
import type { GroupBy, SweepRun, SweepSnapshot } from '../protocol/sweepPanel';

export function groupKey(r: SweepRun, by: GroupBy): string {
  return by === 'loss' ? r.loss : by === 'optimizer' ? r.optimizer : `lr=${r.lr}`;
}

export function runName(r: SweepRun): string {
  return `${r.loss} · ${r.optimizer} lr=${r.lr} seed=${r.seed}`;
}

// buildCurves caches curve statistics per series object: hand it the same object while a run's
// curve and grouping have not changed.
const cache = new WeakMap<SweepRun, { key: string; series: CurveSeries[] }>();

function runSeries(r: SweepRun, by: GroupBy): CurveSeries[] {
  const key = `${by}|${r.train.length}|${r.val?.length ?? -1}`;
  const hit = cache.get(r);
  if (hit && hit.key === key) return hit.series;
  const group = groupKey(r, by);
  const name = runName(r);
  const series: CurveSeries[] = [];
  if (r.train.length > 0) series.push({ name, values: [...r.train], group, split: 'train' });
  if (r.val && r.val.length > 0) series.push({ name: l10n.t('{0} (val)', name), values: [...r.val], ...(r.valSteps ? { steps: [...r.valSteps] } : {}), group, split: 'val' });
  cache.set(r, { key, series });
  return series;
}

export function sweepCurves(s: SweepSnapshot, by: GroupBy): CurvesFigure {
  return {
    version: 1,
    kind: 'curves',
    title: s.finished ? l10n.t('{0}: training loss', s.title) : l10n.t('{0}: training loss (running)', s.title),
    series: s.runs.flatMap((r) => runSeries(r, by)),
  };
}
