import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getLoss } from '../../../src/engine/catalog';
import { RefusedError, planLink, encodeTarget } from '../../../src/engine/train/link';
import { fakeLoss } from './fake-loss';

const binary = { task: 'binary', classes: 2 } as const;
const three = { task: 'multiclass', classes: 3 } as const;
const regression = { task: 'regression', classes: 1 } as const;

test('mse_loss on a binary task receives sigmoid probabilities against 0/1 targets and is flagged', () => {
  const mse = getLoss('mse_loss')!;
  const plan = planLink(mse, binary);
  assert.equal(plan.link, 'sigmoid');
  assert.equal(plan.target, 'zero_one');
  assert.equal(plan.outputs, 1);
  assert.ok(plan.flag, 'a regression loss on class labels is a known pitfall');
  if (mse.pitfalls.length > 0) assert.ok(mse.pitfalls.some((p) => p.id === plan.flag!.id), 'the flag is one of the catalog pitfalls');
  assert.equal(planLink(mse, regression).flag, undefined);
  assert.equal(planLink(mse, regression).link, 'identity');
});

test('soft_margin_loss gets raw scores and ±1 targets', () => {
  const plan = planLink(fakeLoss('scores', 'plus_minus_one'), binary);
  assert.equal(plan.link, 'identity');
  assert.deepEqual([...encodeTarget(plan, [0, 1, 1], 3).data], [-1, 1, 1]);
  const real = getLoss('soft_margin_loss')!;
  if (real.args.length >= 2) assert.equal(planLink(real, binary).target, 'plus_minus_one');
});

test('class-index losses: k outputs, a binary task becomes two classes, int64 targets', () => {
  const plan = planLink(fakeLoss('logits', 'class_indices'), binary);
  assert.equal(plan.outputs, 2);
  const t = encodeTarget(plan, [1, 0], 2);
  assert.equal(t.dtype, 'int64');
  assert.deepEqual([...t.shape], [2]);
  assert.equal(planLink(fakeLoss('logits', 'class_indices'), three).outputs, 3);
  assert.equal(planLink(fakeLoss('log_probabilities', 'class_indices'), three).link, 'log_softmax');
  assert.equal(planLink(fakeLoss('probabilities', 'class_probabilities'), three).link, 'softmax');
  assert.deepEqual([...encodeTarget(planLink(fakeLoss('probabilities', 'class_probabilities'), three), [2, 0], 2).data], [0, 0, 1, 1, 0, 0]);
  assert.deepEqual([...encodeTarget(planLink(fakeLoss('scores', 'multilabel_indices'), three), [1], 1).data], [1, -1, -1]);
});

test('nonsensical combinations are refused with the reason', () => {
  const refused = (f: () => unknown, pattern: RegExp): void => {
    assert.throws(f, (e: unknown) => e instanceof RefusedError && pattern.test(e.message));
  };
  refused(() => planLink(fakeLoss('logits', 'class_indices'), regression), /class indices.*regression/);
  refused(() => planLink(fakeLoss('probabilities', 'values'), regression), /probabilities.*regression model predicts values/);
  refused(() => planLink(fakeLoss('embeddings', 'none'), binary), /embeddings/);
  refused(() => planLink(fakeLoss('scores', 'plus_minus_one'), three), /3 classes/);
  refused(() => planLink(fakeLoss('log_probabilities', 'sequences'), three), /sequences/);
  refused(() => planLink(fakeLoss('values', 'counts'), { ...regression, y: [1, -2] }), /negative/);
  const withVar = fakeLoss('values', 'values', {
    family: 'regression',
    args: [
      { name: 'input', shape: '', dtype: 'float', differentiable: true, meaning: 'mean' },
      { name: 'target', shape: '', dtype: 'float', differentiable: false, meaning: 'target' },
      { name: 'var', shape: '', dtype: 'float', differentiable: true, meaning: 'predicted variance' },
    ],
  });
  refused(() => planLink(withVar, regression), /`var` \(predicted variance\)/);
  // The catalog's own entries that cannot train a per-example model.
  for (const id of ['triplet_margin_loss', 'ctc_loss', 'cosine_embedding_loss']) {
    const loss = getLoss(id);
    assert.ok(loss, `${id} is in the catalog`);
    assert.throws(() => planLink(loss, binary), RefusedError, id);
  }
});
