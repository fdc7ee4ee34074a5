// Each committed JSON schema is what its zod declaration generates (regenerate with
// `node --import tsx scripts/gen-schemas.ts`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GENERATED_SCHEMAS, schemaText } from '../../../scripts/schemas';

for (const { file, generate } of GENERATED_SCHEMAS) {
  test(`${file} is generated from its declaration`, () => {
    assert.equal(readFileSync(file, 'utf8'), schemaText(generate()), `${file} is stale: run node --import tsx scripts/gen-schemas.ts`);
  });
}
