/** The common frame of the family losses: an entry states its texts and a `run`; this checks the
 *  argument and option names and the dtypes its spec declares, then runs it. */
import { LossError } from '../../errors';
import type { LossResult, LossSpec, Options, TensorArgs } from '../../catalog/types';
import type { Tensor } from '../../tensor';
import { rejectUnknownNames } from '../call_options';
import { SpecOptions } from '../spec_options';

export interface RunContext {
  /** A required tensor argument (LossError when missing). */
  arg(name: string): Tensor;
  /** An optional tensor argument, undefined when absent or None. */
  optional(name: string): Tensor | undefined;
  opt: SpecOptions;
  wantGrad: boolean;
}

export type FamilySpec = Omit<LossSpec, 'compute'> & { run(ctx: RunContext): LossResult };

export function defineLoss(entry: FamilySpec): LossSpec {
  const { run, ...fields } = entry;
  const spec: LossSpec = {
    ...fields,
    compute(args: TensorArgs, options: Options, wantGrad: boolean): LossResult {
      rejectUnknownNames(spec, args, options);
      for (const a of spec.args) {
        const t = args[a.name];
        if (!t) {
          if (!a.optional) throw new LossError(spec.id, a.name, 'missing required tensor argument');
          continue;
        }
        if (a.dtype === 'float' && !t.isFloating) throw new LossError(spec.id, a.name, `expected a floating-point tensor, got ${t.dtype}`);
        if (a.dtype === 'int' && t.isFloating) throw new LossError(spec.id, a.name, `expected an integer tensor (class indices or labels), got ${t.dtype}`);
      }
      return run({
        arg: (name) => args[name]!,
        optional: (name) => args[name],
        opt: new SpecOptions(spec, options),
        wantGrad,
      });
    },
  };
  return spec;
}

/** The gradient record of a call that did not ask for gradients. */
export const NO_GRAD: Readonly<Record<string, Tensor>> = Object.freeze({});
