/** Building a FrameworkLoss: the framework's keyword check (Python raises TypeError on a keyword it
 *  does not take) and option reading with the defaults stated once, in the spelling's option list. */
import { LossError } from '../errors';
import type { LossResult, OptionSpec, OptionValue, Options, TensorArgs } from '../catalog/types';
import type { Tensor } from '../tensor';
import type { FrameworkArgSpec, FrameworkLoss } from './types';

/** The options of one call, each read with the default the spelling declares. */
export class FrameworkOptions {
  constructor(
    readonly loss: string,
    private readonly specs: readonly OptionSpec[],
    private readonly givenOptions: Options,
  ) {}

  /** The options exactly as the caller gave them. */
  given(): Options {
    return this.givenOptions;
  }

  /** The given value, or the declared default; a JSON list (axis: [1, 2]) comes through as an array. */
  raw(name: string): OptionValue | readonly OptionValue[] {
    const spec = this.specs.find((o) => o.name === name);
    if (!spec) throw new Error(`${this.loss}: option ${name} is not declared`);
    const v = Object.prototype.hasOwnProperty.call(this.givenOptions, name) ? (this.givenOptions[name] as OptionValue | readonly OptionValue[]) : undefined;
    return v === undefined ? spec.default : v;
  }

  number(name: string): number {
    const v = this.raw(name);
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v === 'inf') return Infinity;
    if (v === '-inf') return -Infinity;
    if (v === 'nan') return NaN;
    throw new LossError(this.loss, name, `expected a number, got ${JSON.stringify(v)}`);
  }

  /** A number, or null where the framework takes None. */
  optionalNumber(name: string): number | null {
    return this.raw(name) === null ? null : this.number(name);
  }

  boolean(name: string): boolean {
    const v = this.raw(name);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    throw new LossError(this.loss, name, `expected true or false, got ${JSON.stringify(v)}`);
  }

  string(name: string): string | null {
    const v = this.raw(name);
    if (v === null || typeof v === 'string') return v;
    throw new LossError(this.loss, name, `expected a string, got ${JSON.stringify(v)}`);
  }
}

/** A FrameworkLoss with `run` in place of `compute`: run gets the tensors after the framework's
 *  keyword checks and the options with their declared defaults. */
export type FrameworkLossDefinition = Omit<FrameworkLoss, 'compute'> & {
  run(args: Readonly<Record<string, Tensor>>, options: FrameworkOptions, wantGrad: boolean): LossResult;
};

/** A FrameworkLoss whose compute first rejects unknown names and missing required tensors. */
export function defineFrameworkLoss(d: FrameworkLossDefinition): FrameworkLoss {
  const argNames = new Set(d.args.map((a) => a.name));
  const optionNames = new Set(d.options.map((o) => o.name));
  return {
    name: d.name,
    framework: d.framework,
    kind: d.kind,
    lossId: d.lossId,
    args: d.args,
    options: d.options,
    differences: d.differences,
    compute(args: TensorArgs, options: Options, wantGrad: boolean): LossResult {
      for (const name of Object.keys(args)) {
        if (!argNames.has(name)) throw new LossError(d.name, name, `unexpected tensor argument (takes ${[...argNames].join(', ')})`);
      }
      for (const name of Object.keys(options)) {
        if (argNames.has(name) && options[name] === null) continue;
        if (!optionNames.has(name)) throw new LossError(d.name, name, `unexpected keyword argument`);
      }
      for (const a of d.args) {
        if (!a.optional && !args[a.name]) throw new LossError(d.name, a.name, 'missing required argument');
      }
      return d.run(args, new FrameworkOptions(d.name, d.options, options), wantGrad);
    },
  };
}

/** An option description, compactly. */
export function option(name: string, type: OptionSpec['type'], def: OptionValue, meaning: string, extra: Partial<OptionSpec> = {}): OptionSpec {
  return { name, type, default: def, meaning, ...extra };
}

export function arg(name: string, differentiable: boolean, meaning: string, optional = false): FrameworkArgSpec {
  return optional ? { name, differentiable, meaning, optional } : { name, differentiable, meaning };
}
