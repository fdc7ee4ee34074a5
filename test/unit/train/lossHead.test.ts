import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOSSES, getLoss } from '../../../src/engine/catalog';
import type { Options } from '../../../src/engine/catalog/types';
import { encodeTarget, planLink, type LinkPlan } from '../../../src/engine/train/link';
import { LossHead, lossOnOutputs } from '../../../src/engine/train/lossHead';
import { Random } from '../../../src/engine/train/random';

const binary = { task: 'binary', classes: 2 } as const;
const regression = { task: 'regression', classes: 1 } as const;

/** Raw outputs with ordinary, large and saturating values (|z| up to 800, past exp's range). */
function outputs(n: number, seed: number): Float64Array {
  const r = new Random(seed);
  const extremes = [0, 1e-9, -1e-9, 37, -37, 800, -800, 710, -710];
  return Float64Array.from({ length: n }, (_, i) => (i < extremes.length ? extremes[i]! : (r.uniform() - 0.5) * (i % 3 === 0 ? 60 : 6)));
}

function labels(plan: LinkPlan, n: number, seed: number): Float64Array {
  const r = new Random(seed);
  if (plan.target !== 'values') return Float64Array.from({ length: n }, () => (r.uniform() < 0.5 ? 0 : 1));
  if (plan.loss.expects.target === 'counts') return Float64Array.from({ length: n }, () => Math.floor(r.uniform() * 8));
  return Float64Array.from({ length: n }, () => (r.uniform() - 0.5) * 8);
}

const close = (a: number, b: number): boolean => Object.is(a, b) || Math.abs(a - b) <= 1e-13 * Math.max(1, Math.abs(a), Math.abs(b));

/** The head's value and d/dz against the general path through the loss's tensor compute. */
function assertSameAsGeneral(plan: LinkPlan, options: Options, count: number, zLength: number, seed: number): void {
  const z = outputs(zLength, seed);
  const y = labels(plan, count, seed + 1);
  const target = encodeTarget(plan, y, count);
  const head = new LossHead(plan, options);
  assert.ok(head.elementwise, `${plan.loss.id} (${plan.description}) takes the elementwise path`);
  const dzFast = new Float64Array(zLength).fill(NaN);
  const dzGeneral = new Float64Array(zLength).fill(NaN);
  const label = `${plan.loss.id} ${JSON.stringify(options)} on ${plan.description}, ${count} of ${zLength}`;
  for (let pass = 0; pass < 2; pass++) {
    const fast = head.loss(z, target, count, dzFast);
    const general = lossOnOutputs(plan, options, z, target, count, dzGeneral);
    assert.ok(close(fast, general), `${label}: value ${fast} vs ${general}`);
    assert.ok(close(head.loss(z, target, count), general), `${label}: value without gradient`);
    for (let i = 0; i < count; i++) assert.ok(close(dzFast[i]!, dzGeneral[i]!), `${label}: dz[${i}] ${dzFast[i]} vs ${dzGeneral[i]}`);
    for (let i = count; i < zLength; i++) assert.ok(Number.isNaN(dzFast[i]!), `${label}: dz past the batch is left alone`);
  }
}

