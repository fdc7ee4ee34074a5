// Each committed JSON schema is what its zod declaration generates (regenerate with
// `node --import tsx scripts/gen-schemas.ts`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GENERATED_SCHEMAS, PANEL_MESSAGES, schemaText } from '../../../scripts/schemas';

for (const { file, generate } of GENERATED_SCHEMAS) {
  test(`${file} is generated from its declaration`, () => {
    assert.equal(readFileSync(file, 'utf8'), schemaText(generate()), `${file} is stale: run node --import tsx scripts/gen-schemas.ts`);
  });
}

/** Every `$ref` of a document, with where it stands. */
function refs(node: unknown, path = '$'): [string, string][] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]): [string, string][] => (k === '$ref' && typeof v === 'string' ? [[path, v]] : refs(v, `${path}.${k}`)));
}

function pointer(doc: unknown, ref: string): unknown {
  assert.ok(ref.startsWith('#/'), `${ref} leaves the document`);
  return ref.slice(2).split('/').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], doc);
}

for (const { file, generate } of GENERATED_SCHEMAS) {
  test(`every $ref of ${file} points into it`, () => {
    const doc = generate();
    for (const [at, ref] of refs(doc)) assert.notEqual(pointer(doc, ref), undefined, `${at}: ${ref} points nowhere`);
  });
}

test('the panel messages schema holds each message union as declared, and the figure once', () => {
  const doc = JSON.parse(readFileSync('media/panel-messages.schema.json', 'utf8')) as { $defs: Record<string, { oneOf?: { properties: { type: { const: string } } }[] }> };
  const unions: string[] = [];
  for (const [id, declaration] of Object.entries(PANEL_MESSAGES)) {
    const { def } = (declaration as { _zod: { def: { type: string; options?: { _zod: { propValues?: { type?: Set<unknown> } } }[] } } })._zod;
    if (def.type !== 'union' || id === 'figure') continue;
    const declared = def.options!.flatMap((o) => [...(o._zod.propValues?.type ?? [])]);
    assert.deepEqual(doc.$defs[id]!.oneOf!.map((m) => m.properties.type.const), declared, id);
    unions.push(id);
  }
  assert.deepEqual(unions, ['panelToPage', 'panelToHost', 'sweepPanelToPage', 'sweepPanelToHost', 'rendererToHost', 'hostToRenderer']);
  // Messages that carry a figure refer to the one figure definition, the same as media/figure.schema.json.
  const figureRefs = refs(doc).filter(([, ref]) => ref === '#/$defs/figure').map(([at]) => at);
  for (const carrier of ['panelToPage', 'panelState', 'rendererToHost']) assert.ok(figureRefs.some((at) => at.startsWith(`$.$defs.${carrier}.`)), carrier);
  const figure = JSON.parse(readFileSync('media/figure.schema.json', 'utf8')) as { oneOf: unknown };
  assert.deepEqual((doc.$defs.figure as { oneOf: unknown }).oneOf, figure.oneOf);
  assert.doesNotMatch(JSON.stringify(doc), /__shared/);
});
