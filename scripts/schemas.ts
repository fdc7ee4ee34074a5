/** The JSON schemas generated from the zod declarations of src/protocol/, with where each is
 *  committed. `node --import tsx scripts/gen-schemas.ts` writes them; test/unit/protocol/generatedSchemas.test.ts
 *  holds the committed files equal to what this generates. (Here, not in src/: no bundle needs zod's
 *  JSON-schema generator.) */
import { registry, toJSONSchema } from 'zod/mini';
import type { ZodMiniType } from 'zod/mini';
import { SWEEP_SCHEMA_META, SWEEP_SPEC } from '../src/engine/train/specSchema';
import { FIGURE, FIGURE_SCHEMA_META } from '../src/protocol/figure';
import { PANEL_STATE, TO_HOST, TO_WEBVIEW } from '../src/protocol/panel';
import { FROM_RENDERER, TO_RENDERER } from '../src/protocol/rendererMessage';
import { SWEEP_PANEL_STATE, SWEEP_TO_HOST, TO_SWEEP_WEBVIEW } from '../src/protocol/sweepPanel';

/** Keywords whose values are data, not schemas. */
const DATA_KEYWORDS = new Set(['default', 'const', 'enum', 'examples', 'enumDescriptions']);

/** The JSON schema of `schema` as its input (what a producer writes), draft 2020-12. Custom types
 *  carry their JSON form in their meta; a part zod cannot represent (an empty schema) is an error. */
export function jsonSchemaOf(schema: ZodMiniType, meta: Record<string, unknown>, target: 'draft-2020-12' | 'draft-07' = 'draft-2020-12'): Record<string, unknown> {
  const out = toJSONSchema(schema, { io: 'input', target, unrepresentable: 'any' }) as Record<string, unknown>;
  representable(out);
  const { $schema, ...rest } = out;
  return { $schema, ...meta, ...rest };
}

/** Throws where zod could not say what a part accepts (it wrote an empty schema). */
function representable(node: unknown, path = '$'): void {
  if (typeof node !== 'object' || node === null) return;
  if (!Array.isArray(node) && Object.keys(node).length === 0) throw new Error(`${path}: not representable in JSON schema`);
  for (const [k, v] of Object.entries(node)) if (!DATA_KEYWORDS.has(k)) representable(v, `${path}.${k}`);
}

/** One JSON schema document (draft 2020-12) holding several declarations under `$defs` by name
 *  (`#/$defs/panelToHost`), as their inputs. A declaration one of them contains (the figure in a
 *  message) is a `$ref` to its own entry, and the parts they share (zod ids such as `value`) stand
 *  once beside them. The root accepts any of them. */
export function jsonSchemaLibraryOf(declarations: Record<string, ZodMiniType>, meta: Record<string, unknown>): Record<string, unknown> {
  const library = registry<{ id: string }>();
  for (const [id, schema] of Object.entries(declarations)) library.add(schema, { id });
  const shared = '__shared';
  const { schemas } = toJSONSchema(library, { io: 'input', unrepresentable: 'any', uri: (id) => `#/$defs/${id}` }) as { schemas: Record<string, Record<string, unknown>> };
  const { [shared]: sharedPart, ...named } = schemas;
  const defs: Record<string, unknown> = {};
  for (const [id, { $schema: _, $id: __, ...schema }] of Object.entries(named)) defs[id] = schema;
  for (const [id, schema] of Object.entries((sharedPart?.$defs ?? {}) as Record<string, unknown>)) {
    if (id in defs) throw new Error(`the shared part ${id} has the name of a declaration`);
    defs[id] = schema;
  }
  // A shared part is referred to inside its registry entry: here it stands at the root's $defs.
  const out = JSON.parse(JSON.stringify(defs).replaceAll(`"#/$defs/${shared}#/$defs/`, '"#/$defs/')) as Record<string, unknown>;
  representable(out);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...meta,
    anyOf: Object.keys(declarations).map((id) => ({ $ref: `#/$defs/${id}` })),
    $defs: out,
  };
}

/** The messages between the extension and the pages of its panels and notebook renderer. */
const PANEL_MESSAGES_META = {
  title: 'Loss Lab panel messages, version 1',
  description:
    "What crosses between the Loss Lab extension and its webview panels (figure panels, the sweep panel) and notebook renderer, each message kind under $defs by direction: the host's to the page, the page's to the host, the state a page keeps across reloads. " +
    'Generated from src/protocol/panel.ts, sweepPanel.ts, rendererMessage.ts and figure.ts (node --import tsx scripts/gen-schemas.ts); do not edit. Every message is validated on receipt by the same declarations, which also check what this schema does not express.',
};

export const PANEL_MESSAGES = {
  figure: FIGURE,
  panelToPage: TO_WEBVIEW,
  panelToHost: TO_HOST,
  panelState: PANEL_STATE,
  sweepPanelToPage: TO_SWEEP_WEBVIEW,
  sweepPanelToHost: SWEEP_TO_HOST,
  sweepPanelState: SWEEP_PANEL_STATE,
  rendererToHost: FROM_RENDERER,
  hostToRenderer: TO_RENDERER,
};

export const GENERATED_SCHEMAS: { file: string; generate: () => Record<string, unknown> }[] = [
  { file: 'media/figure.schema.json', generate: () => jsonSchemaOf(FIGURE, FIGURE_SCHEMA_META) },
  // draft-07: what VS Code's JSON language service reads best (package.json `jsonValidation`).
  { file: 'media/sweep.schema.json', generate: () => jsonSchemaOf(SWEEP_SPEC, SWEEP_SCHEMA_META, 'draft-07') },
  { file: 'media/panel-messages.schema.json', generate: () => jsonSchemaLibraryOf(PANEL_MESSAGES, PANEL_MESSAGES_META) },
];

export function schemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
