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
import { checkGradients } from '../fd';
import { KERAS_SKLEARN_CASES } from './keras_sklearn_cases';

const CASES = KERAS_SKLEARN_CASES;

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
