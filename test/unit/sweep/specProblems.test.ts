import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathSegments, specProblems } from '../../../src/extension/sweep/specProblems';

/** The line (0-based) and text of each problem's range. */
function located(text: string): { path: string; line: number; text: string }[] {
  return specProblems(text).map((p) => ({ path: p.path, line: text.slice(0, p.offset).split('\n').length - 1, text: text.slice(p.offset, p.offset + p.length) }));
}

const SPEC = `{
  "task": "binary",
  "dataset": { "name": "moons", "n": 2 },
  "losses": ["binary_cross_entropy_with_logits", "nope"],
  "optimizers": [{ "name": "adam", "lr": [0.01, -1] }],
  "colour": "red"
}`;

test('paths become JSON locations; the top level is "spec"', () => {
  assert.deepEqual(pathSegments('losses[2].options.beta'), ['losses', 2, 'options', 'beta']);
  assert.deepEqual(pathSegments('spec.colour'), ['colour']);
  assert.deepEqual(pathSegments('spec'), []);
});

test('every problem of a spec at its value, an unknown key at the key, a missing one at its object', () => {
  assert.deepEqual(located(SPEC), [
    { path: 'dataset.n', line: 2, text: '2' },
    { path: 'losses[1]', line: 3, text: '"nope"' },
    { path: 'optimizers[0].lr[1]', line: 4, text: '-1' },
    { path: 'spec.colour', line: 5, text: '"colour"' },
  ]);
  assert.deepEqual(located('{\n  "dataset": { "name": "moons" },\n  "losses": ["mse_loss"]\n}'), [{ path: 'task', line: 0, text: '{' }]);
});

test('a valid spec has no problems; text that is not JSON is left to the JSON language support', () => {
  assert.deepEqual(specProblems('{ "task": "binary", "dataset": { "name": "moons" }, "losses": ["mse_loss"] }'), []);
  assert.deepEqual(specProblems('{ "task": "binary", '), []);
});
