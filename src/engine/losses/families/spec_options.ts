/** Option values read against the spec's own declarations: the default, range and choices of each
 *  option are stated once, in `LossSpec.options`, and every computation reads them from there. */
import { LossError } from '../../errors';
import type { LossSpec, OptionSpec, Options } from '../../catalog/types';
import { OptionReader, type Reduction } from '../common';

export class SpecOptions {
  private readonly reader: OptionReader;

  constructor(
    private readonly spec: Pick<LossSpec, 'id' | 'options'>,
    private readonly options: Options,
  ) {
    this.reader = new OptionReader(spec.id, options);
  }

  private declared(name: string): OptionSpec {
    const o = this.spec.options.find((d) => d.name === name);
    if (!o) throw new Error(`${this.spec.id} reads option ${name}, which its spec does not declare`);
    return o;
  }

  private checked(o: OptionSpec, v: number): number {
    const r = o.range;
    if (r) {
      if (r.min !== undefined && (r.exclusiveMin ? !(v > r.min) : !(v >= r.min))) {
        throw new LossError(this.spec.id, o.name, `must be ${r.exclusiveMin ? '>' : '≥'} ${r.min}, got ${v}`);
      }
      if (r.max !== undefined && !(v <= r.max)) throw new LossError(this.spec.id, o.name, `must be ≤ ${r.max}, got ${v}`);
    }
    return v;
  }

  number(name: string): number {
    const o = this.declared(name);
    const v = o.type === 'integer' ? this.reader.integer(name, o.default as number) : this.reader.number(name, o.default as number);
    return this.checked(o, v);
  }

  /** A number that may be None: null when the caller passes None, or omits it and the default is None. */
  numberOrNull(name: string): number | null {
    const o = this.declared(name);
    const given = Object.prototype.hasOwnProperty.call(this.options, name) ? this.options[name] : undefined;
    if (given === null || (given === undefined && o.default === null)) return null;
    return this.number(name);
  }

  boolean(name: string): boolean {
    return this.reader.boolean(name, this.declared(name).default as boolean);
  }

  choice(name: string): string {
    const o = this.declared(name);
    const v = this.reader.string(name, String(o.default));
    if (o.choices && !o.choices.includes(v)) throw new LossError(this.spec.id, name, `${JSON.stringify(v)} is not one of ${o.choices.map((c) => `'${c}'`).join(', ')}`);
    return v;
  }

  reduction(): Reduction {
    return this.choice('reduction') as Reduction;
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
