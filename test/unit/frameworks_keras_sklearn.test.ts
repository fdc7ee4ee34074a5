/** Every keras.losses and sklearn.metrics spelling against the real frameworks: the public oracle
 *  sample and the wider fixtures generated with Keras 3 (JAX, x64) and scikit-learn 1.2 by
 *  test/fixtures/frameworks/generate_{keras,sklearn}.py; then central differences for every
 *  differentiable Keras spelling. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareCase, evaluateCase, tensorFromJson, type CaseJson } from '../../src/engine/cases';
import { FRAMEWORK_LOSSES, getFrameworkLoss } from '../../src/engine/frameworks';
import { Tensor } from '../../src/engine/tensor';

const read = (file: string) => JSON.parse(readFileSync(join(__dirname, '../fixtures', file), 'utf8')) as CaseJson[];
const mine = (c: CaseJson) => c.loss.startsWith('keras.') || c.loss.startsWith('sklearn.');
const publicCases = read('oracle/frameworks-public.json').filter(mine);
const kerasCases = read('frameworks/keras.json');
const sklearnCases = read('frameworks/sklearn.json');

for (const [name, cases] of [['public', publicCases], ['keras', kerasCases], ['sklearn', sklearnCases]] as const) {
  test(`${name}: every case matches the real framework (${cases.length} cases)`, () => {
    const problems: string[] = [];
    cases.forEach((c, i) => {
      const got = evaluateCase(c, i);
      const p = compareCase(c.expected, got);
      if (p.length > 0) problems.push(`${c.id} (${c.note ?? ''}): ${p.join('; ')}`);
    });
    assert.deepEqual(problems, []);
  });
}

test('the fixtures cover every keras and sklearn spelling, with values and rejections', () => {
  const ours = FRAMEWORK_LOSSES.filter((f) => f.framework === 'keras' || f.framework === 'sklearn').map((f) => f.name);
  assert.equal(ours.filter((n) => n.startsWith('keras.')).length, 44);
  assert.equal(ours.filter((n) => n.startsWith('sklearn.')).length, 17);
  const all = [...kerasCases, ...sklearnCases];
  for (const name of ours) {
    assert.ok(all.some((c) => c.loss === name && c.expected?.value), `${name}: no value case`);
  }
  assert.ok(all.filter((c) => c.expected?.error).length > 50);
});

/** Inputs near a kink (ties, clip bounds, hinge corners) have one-sided derivatives; the
 *  fixtures' notes name them, and those cases are checked against the framework above. */
const KINKS = /tie|bound|clip|zero|infeasible|margin exactly|\b0 and 1\b|ignore|out of range|tiny|masked|without positives/i;

test('central differences agree with the analytic y_pred gradient of every differentiable Keras spelling', () => {
  const checked = new Set<string>();
  for (const c of kerasCases) {
    if (c.expected?.error || checked.has(c.loss) || KINKS.test(c.note ?? '')) continue;
    const f = getFrameworkLoss(c.loss)!;
    const args: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(c.args)) args[k] = tensorFromJson(k, v);
    const options = c.options ?? {};
    const g = f.compute(args, options, true).grad['y_pred']!;
    const x = args['y_pred']!;
    const total = (t: Tensor) => f.compute({ ...args, y_pred: t }, options, false).value.data.reduce((a, b) => a + b, 0);
    const h = 1e-6;
    for (let i = 0; i < x.size; i++) {
      const plus = Float64Array.from(x.data);
      const minus = Float64Array.from(x.data);
      plus[i]! += h;
      minus[i]! -= h;
      const numeric = (total(new Tensor(x.shape, plus)) - total(new Tensor(x.shape, minus))) / (2 * h);
      assert.ok(Math.abs(numeric - g.data[i]!) <= 1e-4 * (1 + Math.abs(numeric)), `${c.id}: grad[${i}] ${g.data[i]} vs numeric ${numeric}`);
    }
    checked.add(c.loss);
  }
  assert.equal(checked.size, 44);
});
