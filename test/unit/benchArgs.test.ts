/** The benches' one command-line reader and median (bench/args.ts). */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { flagValue, hasFlag, median, numberFlag } from '../../bench/args';

test('median: the middle value, of an even count the mean of the middle two, whatever the order', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
});

test('flags: a value after its name, a number or the fallback, a clear error for a non-number, switches by presence', () => {
  const saved = process.argv;
  try {
    process.argv = ['node', 'bench.ts', '--reps', '5', '--dtype', 'float64', '--keep', '--points', 'many'];
    assert.equal(flagValue('--dtype'), 'float64');
    assert.equal(flagValue('--batch'), undefined);
    assert.equal(numberFlag('--reps', 3), 5);
    assert.equal(numberFlag('--runs', 100), 100);
    assert.throws(() => numberFlag('--points', 1), /--points takes a number, got "many"/);
    assert.equal(hasFlag('--keep'), true);
    assert.equal(hasFlag('--no-raw'), false);
  } finally {
    process.argv = saved;
  }
});
