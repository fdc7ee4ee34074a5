import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareCase, evaluateCase, type CaseJson } from '../../src/engine/cases';

const cases = JSON.parse(readFileSync(join(__dirname, '../fixtures/oracle/torch-public.json'), 'utf8')) as CaseJson[];

for (const [i, c] of cases.entries()) {
  test(`oracle ${c.id} (${c.note ?? ''})`, () => {
    const got = evaluateCase(c, i);
    assert.deepEqual(compareCase(c.expected, got), []);
  });
}
