/** The small default spec behind "Landscape…" on a loss: the loss alone, trained once. */
import type { LossSpec, OptionValue } from '../../engine/catalog/types';
import { syntheticNames } from '../../engine/data/synthetic';
import { taskForLoss } from '../../engine/train/quick';

/** A 2-16-16-out tanh MLP trained with Adam for 300 full-batch steps on 1000 synthetic points of
 *  the task the loss calls for (the same choice as a quick sweep). undefined when no task fits. */
export function defaultSpecFor(loss: LossSpec, options: Record<string, OptionValue> = {}): Record<string, unknown> | undefined {
  const task = taskForLoss(loss);
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
