import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOSSES } from '../../src/engine/catalog';
import { catalogJson } from '../../src/engine/catalog/json';

const TORCH_FUNCTIONAL = [
  'binary_cross_entropy', 'binary_cross_entropy_with_logits', 'poisson_nll_loss', 'gaussian_nll_loss', 'kl_div',
  'cross_entropy', 'nll_loss', 'l1_loss', 'mse_loss', 'huber_loss', 'smooth_l1_loss', 'soft_margin_loss',
  'multilabel_soft_margin_loss', 'multilabel_margin_loss', 'multi_margin_loss', 'margin_ranking_loss',
  'hinge_embedding_loss', 'cosine_embedding_loss', 'triplet_margin_loss', 'triplet_margin_with_distance_loss',
  'ctc_loss',
];

test('the catalog holds every torch.nn.functional loss of 1.13 plus torchvision sigmoid_focal_loss', () => {
  const ids = new Set(LOSSES.map((l) => l.id));
  for (const id of [...TORCH_FUNCTIONAL, 'sigmoid_focal_loss']) assert.ok(ids.has(id), `missing ${id}`);
});

test('ids are unique', () => {
  assert.equal(new Set(LOSSES.map((l) => l.id)).size, LOSSES.length);
});

test('losslab list --json carries every field, none empty', () => {
  for (const entry of catalogJson()) {
    for (const field of ['id', 'title', 'family', 'summary', 'formula', 'args', 'options', 'shapes', 'spellings', 'whenToUse', 'pitfalls', 'gradient', 'references', 'expects']) {
      const v = entry[field];
      // A metric with no keyword arguments (max_error, median_absolute_error) lists none.
      const emptyAllowed = field === 'options' && ['max_error', 'median_absolute_error'].includes(String(entry.id));
      assert.ok(v !== undefined && v !== '' && (emptyAllowed || !(Array.isArray(v) && v.length === 0)), `${String(entry.id)}: field ${field} is empty`);
    }
    const formula = entry.formula as { unicode: string; latex: string };
    assert.ok(formula.unicode && formula.latex, `${String(entry.id)}: formula needs unicode and latex`);
    assert.doesNotThrow(() => JSON.stringify(entry));
  }
});

test('every loss has its PyTorch functional spelling (torchvision for focal) and a module spelling where PyTorch has one', () => {
  for (const l of LOSSES.filter((x) => TORCH_FUNCTIONAL.includes(x.id) || x.id === 'sigmoid_focal_loss')) {
    const names = l.spellings.map((s) => s.name);
    const functional = l.id === 'sigmoid_focal_loss' ? 'torchvision.ops.sigmoid_focal_loss' : `torch.nn.functional.${l.id}`;
    assert.ok(names.includes(functional), `${l.id}: missing ${functional}`);
  }
});

test('a (framework, kind, name) spelling belongs to one loss only', () => {
  const seen = new Map<string, string>();
  for (const l of LOSSES) {
    for (const s of l.spellings) {
      const key = `${s.framework}:${s.kind}:${s.name}`;
      const other = seen.get(key);
      assert.ok(other === undefined || other === l.id, `${key} is claimed by ${other} and ${l.id}`);
      seen.set(key, l.id);
    }
  }
});

test('option defaults agree with their declared types and ranges', () => {
  for (const l of LOSSES) {
    for (const o of l.options) {
      const d = o.default;
      const where = `${l.id}.${o.name}`;
      if (d === null) continue;
      if (o.type === 'number' || o.type === 'integer') {
        assert.equal(typeof d, 'number', `${where}: default should be a number`);
        if (o.type === 'integer') assert.ok(Number.isInteger(d), `${where}: default should be an integer`);
        if (o.range?.min !== undefined) assert.ok((d as number) >= o.range.min, `${where}: default below min`);
        if (o.range?.max !== undefined) assert.ok((d as number) <= o.range.max, `${where}: default above max`);
      }
      if (o.type === 'boolean') assert.equal(typeof d, 'boolean', `${where}: default should be a boolean`);
      if (o.type === 'enum') assert.ok(o.choices?.includes(String(d)), `${where}: default not among choices`);
    }
  }
});

test('pitfall ids are unique within a loss, and every loss says what it expects', () => {
  for (const l of LOSSES) {
    const ids = l.pitfalls.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, `${l.id}: duplicate pitfall id`);
    assert.ok(l.expects.prediction && l.expects.target, `${l.id}: expects`);
    assert.ok(l.args.some((a) => a.differentiable), `${l.id}: no differentiable argument`);
  }
});
