// media/sweep.schema.json (editor completion for *.losslab.json) is generated from the spec's declaration
// (src/engine/train/specSchema.ts); test/unit/protocol/generatedSchemas.test.ts holds the file equal to it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LOSSES } from '../../../src/engine/catalog';
import { OPTIMIZER_DEFAULTS } from '../../../src/engine/train/optimizers';

interface Node { properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; enum?: string[]; $ref?: string; required?: string[]; additionalProperties?: unknown; default?: unknown }
const schema = JSON.parse(readFileSync('media/sweep.schema.json', 'utf8')) as Node & { definitions: Record<string, Node> };
const deref = (n: Node): Node => (n.$ref ? schema.definitions[n.$ref.split('/').pop()!]! : n);

test('the schema offers every catalog loss and the contract keys', () => {
  const loss = schema.properties!.losses!.items!.anyOf!;
  assert.deepEqual(deref(loss[0]!).enum, LOSSES.map((l) => l.id));
  assert.deepEqual(deref(loss[1]!.properties!.name!).enum, LOSSES.map((l) => l.id));
  for (const k of ['task', 'dataset', 'model', 'losses', 'optimizers', 'steps', 'batch_size', 'seeds']) assert.ok(k in schema.properties!, k);
  assert.deepEqual(schema.required, ['task', 'dataset', 'losses']);
  assert.equal(schema.additionalProperties, false);
});

test("every optimiser option is offered, and the parser's defaults are the schema's", () => {
  const optimizer = schema.properties!.optimizers!.items!.anyOf!.find((n) => n.properties)!;
  for (const defaults of Object.values(OPTIMIZER_DEFAULTS)) for (const k of Object.keys(defaults)) assert.ok(k in optimizer.properties!, k);
  assert.equal(schema.properties!.steps!.default, 200);
  assert.deepEqual(schema.properties!.seeds!.default, [0]);
  assert.equal(schema.properties!.val_fraction!.default, 0.2);
});
