import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getLoss } from '../../../src/engine/catalog';
import { generate } from '../../../src/engine/data/synthetic';
import { splitData } from '../../../src/engine/data/split';
import { optimizerSettings } from '../../../src/engine/train/optimizers';
import { DivergedError, Trainer, type RunSettings } from '../../../src/engine/train/trainer';
import { fakeLoss } from './fake-loss';

const moons = generate('binary', 'moons', { n: 120, noise: 0.2, seed: 0 })!;
const ce = getLoss('cross_entropy')!;

function settings(over: Partial<RunSettings> = {}): RunSettings {
  return {
    loss: ce, lossOptions: {}, optimizer: optimizerSettings('adam', { lr: 0.03 }), model: { hidden: [8], activation: 'tanh' },
    seed: 0, steps: 60, batchSize: 32, ...over,
  };
}

function curve(s: RunSettings): number[] {
  const { train, val } = splitData(moons, 0.25, 1);
  const t = new Trainer(s, train, val);
  return Array.from({ length: s.steps }, () => t.step());
}

test('same seed, same curve; another seed, another curve (mini-batch shuffling and init)', () => {
  const a = curve(settings());
  assert.deepEqual(curve(settings()), a);
  assert.notDeepEqual(curve(settings({ seed: 1 })), a);
});

test('training lowers the loss and learns moons', () => {
  const { train, val } = splitData(moons, 0.25, 1);
  const t = new Trainer(settings({ steps: 300, batchSize: null, model: { hidden: [16], activation: 'tanh' } }), train, val);
  const first = t.step();
  for (let i = 1; i < 300; i++) t.step();
  const final = t.evaluate();
  assert.ok(final.train_loss < first / 3, `train loss ${first} -> ${final.train_loss}`);
  assert.ok(final.val_loss !== null && 'accuracy' in final.metric && final.metric.accuracy > 0.85, JSON.stringify(final));
});

test('a loss that blows up is reported as diverged at its step', () => {
  // Σ (w p + p²/2) with SGD at lr 1e6: each step multiplies the outputs' scale, overflowing to inf.
  const loss = fakeLoss('logits', 'binary');
  const t = new Trainer(settings({ loss, optimizer: optimizerSettings('sgd', { lr: 1e6 }), batchSize: null }), moons, null);
  assert.throws(() => { for (let i = 0; i < 100; i++) t.step(); }, (e: unknown) => e instanceof DivergedError && /diverged/.test(e.message));
});
