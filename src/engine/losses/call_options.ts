/** Reading a loss call's keyword arguments the way torch.nn.functional does. */
import { LossError } from '../errors';
import type { LossSpec, Options, TensorArgs } from '../catalog/types';
import { OptionReader, type Reduction } from './common';

/** The reduction PyTorch 1.13 resolves: the deprecated `size_average`/`reduce` pair wins when
 *  either is given (both default to true: mean; reduce alone: sum; reduce false: none), and
 *  'elementwise_mean' is still accepted as an old alias of 'mean'. */
export function readReduction(loss: string, options: Options, acceptsLegacy: boolean): Reduction {
  const read = new OptionReader(loss, options);
  const given = (name: string): boolean => options[name] !== undefined && options[name] !== null;
  if (acceptsLegacy && (given('size_average') || given('reduce'))) {
    const sizeAverage = read.boolean('size_average', true);
    const reduce = read.boolean('reduce', true);
    if (!reduce) return 'none';
    return sizeAverage ? 'mean' : 'sum';
  }
  if (options['reduction'] === 'elementwise_mean') return 'mean';
  return read.reduction();
}

/** PyTorch raises TypeError on a keyword it does not take; so do we, naming the loss. */
export function rejectUnknownNames(spec: Pick<LossSpec, 'id' | 'args' | 'options'>, args: TensorArgs, options: Options): void {
  const tensorNames = new Set(spec.args.map((a) => a.name));
  for (const name of Object.keys(args)) {
    if (!tensorNames.has(name)) throw new LossError(spec.id, name, `unexpected tensor argument (takes ${[...tensorNames].join(', ')})`);
  }
  const optionNames = new Set(spec.options.map((o) => o.name));
  for (const name of Object.keys(options)) {
    // `weight=None` is how Python spells an absent optional tensor.
    if (tensorNames.has(name) && options[name] === null) continue;
    if (!optionNames.has(name)) throw new LossError(spec.id, name, `unexpected keyword argument (takes ${[...optionNames].join(', ')})`);
  }
}
