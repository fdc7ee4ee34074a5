/** The Optuna reader on storages written by the real Optuna (fixtures/generate_optuna.py): SQLite
 *  and journal give the trials Optuna itself loads (optuna-study.expected.json); a journal cut
 *  mid-line keeps what precedes the cut; random bytes never crash it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { optunaReader, readOptunaJournal, readOptunaTrials } from '../../../src/engine/logs/optuna';
import { LogFormatError, type RunLog } from '../../../src/engine/logs/types';

const FIX = join(__dirname, 'fixtures');
interface Expected { study: string; number: number; state: string; params: Record<string, unknown>; values: number[] | null; intermediate: [number, number | null, string][]; user_attrs: Record<string, unknown> }
const expected = JSON.parse(readFileSync(join(FIX, 'optuna-study.expected.json'), 'utf8')) as Expected[];

const fromRepr = (r: string): number => (r === 'nan' ? NaN : r === 'inf' ? Infinity : r === '-inf' ? -Infinity : Number(r));

function check(runs: RunLog[], file: string): void {
  assert.equal(runs.length, expected.length);
  expected.forEach((e, i) => {
    const r = runs[i]!;
    assert.equal(r.run, `${file}/${e.study}/trial-${e.number}`);
    assert.equal(r.format, 'optuna');
    const meta = r.params!.optuna as Record<string, unknown>;
    assert.equal(meta.state, e.state);
    assert.deepEqual(meta.user_attrs, e.user_attrs);
    const { optuna: _, ...params } = r.params!;
    assert.deepEqual(params, e.params);
    const series = r.scalars.get('intermediate_value');
    assert.deepEqual(series ? Array.from(series.step) : [], e.intermediate.map(([s]) => s));
    assert.deepEqual(series ? Array.from(series.value) : [], e.intermediate.map(([, , repr]) => fromRepr(repr)));
    if (e.values === null) assert.equal(meta.values, null);
    else if (e.values.length === 1) assert.deepEqual(Array.from(r.scalars.get('value')!.value), e.values);
    else e.values.forEach((v, k) => assert.deepEqual(Array.from(r.scalars.get(`value_${k}`)!.value), [v]));
    assert.equal(r.notes.length > 0, e.state !== 'COMPLETE');
  });
}

test('every trial of a SQLite storage, as Optuna loads it', async () => {
  const bytes = readFileSync(join(FIX, 'optuna-study.db'));
  check(await readOptunaTrials('optuna-study.db', [{ path: 'optuna-study.db', bytes }]), 'optuna-study.db');
  check(await optunaReader.read('optuna-study.db', [{ path: 'optuna-study.db', bytes }]) as RunLog[], 'optuna-study.db');
});

test('every trial of a journal file, as Optuna replays it', async () => {
  const bytes = readFileSync(join(FIX, 'optuna-study.journal'));
  check(await readOptunaTrials('optuna-study.journal', [{ path: 'optuna-study.journal', bytes }]), 'optuna-study.journal');
});

test('a journal cut in the middle of a line keeps the operations before it, with a note', () => {
  const text = readFileSync(join(FIX, 'optuna-study.journal'), 'utf8');
  const cut = text.slice(0, text.lastIndexOf('"op_code": 7') + 20);
  const { trials, notes } = readOptunaJournal('j', cut);
  assert.ok(trials.length > 0 && trials.length <= expected.length);
  assert.equal(notes.length, 1);
  assert.match(notes[0]!, /not a whole operation/);
});

test('files that are not Optuna storages are refused; the claim leaves MLflow alone', async () => {
  await assert.rejects(readOptunaTrials('x.db', [{ path: 'x.db', bytes: new TextEncoder().encode('hello\n') }]), LogFormatError);
  assert.deepEqual(optunaReader.claim(['a/study.db', 'mlruns/mlflow.db', 'b/optuna.journal', 'train.log', 'x.sqlite3']).map((c) => c.run), ['a/study.db', 'b/optuna.journal', 'x.sqlite3']);
});

test('random and mutated bytes: a result or LogFormatError, never a crash', async () => {
  const journal = readFileSync(join(FIX, 'optuna-study.journal'));
  const db = readFileSync(join(FIX, 'optuna-study.db'));
  await fc.assert(fc.asyncProperty(fc.constantFrom(journal, db), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(), async (base, edits, cut) => {
    const bytes = Uint8Array.from(base.subarray(0, base.length - (cut % 64)));
    for (const [at, v] of edits) bytes[at % bytes.length] = v;
    try {
      await readOptunaTrials('f', [{ path: 'f', bytes }]);
    } catch (e) {
      if (!(e instanceof LogFormatError)) throw e;
    }
  }), { numRuns: 60 });
});
