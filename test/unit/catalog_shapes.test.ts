import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOSSES } from '../../src/engine/catalog';
import { SHAPES } from '../../src/engine/losses/shapes';

test('every catalog entry states the shapes of its input, target and output', () => {
  for (const l of LOSSES) {
    for (const field of ['input', 'target', 'output'] as const) {
      const text = l.shapes?.[field];
      assert.ok(typeof text === 'string' && text.trim().length > 0, `${l.id}: shapes.${field} is empty`);
    }
  }
});

test('a shape description shared by several entries is stated once, in SHAPES, and each of those is shared', () => {
  const shared = new Set<object>(Object.values(SHAPES));
  const byText = new Map<string, { ids: string[]; objects: Set<object> }>();
  for (const l of LOSSES) {
    const key = JSON.stringify([l.shapes.input, l.shapes.target, l.shapes.output]);
    const entry = byText.get(key) ?? { ids: [], objects: new Set() };
    entry.ids.push(l.id);
    entry.objects.add(l.shapes);
    byText.set(key, entry);
  }
  for (const [text, { ids, objects }] of byText) {
    if (ids.length < 2) continue;
    assert.ok(objects.size === 1 && shared.has([...objects][0]!), `${ids.join(', ')} write ${text} each on their own: state it once in SHAPES`);
  }
  const used = new Set<object>(LOSSES.map((l) => l.shapes));
  for (const [name, shapes] of Object.entries(SHAPES)) assert.ok(used.has(shapes), `SHAPES.${name} is used by no entry`);
  for (const [name, shapes] of Object.entries(SHAPES)) {
    assert.ok(LOSSES.filter((l) => l.shapes === shapes).length >= 2, `SHAPES.${name} is shared by fewer than two entries`);
  }
});
