/** Reading a loss call's keyword arguments the way torch.nn.functional does. */
import { LossError } from '../errors';
import type { LossSpec, Options, TensorArgs } from '../catalog/types';
import type { Reduction } from './common';
import { SpecOptions } from './spec_options';

/** The reduction PyTorch 1.13 resolves: the deprecated `size_average`/`reduce` pair wins when
 *  either is given (both default to true: mean; reduce alone: sum; reduce false: none), and
 *  'elementwise_mean' is still accepted as an old alias of 'mean'. */
export function readReduction(read: SpecOptions, acceptsLegacy: boolean): Reduction {
  if (acceptsLegacy) {
    const sizeAverage = read.booleanOrNull('size_average');
    const reduce = read.booleanOrNull('reduce');
    if (sizeAverage !== null || reduce !== null) {
      if (reduce === false) return 'none';
      return sizeAverage === false ? 'sum' : 'mean';
    }
  }
  if (read.values['reduction'] === 'elementwise_mean') return 'mean';
  return read.reduction();
}

/** The options of a PyTorch loss call, read against its declared defaults (ranges are checked by
 *  the loss itself, as PyTorch checks them). */
export function callOptions(spec: Pick<LossSpec, 'id' | 'options'>, options: Options): SpecOptions {
  return new SpecOptions(spec, options, { checkRanges: false });
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
