import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explorerData, explorerDefaults } from '../../../src/plot/explorerData';

test('the explorer shows the target it draws: 1 for binary labels, 2 for counts, 0 for values', () => {
  for (const [id, target] of [['binary_cross_entropy_with_logits', 1], ['soft_margin_loss', 1], ['poisson_nll_loss', 2], ['mse_loss', 0]] as const) {
    assert.equal(explorerDefaults([{ id }]).target, target, id);
    assert.equal(explorerData({ losses: [{ id }], points: 3 }).target, target, `${id}: what is drawn`);
  }
});

test('the prediction half-width sets the range around the target; probability axes keep their own', () => {
  assert.deepEqual(explorerDefaults([{ id: 'mse_loss' }], 1.5).range, [-1.5, 1.5]);
  assert.deepEqual(explorerDefaults([{ id: 'mse_loss' }], 2, 4).range, [2, 6]);
  assert.deepEqual(explorerDefaults([{ id: 'mse_loss' }]).range, [-3, 3], 'the default half-width');
  assert.equal(explorerDefaults([{ id: 'binary_cross_entropy' }], 1.5).axis, 'probability');
});
