/** Where a landscape comes from: a sweep spec (file, object or the active editor) and a run index,
 *  or a catalog loss for which a small default spec is written (the "Landscape…" lens). */
import type { LossSpec, OptionValue, TargetKind } from '../../engine/catalog/types';
import { syntheticNames } from '../../engine/data/synthetic';
import type { Task } from '../../engine/data/dataset';

const TASK_OF: Partial<Record<TargetKind, Task>> = {
  values: 'regression',
  counts: 'regression',
  binary: 'binary',
  plus_minus_one: 'binary',
  multilabel_binary: 'binary',
  class_indices: 'multiclass',
  class_probabilities: 'multiclass',
};

/** A 2-16-16-out tanh MLP trained with Adam for 300 full-batch steps on 1000 synthetic points of
 *  the task the loss's target calls for. undefined when no task fits. */
export function defaultSpecFor(loss: LossSpec, options: Record<string, OptionValue> = {}): Record<string, unknown> | undefined {
  const task = TASK_OF[loss.expects.target];
  if (!task) return undefined;
  const names = syntheticNames(task);
  const preferred = task === 'regression' ? 'sine' : task === 'binary' ? 'moons' : 'blobs';
  return {
    name: `${loss.id} landscape`,
    task,
    dataset: { name: names.includes(preferred) ? preferred : names[0], n: 1000, noise: task === 'regression' ? 0.1 : 0.15, seed: 1 },
    model: { hidden: [16, 16], activation: 'tanh' },
    losses: [Object.keys(options).length > 0 ? { name: loss.id, options } : loss.id],
    optimizers: [{ name: 'adam', lr: 0.01 }],
    steps: 300,
    val_fraction: 0,
    seeds: [0],
  };
}
