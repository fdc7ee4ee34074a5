import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/kl_div';
import { Tensor } from '../../../src/engine/tensor';
import { rng } from '../fd';
import { assertRejects, close, total, valueOf } from './regression_margin_support';
import { combinations, gradientSweep, permutationInvariance, probabilities, reductionConsistency, referenceTest } from './classification_probabilistic_support';

referenceTest(spec, 25);

const logOf = (t: Tensor) => new Tensor(t.shape, t.data.map(Math.log));

for (const targetShape of [[3, 4], [4], [1, 4]]) {
  gradientSweep(
    { ...spec, id: `kl_div target ${JSON.stringify(targetShape)}` },
    combinations({ reduction: ['none', 'batchmean', 'mean', 'sum'], log_target: [false, true] }),
    (seed, options) => {
      const rand = rng(seed);
      const input = logOf(probabilities([3, 4], rand));
      const p = probabilities(targetShape, rand);
      return { input, target: options['log_target'] ? logOf(p) : p };
    },
  );
}

const batchArgs = (seed: number) => {
  const rand = rng(seed);
  const N = 1 + Math.floor(rand() * 5);
  return { input: logOf(probabilities([N, 4], rand)), target: probabilities([N, 4], rand) };
};
reductionConsistency(spec, batchArgs, ({ input }) => input!.size);
permutationInvariance(spec, batchArgs, ['input', 'target'], { reduction: 'batchmean' });

test('kl_div: batchmean is the mean KL divergence per sample, ≥ 0 and 0 only for equal distributions', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1 << 30 }), (seed) => {
      const { input, target } = batchArgs(seed);
      const kl = valueOf(spec, { input, target }, { reduction: 'batchmean' }).item();
      const sum = valueOf(spec, { input, target }, { reduction: 'sum' }).item();
      const self = valueOf(spec, { input: logOf(target), target }, { reduction: 'batchmean' }).item();
      return kl >= 0 && close(kl * input.shape[0]!, sum, 1e-12, 1e-15) && Math.abs(self) < 1e-15;
    }),
  );
});

test('kl_div: log_target gives the same value as probabilities', () => {
  const { input, target } = batchArgs(11);
  const a = valueOf(spec, { input, target }, { reduction: 'none' });
  const b = valueOf(spec, { input, target: logOf(target) }, { reduction: 'none', log_target: true });
  a.data.forEach((v, i) => assert.ok(close(v, b.data[i]!, 1e-12, 1e-15)));
});

test('kl_div: target 0 contributes 0 (xlogy) but its target gradient is NaN, as in PyTorch 1.13', () => {
  const { value, grad } = spec.compute({ input: Tensor.from([2], [-0.5, -1]), target: Tensor.from([2], [0, 1]) }, { reduction: 'sum' }, true);
  assert.equal(value.item(), 1);
  assert.deepEqual([...grad['input']!.data].map((v) => v + 0), [0, -1]);
  assert.ok(Number.isNaN(grad['target']!.data[0]!));
  assert.equal(grad['target']!.data[1], 0 + 1 + 1);
  assert.ok(Number.isNaN(valueOf(spec, { input: Tensor.from([1], [0.3]), target: Tensor.from([1], [-0.1]) }).item()));
});

test('kl_div: broadcasting and batchmean divide by input.size(0)', () => {
  const input = Tensor.from([4], [-1, -2, -3, -1.5]);
  const target = probabilities([3, 4], rng(5));
  const sum = valueOf(spec, { input, target }, { reduction: 'sum' }).item();
  assert.ok(close(valueOf(spec, { input, target }, { reduction: 'batchmean' }).item(), sum / 4, 1e-15));
  assert.deepEqual(valueOf(spec, { input, target }, { reduction: 'none' }).shape, [3, 4]);
  assert.ok(close(total(valueOf(spec, { input, target }, { reduction: 'none' })), sum, 1e-14));
});

test('kl_div: rejects shapes that do not broadcast, integer tensors, unknown reductions', () => {
  const input = Tensor.from([2, 2], [-1, -1, -1, -1]);
  assertRejects(spec, { input, target: Tensor.from([3], [0.2, 0.3, 0.5]) }, {}, 'target');
  assertRejects(spec, { input, target: Tensor.from([2, 2], [0, 1, 1, 0], 'int64') }, {}, 'target');
  assertRejects(spec, { input, target: Tensor.from([2, 2], [0.5, 0.5, 0.5, 0.5]) }, { reduction: 'avg' }, 'reduction');
  const reduction = spec.options.find((o) => o.name === 'reduction')!;
  assert.ok(reduction.choices!.includes('batchmean'));
  assert.match(reduction.explain!('mean'), /batchmean/);
});
