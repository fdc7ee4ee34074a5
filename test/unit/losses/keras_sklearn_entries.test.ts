/** The catalog entries added for the Keras and scikit-learn spellings: analytic gradients against
 *  central differences, and values against scikit-learn's (test/fixtures/frameworks/sklearn.json,
 *  computed with the real scikit-learn) where the metric is the entry's mean. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLoss } from '../../../src/engine/catalog';
import { KERAS_SKLEARN_LOSSES } from '../../../src/engine/catalog/keras_sklearn_losses';
import { numbersMatch, tensorFromJson, type CaseJson } from '../../../src/engine/cases';
import type { Options } from '../../../src/engine/catalog/types';
import { Tensor } from '../../../src/engine/tensor';
import { checkGradients, randomTensor, rng } from '../fd';

const rand = rng(1616);
const positive = (shape: number[]) => randomTensor(shape, rand, 0.2, 3);
const unit = (shape: number[]) => randomTensor(shape, rand, 0.05, 0.95);
const normal = (shape: number[]) => randomTensor(shape, rand);
const ints = (n: number, k: number) => Tensor.from([n], Array.from({ length: n }, (_, i) => i % k), 'int64');
const signs = (shape: number[]) => Tensor.from(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rand() < 0.5 ? -1 : 1)));
const bits = (shape: number[]) => Tensor.from(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i % 3 === 0 ? 1 : 0)));

const opts = (...o: Options[]): Options[] => o;

/** Inputs away from each loss's kinks, with the options worth checking. */
const CASES: Record<string, () => { args: Record<string, Tensor>; options: readonly Options[] }> = {
  log_cosh_loss: () => ({ args: { input: normal([3, 4]), target: normal([3, 4]) }, options: opts({}, { reduction: 'sum' }, { reduction: 'none' }) }),
  mean_absolute_percentage_error: () => ({ args: { input: normal([3, 4]), target: positive([3, 4]) }, options: opts({}, { epsilon: 1e-3 }) }),
  mean_squared_log_error: () => ({ args: { input: positive([3, 4]), target: positive([3, 4]) }, options: opts({}, { reduction: 'sum' }) }),
  hinge_loss: () => ({ args: { input: randomTensor([12], rand, -0.9, 0.9), target: signs([12]) }, options: opts({}, { reduction: 'none' }) }),
  squared_hinge_loss: () => ({ args: { input: normal([12]), target: signs([12]) }, options: opts({}) }),
  quantile_loss: () => ({ args: { input: normal([10]), target: normal([10]) }, options: opts({}, { quantile: 0.9 }, { quantile: 0.1, reduction: 'sum' }) }),
  tweedie_deviance: () => ({ args: { input: positive([8]), target: positive([8]) }, options: opts({}, { power: 0 }, { power: 1 }, { power: 2 }, { power: 3 }, { power: -1 }) }),
  poisson_deviance: () => ({ args: { input: positive([8]), target: positive([8]) }, options: opts({}) }),
  gamma_deviance: () => ({ args: { input: positive([8]), target: positive([8]) }, options: opts({}) }),
  brier_score: () => ({ args: { input: unit([8]), target: bits([8]) }, options: opts({}) }),
  median_absolute_error: () => ({ args: { input: normal([7]), target: normal([7]) }, options: opts({}) }),
  max_error: () => ({ args: { input: normal([7]), target: normal([7]) }, options: opts({}) }),
  zero_one_loss: () => ({ args: { input: normal([6, 3]), target: ints(6, 3) }, options: opts({}, { reduction: 'none' }) }),
  hamming_loss: () => ({ args: { input: normal([4, 3]), target: bits([4, 3]) }, options: opts({}) }),
  label_ranking_loss: () => ({ args: { input: normal([4, 3]), target: bits([4, 3]) }, options: opts({}) }),
  coverage_error: () => ({ args: { input: normal([4, 3]), target: bits([4, 3]) }, options: opts({}) }),
  categorical_hinge_loss: () => ({ args: { input: normal([5, 4]), target: Tensor.from([5, 4], Array.from({ length: 20 }, (_, i) => (i % 4 === Math.floor(i / 4) % 4 ? 1 : 0))) }, options: opts({}, { reduction: 'sum' }) }),
  cosine_similarity_loss: () => ({ args: { input: normal([4, 3]), target: normal([4, 3]) }, options: opts({}, { reduction: 'none' }) }),
  dice_loss: () => ({ args: { input: unit([3, 2, 4]), target: bits([3, 2, 4]) }, options: opts({}, { smooth: 0 }, { reduction: 'none' }) }),
  tversky_loss: () => ({ args: { input: unit([3, 5]), target: bits([3, 5]) }, options: opts({}, { alpha: 0.3, beta: 0.7 }) }),
  circle_loss: () => ({ args: { input: normal([6, 4]), target: ints(6, 3) }, options: opts({}, { gamma: 16, margin: 0.25 }) }),
  categorical_focal_loss: () => ({ args: { input: normal([5, 4]), target: ints(5, 4) }, options: opts({}, { gamma: 0 }, { alpha: 1, gamma: 3 }) }),
  generalized_cross_entropy: () => ({ args: { input: normal([5, 4]), target: ints(5, 4) }, options: opts({}, { q: 1 }, { q: 0.3, reduction: 'sum' }) }),
};

