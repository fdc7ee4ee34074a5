import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newSweepId, oldestFirst, sweepIdTime } from '../../../src/extension/sweep/sweepIds';

const at = (iso: string): Date => new Date(iso);

test('an imported sweep takes its place by time among run sweeps, not after them by name', () => {
  const ran1 = newSweepId(at('2026-12-01T09:00:00.000Z'));
  const imported = newSweepId(at('2026-12-01T10:00:00.000Z'), 'imported');
  const ran2 = newSweepId(at('2026-12-01T11:00:00.000Z'));
  const entries = [imported, ran2, ran1].map((id) => ({ id, mtime: 0 }));
  assert.deepEqual(oldestFirst(entries), [ran1, imported, ran2]);
  // The newest is the last run sweep, not the imported one.
  assert.equal(oldestFirst(entries).at(-1), ran2);
});

test('ids of the old imported form (no random tail) still sort by their time', () => {
  const imported = 'imported-2026-12-01T10-00-00-000Z';
  const later = '2026-12-01T10-00-00-001Z-abcd';
  const earlier = '2026-12-01T09-59-59-999Z-wxyz';
  assert.deepEqual(oldestFirst([later, imported, earlier].map((id) => ({ id, mtime: 0 }))), [earlier, imported, later]);
});

test('an id without a time is placed by its file time', () => {
  const a = newSweepId(at('2026-12-01T09:00:00.000Z'));
  const b = newSweepId(at('2026-12-01T11:00:00.000Z'));
  const entries = [{ id: a, mtime: 0 }, { id: b, mtime: 0 }, { id: 'my-sweep', mtime: Date.parse('2026-12-01T10:00:00Z') }];
  assert.deepEqual(oldestFirst(entries), [a, 'my-sweep', b]);
});

test('the time read back from an id is the one it was made with', () => {
  const t = at('2026-07-04T23:59:58.123Z');
  assert.equal(sweepIdTime(newSweepId(t)), t.getTime());
  assert.equal(sweepIdTime(newSweepId(t, 'imported')), t.getTime());
  assert.equal(sweepIdTime('notes'), undefined);
});
