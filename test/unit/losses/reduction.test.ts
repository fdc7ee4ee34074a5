/** The one reduction of per-item losses (common.ts reduce), as the row-wise helpers use it: PyTorch's
 *  'none' keeps the items, 'sum' adds them, 'mean' divides by their count and is NaN over none
 *  (torch.tensor([]).mean()); the gradient of each item's loss is scaled the same way. Expected
 *  values are worked out by hand. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { reduceRows } from '../../../src/engine/losses/spec_kit';
import { reduced } from '../../../src/engine/losses/margin_rows';
import { getLoss } from '../../../src/engine/catalog';

const rows = () => new Float64Array([1, 2, 3, 6]);
const grads = () => new Float64Array([4, -4, 8, 2]);

test('reduceRows: none keeps the rows, sum adds them, mean averages them, with the row gradients scaled alike', () => {
  const none = reduceRows([4], rows(), { input: { shape: [4], perRow: grads() } }, 'none', true);
  assert.deepEqual([...none.value.data], [1, 2, 3, 6]);
  assert.deepEqual([...none.grad['input']!.data], [4, -4, 8, 2]);
  const sum = reduceRows([4], rows(), { input: { shape: [4], perRow: grads() } }, 'sum', true);
  assert.deepEqual([sum.value.shape, [...sum.value.data]], [[], [12]]);
  assert.deepEqual([...sum.grad['input']!.data], [4, -4, 8, 2]);
  const mean = reduceRows([4], rows(), { input: { shape: [4], perRow: grads() }, target: { shape: [2, 2], perRow: grads() } }, 'mean', true);
  assert.deepEqual([...mean.value.data], [3]);
  assert.deepEqual([...mean.grad['input']!.data], [1, -1, 2, 0.5]);
  assert.deepEqual(mean.grad['target']!.shape, [2, 2]);
  assert.deepEqual(reduceRows([4], rows(), { input: { shape: [4], perRow: grads() } }, 'mean', false).grad, {});
  assert.ok(Number.isNaN(reduceRows([0], new Float64Array(0), {}, 'mean', true).value.data[0]), 'the mean of no rows is NaN');
});

test('the margin losses\' reduced() reduces through the same rows: the reduction option read from the call, the gradient under its name', () => {
  const spec = getLoss('perceptron_loss')!;
  const mean = reduced(rows(), [4], grads(), [4], 'input', { reduction: 'mean' }, spec);
  assert.deepEqual([...mean.value.data], [3]);
  assert.deepEqual([...mean.grad['input']!.data], [1, -1, 2, 0.5]);
  const none = reduced(rows(), [2, 2], null, [2, 2], 'input', { reduction: 'none' }, spec);
  assert.deepEqual([none.value.shape, [...none.value.data], none.grad], [[2, 2], [1, 2, 3, 6], {}]);
});
