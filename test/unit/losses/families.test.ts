/** Every family loss: analytic gradients against central differences under each option, option
 *  and shape rejections naming the argument, and reference values computed by the generator
 *  (test/fixtures/families/generate.py, real torch) where a fixture exists. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAMILY_LOSSES } from '../../../src/engine/catalog/family_losses';
import { LossError } from '../../../src/engine/errors';
import { Tensor, type DType } from '../../../src/engine/tensor';
import { checkGradients, rng } from '../fd';
import { RefusedError, encodeTarget, planLink } from '../../../src/engine/train/link';
import { lossOnOutputs } from '../../../src/engine/train/lossHead';
import { CASES } from './families/all_cases';

test('every family loss has a test case', () => {
  for (const l of FAMILY_LOSSES) assert.ok(CASES[l.id], `${l.id}: no case in test/unit/losses/families`);
});

for (const spec of FAMILY_LOSSES) {
  const c = CASES[spec.id];
  if (!c) continue;
  test(`${spec.id}: analytic gradients match finite differences`, () => {
    c.options.forEach((options, k) => {
      const rand = rng(1000 + k * 31 + spec.id.length);
      checkGradients(spec, c.args(rand), options, { tol: c.tol ?? 1e-5 });
    });
  });
  test(`${spec.id}: rejects bad options and shapes naming the argument`, () => {
    for (const r of c.rejects) {
      const rand = rng(7);
      const args = r.args ? r.args(rand) : c.args(rand);
      assert.throws(
        () => spec.compute(args, r.options ?? {}, true),
        (e: unknown) => e instanceof LossError && e.argument === r.argument,
        `${spec.id}: expected a LossError on ${r.argument} for ${JSON.stringify(r.options ?? {})}`,
      );
    }
  });
}

interface FixtureTensor { shape: number[]; data: number[]; dtype?: DType }
interface FixtureCase { loss: string; source: string; args: Record<string, FixtureTensor>; options: Record<string, number | string | boolean | null>; value: FixtureTensor; grad: Record<string, FixtureTensor> }

const FIXTURE = join(__dirname, '../../fixtures/families/reference.json');
const toTensor = (t: FixtureTensor): Tensor => Tensor.from(t.shape, t.data, t.dtype ?? 'float64');

test('reference values and gradients from the generator match', { skip: !existsSync(FIXTURE) }, () => {
  const cases = JSON.parse(readFileSync(FIXTURE, 'utf8')) as FixtureCase[];
  const byId = new Map(FAMILY_LOSSES.map((l) => [l.id, l]));
  for (const [k, fc] of cases.entries()) {
    const spec = byId.get(fc.loss);
    assert.ok(spec, `fixture ${k}: unknown loss ${fc.loss}`);
    const args = Object.fromEntries(Object.entries(fc.args).map(([n, t]) => [n, toTensor(t)]));
    const out = spec.compute(args, fc.options, true);
    const where = `${fc.loss} #${k} ${JSON.stringify(fc.options)}`;
    assert.deepEqual([...out.value.shape], fc.value.shape, `${where}: value shape`);
    fc.value.data.forEach((v, i) => assert.ok(Math.abs(out.value.data[i]! - v) <= 1e-9 * (1 + Math.abs(v)), `${where}: value[${i}] ${out.value.data[i]} vs ${v}`));
    for (const [name, g] of Object.entries(fc.grad)) {
      const mine = out.grad[name];
      assert.ok(mine, `${where}: no gradient for ${name}`);
      g.data.forEach((v, i) => assert.ok(Math.abs(mine.data[i]! - v) <= 1e-8 * (1 + Math.abs(v)), `${where}: grad.${name}[${i}] ${mine.data[i]} vs ${v}`));
    }
  }
});

test('every family loss the trainer accepts computes on the trainer\'s shapes (the others are refused with a reason)', () => {
  const tasks = [{ task: 'regression', classes: 1 }, { task: 'binary', classes: 2 }, { task: 'multiclass', classes: 3 }] as const;
  const labels = { regression: [0.5, -1, 2, 0.1, 0.3, 1, -0.2], binary: [0, 1, 1, 0, 1, 0, 0], multiclass: [0, 2, 1, 1, 0, 2, 1] };
  let accepted = 0;
  for (const loss of FAMILY_LOSSES) {
    for (const shape of tasks) {
      let plan;
      try {
        plan = planLink(loss, shape);
      } catch (e) {
        assert.ok(e instanceof RefusedError, `${loss.id} on ${shape.task}: refused with a RefusedError`);
        continue;
      }
      accepted++;
      const count = 7;
      const z = Float64Array.from({ length: count * plan.outputs }, (_, i) => Math.sin(i));
      const dz = new Float64Array(z.length);
      const v = lossOnOutputs(plan, {}, z, encodeTarget(plan, labels[shape.task], count), count, dz);
      assert.ok(Number.isFinite(v) && dz.every(Number.isFinite), `${loss.id} on ${shape.task}: finite loss and gradient`);
    }
  }
  assert.ok(accepted > 20, `only ${accepted} (loss, task) pairs accepted`);
});
