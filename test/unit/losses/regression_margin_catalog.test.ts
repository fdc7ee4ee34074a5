/** Catalog entries of the regression and margin losses: every field filled and consistent with
 *  what compute() accepts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getLoss } from '../../../src/engine/catalog';
import type { LossSpec, Options, TensorArgs } from '../../../src/engine/catalog/types';
import { Tensor } from '../../../src/engine/tensor';

const floats = (shape: number[], f: (i: number) => number) => new Tensor(shape, Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)));
const ints = (shape: number[], values: number[]) => new Tensor(shape, Float64Array.from(values), 'int64');

/** A valid (input, target) pair of 3 samples × 4 classes/outputs for what the loss expects. */
function sampleArgs(spec: LossSpec): TensorArgs {
  const input = floats([3, 4], (i) => Math.sin(i + 1));
  switch (spec.expects.target) {
    case 'plus_minus_one': return { input, target: floats([3, 4], (i) => (i % 3 === 0 ? -1 : 1)) };
    case 'class_indices': return { input, target: ints([3], [0, 3, 1]) };
    case 'multilabel_indices': return { input, target: ints([3, 4], [0, 2, -1, 0, 3, -1, 0, 0, 1, 2, 3, -1]) };
    case 'multilabel_binary': return { input, target: floats([3, 4], (i) => i % 2) };
    default: return { input, target: floats([3, 4], (i) => Math.cos(i)) };
  }
}

const IDS = [
  'l1_loss', 'mse_loss', 'huber_loss', 'smooth_l1_loss',
  'soft_margin_loss', 'multilabel_soft_margin_loss', 'multilabel_margin_loss', 'multi_margin_loss',
];

function entry(id: string): LossSpec {
  const spec = getLoss(id);
  assert.ok(spec, `${id} is in the catalog`);
  return spec;
}

for (const id of IDS) {
  test(`${id}: every catalog field is filled`, () => {
    const spec = entry(id);
    assert.ok(spec.title.length > 3, 'title');
    for (const field of ['summary', 'gradient'] as const) assert.ok(spec[field].length > 40, field);
    assert.ok(spec.formula.unicode.length > 5 && spec.formula.latex.length > 5, 'formula');
    assert.ok(spec.shapes.input && spec.shapes.target && spec.shapes.output, 'shapes');
    assert.ok(spec.args.length >= 2 && spec.args.every((a) => a.shape && a.meaning), 'args');
    assert.ok(spec.whenToUse.length >= 2, 'whenToUse');
    assert.ok(spec.references.length >= 2 && spec.references.every((r) => r.title), 'references');
    assert.ok(spec.options.every((o) => o.meaning.length > 10), 'option meanings');
    const pitfallIds = spec.pitfalls.map((p) => p.id);
    assert.equal(new Set(pitfallIds).size, pitfallIds.length, 'pitfall ids unique');
    assert.ok(pitfallIds.includes('naive-loss-combination') && pitfallIds.includes('overfitting-to-the-loss'));
    assert.ok(spec.pitfalls.every((p) => /^[a-z0-9-]+$/.test(p.id) && p.title && p.detail.length > 30), 'pitfalls');
  });

  test(`${id}: PyTorch module and functional spellings; argument maps point at real arguments`, () => {
    const spec = entry(id);
    const functional = spec.spellings.find((s) => s.framework === 'pytorch' && s.kind === 'functional');
    assert.equal(functional?.name, `torch.nn.functional.${id}`);
    assert.ok(spec.spellings.some((s) => s.framework === 'pytorch' && s.kind === 'module' && /^torch\.nn\.[A-Z]\w+Loss$/.test(s.name)));
    const names = new Set([...spec.args.map((a) => a.name), ...spec.options.map((o) => o.name)]);
    for (const s of spec.spellings) {
      for (const ours of Object.values(s.argMap ?? {})) assert.ok(names.has(ours), `${s.name} maps to unknown ${ours}`);
      if (s.framework !== 'pytorch') assert.ok(s.note, `${s.name} says how it differs`);
    }
  });

  test(`${id}: option defaults are accepted by compute(), explanations and sliders are sane`, () => {
    const spec = entry(id);
    const args = sampleArgs(spec);
    const implicit = spec.compute(args, {}, false).value.data;
    // Every default written out (as a user may) computes what leaving it unset computes.
    const defaults: Options = Object.fromEntries(spec.options.filter((o) => o.type !== 'tensor').map((o) => [o.name, o.default]));
    assert.deepEqual(Array.from(spec.compute(args, defaults, false).value.data), Array.from(implicit), 'all defaults at once');
    for (const [name, value] of Object.entries(defaults)) {
      assert.deepEqual(Array.from(spec.compute(args, { [name]: value }, false).value.data), Array.from(implicit), `${name}=${JSON.stringify(value)}`);
    }
    for (const o of spec.options) {
      if (o.choices && typeof o.default === 'string') assert.ok(o.choices.includes(o.default), `${o.name} default in choices`);
      if (o.explain) assert.ok(o.explain(o.default).length > 10, `${o.name} explains its default`);
      if (o.tunable && typeof o.default === 'number') {
        assert.ok(o.tunable.min <= o.default && o.default <= o.tunable.max, `${o.name} default inside slider`);
        assert.ok(o.tunable.step > 0);
      }
    }
  });
}

test('regression pitfalls: mse-for-classification on mse and l1, outliers-dominate-mse on mse', () => {
  for (const id of ['mse_loss', 'l1_loss']) assert.ok(entry(id).pitfalls.some((p) => p.id === 'mse-for-classification'));
  assert.ok(entry('mse_loss').pitfalls.some((p) => p.id === 'outliers-dominate-mse'));
});

test('what each loss expects from the model and the data', () => {
  const expects = Object.fromEntries(IDS.map((id) => [id, entry(id).expects]));
  assert.deepEqual(expects['mse_loss'], { prediction: 'values', target: 'values' });
  assert.deepEqual(expects['soft_margin_loss'], { prediction: 'scores', target: 'plus_minus_one' });
  assert.deepEqual(expects['multi_margin_loss'], { prediction: 'scores', target: 'class_indices' });
  assert.deepEqual(expects['multilabel_margin_loss'], { prediction: 'scores', target: 'multilabel_indices' });
  assert.deepEqual(expects['multilabel_soft_margin_loss'], { prediction: 'logits', target: 'multilabel_binary' });
});

test('framework spellings the brief names are present with their real names', () => {
  const has = (id: string, name: string) => entry(id).spellings.some((s) => s.name === name);
  for (const name of ['keras.losses.MeanSquaredError', 'keras.losses.mean_squared_error', 'mse', 'mean_squared_error', 'optax.l2_loss', 'optax.squared_error', 'sklearn.metrics.mean_squared_error', 'squared_error']) {
    assert.ok(has('mse_loss', name), name);
  }
  for (const name of ['keras.losses.MeanAbsoluteError', 'keras.losses.mean_absolute_error', 'mae', 'mean_absolute_error', 'sklearn.metrics.mean_absolute_error']) {
    assert.ok(has('l1_loss', name), name);
  }
  for (const name of ['keras.losses.Huber', 'huber', 'optax.huber_loss']) assert.ok(has('huber_loss', name), name);
  assert.match(entry('mse_loss').spellings.find((s) => s.name === 'optax.l2_loss')!.note!, /0\.5/);
  assert.deepEqual(entry('huber_loss').spellings.find((s) => s.name === 'keras.losses.Huber')!.argMap, { y_true: 'target', y_pred: 'input', delta: 'delta' });
});
