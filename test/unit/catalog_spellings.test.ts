import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOSSES, allSpellings } from '../../src/engine/catalog';
import { FRAMEWORK_LOSSES } from '../../src/engine/frameworks';
import { canonicalName } from '../../src/engine/frameworks/names';

const registryEntry = new Map(FRAMEWORK_LOSSES.map((f) => [canonicalName(f.name), f.lossId]));

test('a spelling the framework registry computes is listed under the entry the registry computes it as (optax.hinge_loss, optax.cosine_distance)', () => {
  for (const loss of LOSSES) {
    for (const s of loss.spellings) {
      if (s.kind === 'string') continue;
      const entry = registryEntry.get(canonicalName(s.name));
      assert.ok(entry === undefined || entry === loss.id, `${s.name} is listed under ${loss.id} but the registry computes it as ${entry}`);
    }
  }
});

test('no two spellings of the catalog canonicalise to one name, unless one entry lists both as its own aliases', () => {
  const seen = new Map<string, { lossId: string; listed: boolean; name: string }>();
  for (const loss of LOSSES) {
    const listed = new Set(loss.spellings);
    for (const { spelling } of allSpellings().filter((m) => m.loss === loss)) {
      if (spelling.kind === 'string') continue;
      const key = canonicalName(spelling.name);
      const other = seen.get(key);
      const here = { lossId: loss.id, listed: listed.has(spelling), name: spelling.name };
      assert.ok(
        other === undefined || (other.lossId === here.lossId && other.listed && here.listed),
        `${here.name} (${here.lossId}${here.listed ? '' : ', derived'}) and ${other?.name} (${other?.lossId}${other?.listed ? '' : ', derived'}) are one spelling`,
      );
      seen.set(key, here);
    }
  }
});

test('every registry spelling whose entry exists reaches the catalog once', () => {
  const names = allSpellings().map((m) => canonicalName(m.spelling.name));
  for (const f of FRAMEWORK_LOSSES) {
    if (!LOSSES.some((l) => l.id === f.lossId)) continue;
    assert.equal(names.filter((n) => n === canonicalName(f.name)).length, 1, f.name);
  }
});
