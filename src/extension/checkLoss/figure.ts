/** The panel of a "Check loss" run: the user's measured curve beside the closest catalog losses
 *  (the loss explorer figure, computed by the engine in the webview), the checks underneath. */
import type { LossTask } from '../../engine/checkLoss/tasks';
import type { ExplorerFigure } from '../../protocol/figure';
import type { CheckLossReport } from '../../runner/checkLossReport';

/** Drawn for reference when no catalog loss matches. */
const TASK_REFERENCE: Record<LossTask, string> = {
  regression: 'mse_loss',
  'binary-logits': 'binary_cross_entropy_with_logits',
  'binary-probabilities': 'binary_cross_entropy',
  multiclass: 'cross_entropy',
};

const MAX_CATALOG_CURVES = 3;

export function checkFigure(report: CheckLossReport): ExplorerFigure {
  const losses: ExplorerFigure['losses'] = [];
  for (const m of report.matches.slice(0, MAX_CATALOG_CURVES)) {
    // One point per curve: the reduction makes no difference on a batch of one.
    const options = Object.fromEntries(Object.entries(m.options).filter(([k]) => k !== 'reduction'));
    if (!losses.some((l) => l.id === m.id && JSON.stringify(l.options) === JSON.stringify(options))) losses.push({ id: m.id, options });
  }
  const reference = TASK_REFERENCE[report.task];
  if (!losses.some((l) => l.id === reference)) losses.push({ id: reference });
  const c = report.curve;
  return {
    version: 1, kind: 'explorer',
    title: `${report.loss} (${report.framework}) beside the catalog`,
    losses,
    target: c.target,
    range: [c.x[0]!, c.x[c.x.length - 1]!],
    measured: [{ name: `${report.loss} (yours, ${c.gradient_source})`, x: c.x, loss: c.loss, gradient: c.gradient }],
  };
}