const VARIANTS: Record<string, Options[]> = {
  mse_loss: [{}, { reduction: 'sum' }, { reduction: 'none' }],
  l1_loss: [{}, { reduction: 'sum' }],
  huber_loss: [{}, { delta: 0.3 }, { delta: 5, reduction: 'none' }],
  smooth_l1_loss: [{}, { beta: 0 }, { beta: 2.5, reduction: 'sum' }],
  binary_cross_entropy: [{}, { reduction: 'sum' }, { reduction: 'none' }],
  binary_cross_entropy_with_logits: [{}, { reduction: 'sum' }, { reduction: 'none' }],
  soft_margin_loss: [{}, { reduction: 'none' }],
  poisson_nll_loss: [{}, { log_input: false }, { full: true, reduction: 'sum' }, { log_input: false, eps: 0.5, reduction: 'none' }],
  sigmoid_focal_loss: [{}, { reduction: 'mean' }, { alpha: -1, gamma: 0, reduction: 'sum' }, { alpha: 0.7, gamma: 1.5 }],
  pseudo_huber_loss: [{}, { delta: 0.3, reduction: 'none' }],
  charbonnier_loss: [{}, { scale: 0.5 }],
  cauchy_loss: [{}, { scale: 2, reduction: 'sum' }],
  geman_mcclure_loss: [{}, { scale: 0.7 }],
  welsch_loss: [{}, { scale: 1.5, reduction: 'none' }],
  tukey_biweight_loss: [{}, { c: 1.5 }],
  barron_loss: [{}, { alpha: 0 }, { alpha: 2 }, { alpha: '-inf', scale: 0.5 }, { alpha: -2, reduction: 'sum' }],
  wing_loss: [{}, { omega: 1, epsilon: 0.5 }],
  soft_wing_loss: [{}, { omega1: 1, omega2: 5, epsilon: 0.2 }],
  adaptive_wing_loss: [{}, { theta: 0.3, reduction: 'sum' }],
  epsilon_insensitive_loss: [{}, { epsilon: 0.5, reduction: 'none' }],
  squared_epsilon_insensitive_loss: [{}, { epsilon: 0.5 }],
  balanced_l1_loss: [{}, { alpha: 1, gamma: 2, beta: 0.5 }],
};

test('every elementwise loss in the catalog is covered here, with its option variants', () => {
  const elementwise = LOSSES.filter((l) => l.elementwise).map((l) => l.id).sort();
  assert.deepEqual(elementwise, Object.keys(VARIANTS).sort());
});

test('the allocation-free path gives the general path\'s loss and d/dz, for every link and task it serves', () => {
  let seed = 10;
  for (const [id, variants] of Object.entries(VARIANTS)) {
    const loss = getLoss(id)!;
    const plans: LinkPlan[] = [];
    for (const task of [binary, regression]) {
      try {
        plans.push(planLink(loss, task));
      } catch {
        // this loss does not train this task
      }
    }
    assert.ok(plans.length > 0, `${id} trains some task`);
    for (const plan of plans) {
      for (const options of variants) {
        assertSameAsGeneral(plan, options, 64, 64, seed++);
        assertSameAsGeneral(plan, options, 23, 64, seed++); // the short last mini-batch
      }
    }
  }
  assert.equal(planLink(getLoss('mse_loss')!, binary).link, 'sigmoid', 'the sigmoid link is among those checked');
});

test('options the loss refuses are refused when the head is made, with the loss\'s own message', () => {
  const plan = planLink(getLoss('huber_loss')!, regression);
  const target = encodeTarget(plan, [1, 2], 2);
  const viaCompute = (): number => lossOnOutputs(plan, { delta: -1 }, new Float64Array([0, 0]), target, 2);
  assert.throws(viaCompute, /delta.*must be positive/);
  assert.throws(() => new LossHead(plan, { delta: -1 }), /delta.*must be positive/);
  assert.throws(() => new LossHead(planLink(getLoss('mse_loss')!, regression), { reduction: 'avg' }), /reduction/);
});

test('losses without an elementwise form, and class links, take the general path', () => {
  const ce = planLink(getLoss('cross_entropy')!, { task: 'multiclass', classes: 3 });
  const head = new LossHead(ce, {});
  assert.equal(head.elementwise, false);
  const z = outputs(12, 3);
  const target = encodeTarget(ce, [0, 2, 1, 1], 4);
  const dz1 = new Float64Array(12);
  const dz2 = new Float64Array(12);
  assert.equal(head.loss(z, target, 4, dz1), lossOnOutputs(ce, {}, z, target, 4, dz2));
  assert.deepEqual([...dz1], [...dz2]);
});
