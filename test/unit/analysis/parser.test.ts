import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../src/analysis/analyze';
import { PythonParser } from '../../../src/analysis/parser';
import { analyzeText, GRAMMAR, pythonParser } from './load';

test('the same (uri, version) is parsed once: the cached tree is returned', async () => {
  const parser = await pythonParser();
  const a = parser.parse('cache://a.py', 1, 'import torch\n');
  const b = parser.parse('cache://a.py', 1, 'import torch\n');
  assert.ok(a && b);
  assert.equal(a, b);
});

test('an edited version re-parses incrementally to the same tree as a fresh parse', async () => {
  const parser = await pythonParser();
  const before = 'import torch.nn as nn\n\ndef f(x, y):\n    return nn.MSELoss()(x, y)\n';
  const after = 'import torch.nn as nn\n\ndef f(x, y):\n    crit = nn.CrossEntropyLoss(label_smoothing=0.1)\n    return crit(x, y)\n';
  parser.parse('inc://a.py', 1, before);
  const incremental = parser.parse('inc://a.py', 2, after)?.rootNode.toString();
  const fresh = parser.parse('inc://fresh.py', 1, after)?.rootNode.toString();
  assert.ok(incremental);
  assert.equal(incremental, fresh);
  // Several small keystrokes in a row, including deletions and non-ASCII text.
  let text = after;
  let version = 3;
  for (const [at, insert, remove] of [[10, 'é', 0], [30, '', 3], [text.length, '# ü 😀\n', 0], [0, '', 1]] as const) {
    text = text.slice(0, at) + insert + text.slice(at + remove);
    const got = parser.parse('inc://a.py', version++, text)?.rootNode.toString();
    assert.equal(got, parser.parse(`inc://fresh${version}.py`, 1, text)?.rootNode.toString());
  }
});

test('syntax errors and half-typed code give partial results, never a throw', async () => {
  const text = 'import torch.nn as nn\ncriterion = nn.CrossEntropyLoss(label_smoothing=0.1)\ndef broken(:\n    x = nn.MSELoss(\nloss = criterion(\n';
  const analysis = await analyzeText(text);
  assert.equal(analysis.partial, true);
  assert.ok(analysis.sites.some((s) => s.loss.id === 'cross_entropy'), 'the well-formed site before the error is still found');
});

test('a 20,000-line file is analysed without throwing and every site is found', async () => {
  const lines = ['import torch.nn.functional as F'];
  for (let i = 0; i < 20_000; i++) lines.push(i % 100 === 0 ? `l${i} = F.mse_loss(a${i}, b${i})` : `x${i} = y${i} * 2 + z(${i})`);
  const analysis = await analyzeText(lines.join('\n'));
  assert.equal(analysis.sites.length, 200);
});

test('text decoded from non-UTF-8 bytes (replacement characters, NULs, lone surrogates) does not throw', async () => {
  const latin1 = Buffer.from('import torch.nn as nn\n# caf\xe9 na\xefve\nc = nn.L1Loss()\n', 'latin1');
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(latin1);
  assert.ok(decoded.includes('\ufffd'));
  const analysis = await analyzeText(decoded + '\u0000\ud800 = 1\n');
  assert.deepEqual(analysis.sites.map((s) => s.loss.id), ['l1_loss']);
});

test('no tree (parsing gave up) is an empty, partial analysis', () => {
  const analysis = analyze(undefined);
  assert.equal(analysis.partial, true);
  assert.equal(analysis.sites.length, 0);
});

test('a parse that ran out of budget leaves nothing behind: the next document is parsed on its own', async () => {
  const parser = await PythonParser.load(GRAMMAR, 4, 1);
  const huge = Array.from({ length: 20_000 }, (_, i) => `x${i} = F.mse_loss(a${i}, b${i}) + [${i}, (${i}, {${i}: ${i}})]`).join('\n');
  assert.equal(parser.parse('huge.py', 1, huge), undefined, 'no tree within 1 ms of CPU');
  const text = 'import torch.nn as nn\nc = nn.L1Loss()\n';
  assert.equal(parser.parse('small.py', 1, text)?.rootNode.text, text, 'the small file, not the remains of the abandoned parse');
});
