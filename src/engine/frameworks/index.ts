/** Every framework spelling with its own semantics. Each framework's list lives in its own module
 *  and is concatenated here; nothing else keeps a list of them. */
import type { FrameworkLoss } from './types';
import { KERAS_LOSSES } from './keras';
import { SKLEARN_LOSSES } from './sklearn';
import { OPTAX_LOSSES } from './optax';
import { TORCHVISION_LOSSES } from './torchvision';
import { PML_LOSSES } from './pml';

export const FRAMEWORK_LOSSES: readonly FrameworkLoss[] = [
  ...KERAS_LOSSES,
  ...SKLEARN_LOSSES,
  ...OPTAX_LOSSES,
  ...TORCHVISION_LOSSES,
  ...PML_LOSSES,
];

const byName = new Map(FRAMEWORK_LOSSES.map((f) => [f.name, f]));

/** The spelling `name` ('keras.losses.Huber'), or undefined. */
export function getFrameworkLoss(name: string): FrameworkLoss | undefined {
  return byName.get(name);
}
