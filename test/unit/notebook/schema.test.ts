// media/figure.schema.json must accept exactly what parseFigure accepts, except for the cross-field
// rules JSON Schema cannot express (listed in the schema's description).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseFigure } from '../../../src/protocol/figure';
import { SchemaChecker } from './jsonSchema';

const schema = JSON.parse(readFileSync('media/figure.schema.json', 'utf8')) as Record<string, unknown>;
const samples = JSON.parse(readFileSync('test/fixtures/notebooks/figure-samples.json', 'utf8')) as {
  accepted: unknown[];
  rejected: unknown[];
  parseFigureOnly: unknown[];
};
const checker = new SchemaChecker(schema);

/** The parseFigure error, or undefined when it accepts. */
function parseError(v: unknown): string | undefined {
  try {
    parseFigure(v);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const CROSS_FIELD = /has \d+ (entries|rows|values), (values|y|x|trajectory\.x) has \d+|low < high|expected the index of a value|landscape \(with(out)? y\) needs z as|differ in length/;

test('the checker refuses schema keywords it does not implement', () => {
  assert.throws(() => new SchemaChecker({ pattern: '^a' }).check('a'), /pattern is not supported/);
  assert.equal(new SchemaChecker({ type: 'number', minimum: 0 }).check(-1), '$: below 0');
});

test('accepted samples: parseFigure and the schema both accept', () => {
  for (const v of samples.accepted) {
    assert.equal(parseError(v), undefined, JSON.stringify(v));
    assert.equal(checker.check(v), undefined, JSON.stringify(v));
  }
});

test('rejected samples: parseFigure and the schema both reject', () => {
  for (const v of samples.rejected) {
    assert.notEqual(parseError(v), undefined, `parseFigure accepted ${JSON.stringify(v)}`);
    assert.notEqual(checker.check(v), undefined, `schema accepted ${JSON.stringify(v)}`);
  }
});

test('cross-field rules: parseFigure rejects, the schema (documented) cannot', () => {
  for (const v of samples.parseFigureOnly) {
    assert.match(parseError(v) ?? 'accepted', CROSS_FIELD, JSON.stringify(v));
    assert.equal(checker.check(v), undefined, JSON.stringify(v));
  }
});

test('a newer version is refused by both, with a message that says to update', () => {
  const v = { version: 2, kind: 'curves', series: [] };
  assert.match(parseError(v)!, /newer than this Loss Lab understands/);
  assert.notEqual(checker.check(v), undefined);
});

// Mutations of valid payloads: replace or delete one value anywhere in the tree.
const PALETTE: unknown[] = [
  null, true, false, 0, 1, -1, 0.5, 1.5, 2, 'nan', 'inf', '-inf', 'x', 'curves', 'landscape', 'explorer', 'val',
  'surface', 'wall', [], [1], [null], ['nan'], [[1]], [1, 2], {}, { id: 'a' }, { name: 'a', values: [] }, { x: [], y: [] },
];

type Path = (string | number)[];

function paths(v: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function mutate(v: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return remove ? undefined : replacement;
  const copy: unknown = structuredClone(v);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove && Array.isArray(node)) node.splice(last as number, 1);
  else if (remove) delete node[last];
  else node[last] = structuredClone(replacement);
  return copy;
}

test('mutated payloads: the schema and parseFigure agree but for the cross-field rules', () => {
  const base = [...samples.accepted, ...samples.parseFigureOnly];
  const mutation = fc
    .record({ sample: fc.nat(base.length - 1), at: fc.nat(), value: fc.constantFrom(...PALETTE), remove: fc.boolean(), twice: fc.boolean() })
    .map(({ sample, at, value, remove, twice }) => {
      let v = base[sample];
      for (let round = 0; round < (twice ? 2 : 1); round++) {
        const all = paths(v);
        v = mutate(v, all[(at + round * 7) % all.length]!, value, remove);
      }
      return v;
    });
  fc.assert(
    fc.property(mutation, (v) => {
      const parsed = parseError(v);
      const checked = checker.check(v);
      if (parsed === undefined) assert.equal(checked, undefined, `schema rejects what parseFigure accepts: ${checked}`);
      else if (checked === undefined) assert.match(parsed, CROSS_FIELD, `schema accepts what parseFigure rejects: ${parsed}`);
    }),
    { numRuns: 3000, seed: 7 },
  );
});