for (const spec of KERAS_SKLEARN_LOSSES) {
  test(`${spec.id}: analytic gradients match central differences`, () => {
    const make = CASES[spec.id];
    assert.ok(make, `${spec.id}: no gradient check case`);
    const { args, options } = make();
    for (const o of options) checkGradients(spec, args, o, { tol: 1e-5 });
  });
}

/** sklearn metric → the entry whose mean (or value) it is, and how its arguments and options map. */
const SAME_AS: Record<string, { id: string; args: [string, string]; options?: (o: Options) => Options }> = {
  'sklearn.metrics.mean_absolute_percentage_error': { id: 'mean_absolute_percentage_error', args: ['target', 'input'] },
  'sklearn.metrics.mean_squared_log_error': { id: 'mean_squared_log_error', args: ['target', 'input'] },
  'sklearn.metrics.mean_pinball_loss': { id: 'quantile_loss', args: ['target', 'input'], options: (o): Options => (o['alpha'] === undefined ? {} : { quantile: o['alpha']! }) },
  'sklearn.metrics.mean_tweedie_deviance': { id: 'tweedie_deviance', args: ['target', 'input'], options: (o) => ({ power: o['power'] ?? 0 }) },
  'sklearn.metrics.mean_poisson_deviance': { id: 'poisson_deviance', args: ['target', 'input'] },
  'sklearn.metrics.mean_gamma_deviance': { id: 'gamma_deviance', args: ['target', 'input'] },
  'sklearn.metrics.median_absolute_error': { id: 'median_absolute_error', args: ['target', 'input'] },
  'sklearn.metrics.max_error': { id: 'max_error', args: ['target', 'input'] },
  'sklearn.metrics.label_ranking_loss': { id: 'label_ranking_loss', args: ['target', 'input'] },
  'sklearn.metrics.coverage_error': { id: 'coverage_error', args: ['target', 'input'] },
};

test('entries agree with scikit-learn on its own cases (1-D or single-output, unweighted)', () => {
  const cases = JSON.parse(readFileSync(join(__dirname, '../../fixtures/frameworks/sklearn.json'), 'utf8')) as CaseJson[];
  let compared = 0;
  for (const c of cases) {
    const map = SAME_AS[c.loss];
    const want = c.expected?.value;
    if (!map || !want || want.shape.length > 0 || c.args['sample_weight'] || (c.options ?? {})['squared'] === false) continue;
    const names = Object.keys(c.args);
    const a = tensorFromJson(names[0]!, c.args[names[0]!]);
    const b = tensorFromJson(names[1]!, c.args[names[1]!]);
    if (a.ndim === 2 && a.shape[1] !== 1 && !['label_ranking_loss', 'coverage_error'].includes(map.id)) continue;
    const spec = getLoss(map.id)!;
    const f = (t: Tensor) => (t.dtype === 'int64' ? new Tensor(t.shape, t.data, 'float64') : t);
    const args = map.id === 'label_ranking_loss' || map.id === 'coverage_error' ? { target: a, input: f(b) } : { [map.args[0]]: f(a), [map.args[1]]: f(b) };
    const got = spec.compute(args, map.options ? map.options(c.options ?? {}) : {}, false).value.item();
    assert.ok(numbersMatch(got, Number(want.data[0])), `${c.id} (${c.note}): ${map.id} gives ${got}, scikit-learn ${want.data[0]}`);
    compared++;
  }
  assert.ok(compared >= 30, `only ${compared} cases compared`);
});
