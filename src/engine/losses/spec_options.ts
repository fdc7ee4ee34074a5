/** Option values read against the spec's own declarations: the default, range and choices of each
 *  option are stated once, in `LossSpec.options`; `resolveOptions` fills every option the call
 *  left out from there, and the computation reads only the resolved values (no reader takes a
 *  fallback, so no default can be written a second time inside a computation). */
import { LossError } from '../errors';
import type { LossSpec, OptionSpec, OptionValue, Options } from '../catalog/types';
import type { Reduction } from './common';

declare const resolvedBrand: unique symbol;

/** A call's options with every option the loss declares present: the caller's value, or the
 *  declared default where the caller left it out. Only `resolveOptions` makes one. */
export type ResolvedOptions = Options & { readonly [resolvedBrand]: true };

/** The caller's options with each declared option they omit set to its declared default; an
 *  explicit None (null) is kept, since for some options None means something (no clipping). */
export function resolveOptions(declared: readonly OptionSpec[], given: Options): ResolvedOptions {
  const out: Record<string, OptionValue> = { ...given };
  for (const o of declared) if (out[o.name] === undefined) out[o.name] = o.default;
  return Object.freeze(out) as ResolvedOptions;
}

export interface ReadingRules {
  /** Whether values outside an option's declared range are refused (LossError). The PyTorch
   *  losses check their options themselves, with PyTorch's own rules and messages, so they read
   *  their ranges as documentation only. */
  checkRanges: boolean;
}

export class SpecOptions {
  /** The resolved options: what the computation sees. */
  readonly values: ResolvedOptions;

  constructor(
    private readonly spec: Pick<LossSpec, 'id' | 'options'>,
    options: Options,
    private readonly rules: ReadingRules = { checkRanges: true },
  ) {
    this.values = resolveOptions(spec.options, options);
  }

  private declared(name: string): OptionSpec {
    const o = this.spec.options.find((d) => d.name === name);
    if (!o) throw new Error(`${this.spec.id} reads option ${name}, which its spec does not declare`);
    return o;
  }

  /** The resolved value; None where the declared default is not None reads as that default. */
  private value(name: string): OptionValue {
    const o = this.declared(name);
    const v = this.values[name] as OptionValue;
    return v === null ? o.default : v;
  }

  private checked(o: OptionSpec, v: number): number {
    const r = o.range;
    if (r && this.rules.checkRanges) {
      if (r.min !== undefined && (r.exclusiveMin ? !(v > r.min) : !(v >= r.min))) {
        throw new LossError(this.spec.id, o.name, `must be ${r.exclusiveMin ? '>' : '≥'} ${r.min}, got ${v}`);
      }
      if (r.max !== undefined && !(v <= r.max)) throw new LossError(this.spec.id, o.name, `must be ≤ ${r.max}, got ${v}`);
    }
    return v;
  }

  private asNumber(name: string, v: OptionValue): number {
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'number') return v;
    if (v === 'inf') return Infinity;
    if (v === '-inf') return -Infinity;
    if (v === 'nan') return NaN;
    throw new LossError(this.spec.id, name, `expected a number, got ${JSON.stringify(v)}`);
  }

  number(name: string): number {
    const o = this.declared(name);
    const v = this.asNumber(name, this.value(name));
    if (o.type === 'integer' && !Number.isInteger(v)) throw new LossError(this.spec.id, name, `expected an integer, got ${v}`);
    return this.checked(o, v);
  }

  /** A number that must be an integer whatever its declared type. */
  integer(name: string): number {
    const v = this.number(name);
    if (!Number.isInteger(v)) throw new LossError(this.spec.id, name, `expected an integer, got ${v}`);
    return v;
  }

  /** A number that may be None: null when the caller passes None, or omits it and the default is None. */
  numberOrNull(name: string): number | null {
    this.declared(name);
    return this.values[name] === null ? null : this.number(name);
  }

  boolean(name: string): boolean {
    const v = this.value(name);
    if (typeof v === 'boolean') return v;
    if (v === 0 || v === 1) return v === 1;
    throw new LossError(this.spec.id, name, `expected true or false, got ${JSON.stringify(v)}`);
  }

  /** A boolean that may be None (PyTorch's deprecated size_average and reduce). */
  booleanOrNull(name: string): boolean | null {
    this.declared(name);
    return this.values[name] === null ? null : this.boolean(name);
  }

  string(name: string): string {
    const v = this.value(name);
    if (typeof v === 'string') return v;
    throw new LossError(this.spec.id, name, `expected a string, got ${JSON.stringify(v)}`);
  }

  /** A string that may be None (a None default that means something, as distance_function). */
  stringOrNull(name: string): string | null {
    this.declared(name);
    return this.values[name] === null ? null : this.string(name);
  }

  choice(name: string): string {
    const o = this.declared(name);
    const v = this.string(name);
    if (o.choices && !o.choices.includes(v)) throw new LossError(this.spec.id, name, `${JSON.stringify(v)} is not one of ${o.choices.map((c) => `'${c}'`).join(', ')}`);
    return v;
  }

  reduction(): Reduction {
    const v = this.value('reduction');
    if (v === 'none' || v === 'mean' || v === 'sum') return v;
    throw new LossError(this.spec.id, 'reduction', `${JSON.stringify(v)} is not a valid value for reduction (use 'none', 'mean' or 'sum')`);
  }
}

/** A numeric option declaration in one line; `explain` says what the user's value means. */
export function numberOption(
  name: string,
  dflt: number | null,
  meaning: string,
  more: Partial<Pick<OptionSpec, 'range' | 'tunable' | 'explain' | 'type'>> = {},
): OptionSpec {
  return { name, type: 'number', default: dflt, meaning, ...more };
}

export function enumOption(name: string, dflt: string, choices: readonly string[], meaning: string): OptionSpec {
  return { name, type: 'enum', default: dflt, choices, meaning };
}
