/** The JSON schemas generated from the zod declarations of src/protocol/, with where each is
 *  committed. `node --import tsx scripts/gen-schemas.ts` writes them; test/unit/protocol/generatedSchemas.test.ts
 *  holds the committed files equal to what this generates. (Here, not in src/: no bundle needs zod's
 *  JSON-schema generator.) */
import { toJSONSchema } from 'zod/mini';
import type { ZodMiniType } from 'zod/mini';
import { SWEEP_SCHEMA_META, SWEEP_SPEC } from '../src/engine/train/specSchema';
import { FIGURE, FIGURE_SCHEMA_META } from '../src/protocol/figure';

/** Keywords whose values are data, not schemas. */
const DATA_KEYWORDS = new Set(['default', 'const', 'enum', 'examples', 'enumDescriptions']);

/** The JSON schema of `schema` as its input (what a producer writes), draft 2020-12. Custom types
 *  carry their JSON form in their meta; a part zod cannot represent (an empty schema) is an error. */
export function jsonSchemaOf(schema: ZodMiniType, meta: Record<string, unknown>, target: 'draft-2020-12' | 'draft-07' = 'draft-2020-12'): Record<string, unknown> {
  const out = toJSONSchema(schema, { io: 'input', target, unrepresentable: 'any' }) as Record<string, unknown>;
  const visit = (node: unknown, path: string): void => {
    if (typeof node !== 'object' || node === null) return;
    if (!Array.isArray(node) && Object.keys(node).length === 0) throw new Error(`${path}: not representable in JSON schema`);
    for (const [k, v] of Object.entries(node)) if (!DATA_KEYWORDS.has(k)) visit(v, `${path}.${k}`);
  };
  visit(out, '$');
  const { $schema, ...rest } = out;
  return { $schema, ...meta, ...rest };
}

export const GENERATED_SCHEMAS: { file: string; generate: () => Record<string, unknown> }[] = [
  { file: 'media/figure.schema.json', generate: () => jsonSchemaOf(FIGURE, FIGURE_SCHEMA_META) },
  // draft-07: what VS Code's JSON language service reads best (package.json `jsonValidation`).
  { file: 'media/sweep.schema.json', generate: () => jsonSchemaOf(SWEEP_SPEC, SWEEP_SCHEMA_META, 'draft-07') },
];

export function schemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
