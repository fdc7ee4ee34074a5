/** Reference-case format of shared/oracle/FORMAT.md: parse, evaluate with the catalog, compare. */
import { getLoss } from './catalog';
import { getFrameworkLoss } from './frameworks';
import type { Options, OptionValue } from './catalog/types';
import { LossError } from './errors';
import { Tensor, type DType } from './tensor';

export type JsonNumber = number | 'inf' | '-inf' | 'nan';

export interface TensorJson {
  shape: number[];
  dtype?: string;
  data: JsonNumber[];
}

export interface CaseJson {
  id: string;
  loss: string;
  note?: string;
  args: Record<string, TensorJson>;
  options?: Record<string, OptionValue>;
  expected?: { value?: TensorJson; grad?: Record<string, TensorJson>; error?: boolean };
}

export interface CaseResult {
  id: string;
  value?: TensorJson;
  grad?: Record<string, TensorJson>;
  error?: string;
}

const DTYPES: Record<string, DType> = {
  float64: 'float64', float32: 'float32', double: 'float64', float: 'float32',
  int64: 'int64', long: 'int64', int32: 'int64', int: 'int64', bool: 'bool',
};

export function decodeNumber(x: unknown): number {
  if (typeof x === 'number') return x;
  if (x === 'inf') return Infinity;
  if (x === '-inf') return -Infinity;
  if (x === 'nan') return NaN;
  if (typeof x === 'boolean') return x ? 1 : 0;
  throw new TypeError(`not a number: ${JSON.stringify(x)}`);
}

export function encodeNumber(x: number): JsonNumber {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return x;
}

/** A tensor from its JSON form, with a message naming what is malformed. */
export function tensorFromJson(name: string, json: unknown): Tensor {
  if (typeof json !== 'object' || json === null) throw new TypeError(`${name}: a tensor must be an object {shape, dtype, data}`);
  const { shape, dtype, data } = json as Record<string, unknown>;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    throw new TypeError(`${name}: shape must be an array of non-negative integers`);
  }
  if (!Array.isArray(data)) throw new TypeError(`${name}: data must be an array`);
  // Own keys only: "constructor" is not a dtype.
  const dt = dtype === undefined ? 'float64' : Object.hasOwn(DTYPES, String(dtype)) ? DTYPES[String(dtype)] : undefined;
  if (!dt) throw new TypeError(`${name}: unknown dtype ${JSON.stringify(dtype)}`);
  const values = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    try {
      values[i] = decodeNumber(data[i]);
    } catch {
      throw new TypeError(`${name}: data[${i}] is not a number: ${JSON.stringify(data[i])}`);
    }
  }
  const n = (shape as number[]).reduce((a, b) => a * b, 1);
  if (n !== values.length) throw new TypeError(`${name}: shape [${shape.join(', ')}] needs ${n} values, data has ${values.length}`);
  return new Tensor(shape as number[], values, dt);
}

export function tensorToJson(t: Tensor): TensorJson {
  return { shape: [...t.shape], data: Array.from(t.data, encodeNumber) };
}

/** Evaluates one case; an input the loss rejects (or a malformed case) becomes `error`. */
export function evaluateCase(raw: unknown, index: number): CaseResult {
  const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<CaseJson>;
  const id = typeof c.id === 'string' ? c.id : `case ${index}`;
  try {
    if (typeof c.loss !== 'string') throw new TypeError('missing "loss" name');
    // A fully-qualified framework spelling computes with that framework's semantics; a catalog id
    // (PyTorch's functional name) with PyTorch's.
    const spec = getFrameworkLoss(c.loss) ?? getLoss(c.loss);
    if (!spec) throw new TypeError(`unknown loss "${c.loss}"`);
    const args: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(c.args ?? {})) args[name] = tensorFromJson(name, t);
    const options: Options = c.options ?? {};
    const result = spec.compute(args, options, true);
    const wanted = c.expected?.grad ? Object.keys(c.expected.grad) : Object.keys(result.grad);
    const grad: Record<string, TensorJson> = {};
    for (const name of wanted) {
      const g = result.grad[name];
      if (g) grad[name] = tensorToJson(g);
    }
    return { id, value: tensorToJson(result.value), grad };
  } catch (e) {
    if (e instanceof LossError || e instanceof TypeError || e instanceof RangeError) return { id, error: e.message };
    throw e;
  }
}

export function numbersMatch(got: number, want: number): boolean {
  if (Number.isNaN(want) || !Number.isFinite(want)) return Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want));
  return Math.abs(got - want) <= 1e-9 + 1e-6 * Math.abs(want);
}

function tensorMismatch(what: string, got: TensorJson | undefined, want: TensorJson): string | null {
  if (!got) return `${what}: missing`;
  if (got.shape.join(',') !== want.shape.join(',')) return `${what}: shape [${got.shape}] != [${want.shape}]`;
  for (let i = 0; i < want.data.length; i++) {
    const g = decodeNumber(got.data[i]);
    const w = decodeNumber(want.data[i]);
    if (!numbersMatch(g, w)) return `${what}[${i}]: got ${g}, want ${w}`;
  }
  return null;
}

/** What is wrong with `got` against the case's expectation, or [] when it matches. */
export function compareCase(expected: CaseJson['expected'], got: CaseResult): string[] {
  if (!expected) return [];
  if (expected.error) return got.error ? [] : ['expected an error, got a value'];
  if (got.error) return [`unexpected error: ${got.error}`];
  const problems: string[] = [];
  if (expected.value) {
    const m = tensorMismatch('value', got.value, expected.value);
    if (m) problems.push(m);
  }
  for (const [name, want] of Object.entries(expected.grad ?? {})) {
    const m = tensorMismatch(`grad.${name}`, got.grad?.[name], want);
    if (m) problems.push(m);
  }
  return problems;
}
