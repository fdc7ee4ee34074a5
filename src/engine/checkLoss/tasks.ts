/** The tasks a user's loss can be checked as, which catalog losses share each task, and the option
 *  grid each catalog loss is tried with. Derived from the catalog's `expects` and `tunable`. */
import { LOSSES } from '../catalog';
import type { LossSpec, OptionValue } from '../catalog/types';

export const LOSS_TASKS = ['regression', 'binary-logits', 'binary-probabilities', 'multiclass'] as const;
export type LossTask = (typeof LOSS_TASKS)[number];

/** Numbers as the runner nests them: a scalar, a vector, rows of a matrix. */
export type Nested = number | Nested[];

const WANTS: Record<LossTask, (l: LossSpec) => boolean> = {
  regression: (l) => l.expects.prediction === 'values' && l.expects.target === 'values',
  'binary-logits': (l) => l.expects.prediction === 'logits' && l.expects.target === 'binary',
  'binary-probabilities': (l) => l.expects.prediction === 'probabilities' && l.expects.target === 'binary',
  multiclass: (l) => (l.expects.prediction === 'logits' || l.expects.prediction === 'scores') && l.expects.target === 'class_indices',
};

/** Catalog losses of a task that take exactly a prediction and a target. */
export function catalogCandidates(task: LossTask): LossSpec[] {
  return LOSSES.filter((l) => WANTS[task](l) && l.args.filter((a) => !a.optional).length === 2);
}

const MAX_VALUES_PER_OPTION = 101;
const MAX_COMBINATIONS = 6000;

function decimals(step: number): number {
  const text = String(step);
  return text.includes('e-') ? Number(text.split('e-')[1]) : (text.split('.')[1]?.length ?? 0);
}

/** The values a tunable option is tried with: its slider's steps (thinned to at most 101), and its default. */
function optionValues(min: number, max: number, step: number, fallback: OptionValue): number[] {
  const count = Math.floor((max - min) / step + 1e-9) + 1;
  const stride = Math.max(1, Math.ceil(count / MAX_VALUES_PER_OPTION));
  const values = new Set<number>();
  for (let k = 0; k < count; k += stride) values.add(Number((min + k * step).toFixed(decimals(step))));
  if (typeof fallback === 'number') values.add(fallback);
  return [...values];
}

/** Every combination of the loss's tunable options (other options keep their defaults). */
export function optionGrid(spec: LossSpec): Record<string, number>[] {
  let grid: Record<string, number>[] = [{}];
  for (const o of spec.options) {
    if (!o.tunable || o.type !== 'number') continue;
    const values = optionValues(o.tunable.min, o.tunable.max, o.tunable.step, o.default);
    if (grid.length * values.length > MAX_COMBINATIONS) continue;
    grid = grid.flatMap((g) => values.map((v) => ({ ...g, [o.name]: v })));
  }
  return grid;
}
