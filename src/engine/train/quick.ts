/** A sweep spec built from one loss: "compare this loss with the usual alternatives for its task".
 *  The task comes from what the loss expects; the alternatives are the catalog losses that can
 *  train that task without refusal or pitfall (tried through the same link planning as training). */
import { LOSSES, getLoss } from '../catalog';
import type { LossSpec, Options } from '../catalog/types';
import type { Task } from '../data/dataset';
import { syntheticNames } from '../data/synthetic';
import { planLink } from './link';

export function taskForLoss(loss: LossSpec): Task | null {
  switch (loss.expects.target) {
    case 'values': case 'counts': return loss.expects.prediction === 'values' ? 'regression' : null;
    case 'binary': case 'plus_minus_one': case 'multilabel_binary': return 'binary';
    case 'class_indices': case 'class_probabilities': case 'multilabel_indices': return 'multiclass';
    default: return null;
  }
}

/** Losses that train `task` (refused ones left out); `flagged` marks known pitfalls. */
export function lossesForTask(task: Task): { loss: LossSpec; flagged: boolean }[] {
  const out: { loss: LossSpec; flagged: boolean }[] = [];
  for (const loss of LOSSES) {
    try {
      const plan = planLink(loss, { task, classes: task === 'multiclass' ? 3 : task === 'binary' ? 2 : 1 });
      out.push({ loss, flagged: plan.flag !== undefined });
    } catch {
      // refused: not an alternative for this task
    }
  }
  return out;
}

export interface QuickSweepChoice {
  lossId: string;
  options?: Options;
  task?: Task;
  /** Other losses to compare; default: up to `maxAlternatives` unflagged ones for the task. */
  alternatives?: string[];
  dataset?: string;
  maxAlternatives?: number;
}

/** A spec object (to be checked by parseSpec) or a reason why this loss cannot be swept. */
export function quickSpec(choice: QuickSweepChoice): { spec: Record<string, unknown> } | { error: string } {
  const loss = getLoss(choice.lossId);
  if (!loss) return { error: `unknown loss ${choice.lossId}` };
  const task = choice.task ?? taskForLoss(loss);
  if (!task) return { error: `${loss.id} expects ${loss.expects.prediction} and ${loss.expects.target.replace(/_/g, ' ')} targets: there is no per-example model to sweep it on; write a sweep spec instead` };
  // Same family first (a margin loss against other margin losses), then catalog order.
  const candidates = lossesForTask(task).filter((l) => !l.flagged && l.loss.id !== loss.id);
  const ranked = [...candidates.filter((l) => l.loss.family === loss.family), ...candidates.filter((l) => l.loss.family !== loss.family)];
  const alternatives = choice.alternatives ?? ranked.slice(0, choice.maxAlternatives ?? 3).map((l) => l.loss.id);
  const options = choice.options ?? {};
  return {
    spec: {
      task,
      dataset: { name: choice.dataset ?? syntheticNames(task)[0]!, n: 500, noise: 0.2, seed: 0 },
      model: { hidden: [16, 16], activation: 'tanh' },
      losses: [Object.keys(options).length > 0 ? { name: loss.id, options } : loss.id, ...alternatives.filter((a) => a !== loss.id)],
      optimizers: [{ name: 'adam', lr: [0.003, 0.01, 0.03] }],
      steps: 200,
      batch_size: null,
      seeds: [0, 1],
    },
  };
}
