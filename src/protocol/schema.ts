/** The schema layer: every payload crossing a boundary is declared once with zod, and its validator,
 *  TypeScript type (`z.output`) and JSON schema (scripts/schemas.ts) derive from it. Validation
 *  failures become ValidationError with the path of the first problem.
 *  zod's tree-shakable `zod/mini` form adds ~32 kB (minified) to a bundle where the full build adds
 *  ~450 kB. Import it as `import * as z from 'zod/mini'` and use members (`z.object`): destructuring
 *  or re-exporting the namespace keeps all of it, every locale included. */
import * as z from 'zod/mini';
import { ValidationError } from './validate';

// Webviews and the notebook renderer run under a CSP without 'unsafe-eval': no `new Function` JIT.
z.config({ jitless: true });

/** `series[0].values[2]`, or `root` for the value itself. */
export function pathText(path: readonly PropertyKey[], root = '(payload)'): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? root : out;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a finite number', int: 'an integer', boolean: 'true or false', record: 'an object', tuple: 'an array',
};

/** Default problem texts, in the house's words; a message given in a schema takes precedence. */
function problem(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${TYPE_NAMES[issue.expected] ?? (/^[aeiou]/.test(issue.expected) ? 'an ' : 'a ') + issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}`
        : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
      if (issue.origin === 'array') return `array longer than ${String(issue.maximum)}`;
      return `must be ${issue.inclusive ? 'at most' : 'below'} ${String(issue.maximum)}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} entries`;
      return `must be ${issue.inclusive ? 'at least' : 'above'} ${String(issue.minimum)}`;
    default:
      return undefined;
  }
}

/** Parses `value` with `schema` or throws ValidationError for its first problem. */
export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown, root?: string): z.output<S> {
  return parseOrThrow(schema, value, (path) => pathText(path, root));
}

/** parseWith for a message: every problem's path starts at `root` (`message.job.config`). */
export function parseMessage<S extends z.ZodMiniType>(schema: S, value: unknown, root = 'message'): z.output<S> {
  return parseOrThrow(schema, value, (path) => pathText([root, ...path]));
}

function parseOrThrow<S extends z.ZodMiniType>(schema: S, value: unknown, where: (path: PropertyKey[]) => string): z.output<S> {
  const r = schema.safeParse(value, { error: problem });
  if (r.success) return r.data;
  const first = r.error.issues[0]!;
  throw new ValidationError(where(first.path), first.message);
}

/** Any JS number (NaN and ±Infinity included: in-process payloads hold them), a number in JSON schema. */
export const anyNumber = z.custom<number>((v) => typeof v === 'number', { error: 'expected a number' }).check(z.meta({ type: 'number' }));

/** A Float64Array, as structured clone carries it between threads (no JSON form). */
export const float64Array = z.custom<Float64Array>((v) => v instanceof Float64Array, { error: 'expected a Float64Array' });

const NON_FINITE = { nan: NaN, inf: Infinity, '-inf': -Infinity } as const;

/** A loss value. JSON has no NaN or infinity: null (missing), "nan", "inf" and "-inf" stand for them. */
export const seriesValue = z
  .pipe(
    z.union([anyNumber, z.null(), z.enum(['nan', 'inf', '-inf'])], { error: 'expected a number, null, "nan", "inf" or "-inf"' }),
    z.transform((v: number | null | keyof typeof NON_FINITE) => (typeof v === 'number' ? v : v === null ? NaN : NON_FINITE[v])),
  )
  .check(z.meta({ id: 'value', description: 'A loss value. JSON has no NaN or infinity: null (missing), "nan", "inf" and "-inf" stand for them.' }));

/** Arrays of untrusted length stop at this many entries. */
export const MAX_ARRAY = 10_000_000;

export function bounded<T extends z.ZodMiniType>(item: T, max = MAX_ARRAY) {
  return z.array(item).check(z.maxLength(max));
}

export const values = bounded(seriesValue);
export const finiteNumbers = bounded(z.number());

/** `schema` with a description for its JSON schema. */
export function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  return schema.check(z.describe(description)) as T;
}

/** `true` when a value of type A is a B: `const fits: Fits<z.output<typeof X>, EngineType> = true`
 *  keeps a declaration from drifting from the engine type it carries (the engine's types keep their
 *  readonly arrays and documented fields; a message type names them). */
export type Fits<A, B> = [A] extends [B] ? true : false;

/** Options of a refinement that needs every field valid: `z.superRefine(check, ONCE_VALID)`. */
export const ONCE_VALID = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** A message union on `type` whose error for an unknown type lists the known ones, read from the
 *  members' own `type` literals. */
export function messageUnion<const T extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(options: T) {
  const types = options.flatMap((o) => [...(o._zod.propValues?.type ?? [])]);
  return z.discriminatedUnion('type', options, {
    error: (iss: { code: string }) => (iss.code === 'invalid_union' ? `expected one of ${types.map((t) => JSON.stringify(t)).join(', ')}` : undefined),
  });
}
