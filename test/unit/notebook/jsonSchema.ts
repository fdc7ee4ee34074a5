/** A small JSON Schema (2020-12) checker for the keywords media/figure.schema.json uses. It refuses
 *  any other keyword, so the schema cannot silently rely on something this checker ignores. */
type Schema = boolean | { [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', '$defs']);
const KEYWORDS = new Set([
  '$ref', 'type', 'const', 'enum', 'required', 'properties', 'additionalProperties', 'items', 'minItems',
  'maxItems', 'minimum', 'maximum', 'exclusiveMaximum', 'oneOf', 'anyOf', 'if', 'then', 'else', 'prefixItems', 'propertyNames',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function hasType(v: unknown, type: string): boolean {
  const t = typeOf(v);
  return t === type || (type === 'number' && t === 'integer');
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class SchemaChecker {
  constructor(private readonly root: Record<string, unknown>) {}

  /** The first problem found, or undefined when `value` is valid. */
  check(value: unknown): string | undefined {
    return this.at(this.root, value, '$');
  }

  private resolve(ref: string): Schema {
    if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
    let node: unknown = this.root;
    for (const part of ref.slice(2).split('/')) node = isObject(node) ? node[part] : undefined;
    if (node === undefined) throw new Error(`dangling $ref ${ref}`);
    return node as Schema;
  }

  private at(schema: Schema, v: unknown, path: string): string | undefined {
    if (schema === true) return undefined;
    if (schema === false) return `${path}: not allowed`;
    for (const k of Object.keys(schema)) {
      if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) throw new Error(`schema keyword ${k} is not supported by this checker`);
    }
    const s = schema;
    if (typeof s.$ref === 'string') {
      const e = this.at(this.resolve(s.$ref), v, path);
      if (e) return e;
    }
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => hasType(v, t))) return `${path}: expected ${types.join(' or ')}`;
    }
    if ('const' in s && !deepEqual(s.const, v)) return `${path}: expected ${JSON.stringify(s.const)}`;
    if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) return `${path}: not one of ${JSON.stringify(s.enum)}`;
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) return `${path}: below ${s.minimum}`;
      if (typeof s.maximum === 'number' && v > s.maximum) return `${path}: above ${s.maximum}`;
      if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) return `${path}: not below ${s.exclusiveMaximum}`;
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) return `${path}: fewer than ${s.minItems} items`;
      if (typeof s.maxItems === 'number' && v.length > s.maxItems) return `${path}: more than ${s.maxItems} items`;
      const prefix = (s.prefixItems as Schema[] | undefined) ?? [];
      for (let i = 0; i < Math.min(prefix.length, v.length); i++) {
        const e = this.at(prefix[i]!, v[i], `${path}[${i}]`);
        if (e) return e;
      }
      if (s.items !== undefined) {
        for (let i = prefix.length; i < v.length; i++) {
          const e = this.at(s.items as Schema, v[i], `${path}[${i}]`);
          if (e) return e;
        }
      }
    }
    if (isObject(v)) {
      for (const r of (s.required as string[] | undefined) ?? []) if (!Object.hasOwn(v, r)) return `${path}: missing ${r}`;
      const props = (s.properties as Record<string, Schema> | undefined) ?? {};
      for (const [k, x] of Object.entries(v)) {
        if (s.propertyNames !== undefined) {
          const e = this.at(s.propertyNames as Schema, k, `${path}.${k} (name)`);
          if (e) return e;
        }
        const sub = Object.hasOwn(props, k) ? props[k] : (s.additionalProperties as Schema | undefined);
        if (sub === undefined) continue;
        const e = this.at(sub, x, `${path}.${k}`);
        if (e) return e;
      }
    }
    if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => this.at(sub as Schema, v, path) === undefined)) {
      return `${path}: matches none of anyOf`;
    }
    if (Array.isArray(s.oneOf)) {
      const matching = s.oneOf.filter((sub) => this.at(sub as Schema, v, path) === undefined).length;
      if (matching !== 1) {
        const first = s.oneOf.map((sub) => this.at(sub as Schema, v, path)).find((e) => e !== undefined);
        return matching === 0 ? `${path}: matches none of oneOf (${first})` : `${path}: matches ${matching} of oneOf`;
      }
    }
    if (s.if !== undefined) {
      const branch = this.at(s.if as Schema, v, path) === undefined ? s.then : s.else;
      if (branch !== undefined) {
        const e = this.at(branch as Schema, v, path);
        if (e) return e;
      }
    }
    return undefined;
  }
}
