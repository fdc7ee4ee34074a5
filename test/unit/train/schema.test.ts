import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LOSSES } from '../../../src/engine/catalog';
import { sweepSchema } from '../../../src/engine/train/schema';

const FILE = join(__dirname, '../../../media/sweep.schema.json');
// Regenerate: LOSSLAB_WRITE_SCHEMA=1 node --import tsx --test test/unit/train/schema.test.ts
if (process.env.LOSSLAB_WRITE_SCHEMA === '1') writeFileSync(FILE, JSON.stringify(sweepSchema(), null, 2) + '\n');

test('media/sweep.schema.json is the schema built from the catalog (regenerate with LOSSLAB_WRITE_SCHEMA=1)', () => {
  assert.deepEqual(JSON.parse(readFileSync(FILE, 'utf8')), JSON.parse(JSON.stringify(sweepSchema())));
});

test('the schema offers every catalog loss and the contract keys', () => {
  const s = sweepSchema() as { properties: Record<string, { items?: { anyOf?: { enum?: string[] }[] } }>; required: string[] };
  assert.deepEqual(s.properties.losses!.items!.anyOf![0]!.enum, LOSSES.map((l) => l.id));
  for (const k of ['task', 'dataset', 'model', 'losses', 'optimizers', 'steps', 'batch_size', 'seeds']) assert.ok(k in s.properties, k);
  assert.deepEqual(s.required, ['task', 'dataset', 'losses']);
});
