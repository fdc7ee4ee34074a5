/** optax, torchvision.ops and pytorch-metric-learning spellings against values computed with the
 *  real frameworks: the public sample (shared/oracle) and this branch's wider fixtures, whose
 *  generator scripts sit beside them in test/fixtures/frameworks/. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareCase, evaluateCase, type CaseJson } from '../../src/engine/cases';

const MINE = /^(optax\.losses\.|torchvision\.ops\.|pytorch_metric_learning\.losses\.)/;
const DIR = join(__dirname, '../fixtures/frameworks');
const FILES = ['../oracle/frameworks-public.json', 'optax.json', 'optax-edges.json', 'torchvision.json', 'pml.json'];

for (const file of FILES) {
  const path = join(DIR, file);
  if (!existsSync(path)) continue;
  const cases = (JSON.parse(readFileSync(path, 'utf8')) as CaseJson[]).filter((c) => MINE.test(c.loss));
  test(`${file} holds cases for these frameworks`, () => assert.ok(cases.length > 0));
  for (const [i, c] of cases.entries()) {
    test(`${file}: ${c.id} (${c.note ?? ''})`, () => {
      const got = evaluateCase(c, i);
      assert.deepEqual(compareCase(c.expected, got), []);
    });
  }
}
