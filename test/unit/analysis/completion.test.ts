import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { optionCompletions } from '../../../src/analysis/completion';
import { getLoss } from '../../../src/engine/catalog';
import { analyzeText } from './load';

async function at(code: string): Promise<string[]> {
  const offset = code.indexOf('|');
  const text = code.replace('|', '');
  return optionCompletions(text, offset, await analyzeText(text)).map((c) => c.keyword);
}

test('inside a PyTorch loss call: the catalog options not yet written', async () => {
  const all = getLoss('cross_entropy')!.options.filter((o) => !/^deprecated/i.test(o.meaning)).map((o) => o.name);
  assert.deepEqual(await at('import torch.nn as nn\nc = nn.CrossEntropyLoss(|)'), all);
  assert.deepEqual(await at('import torch.nn as nn\nc = nn.CrossEntropyLoss(label_smoothing=0.1, |)'), all.filter((n) => n !== 'label_smoothing'));
});

test('half-typed calls (unclosed parenthesis, partial keyword) still complete', async () => {
  const got = await at('import torch.nn.functional as F\nloss = F.cross_entropy(logits, y, reduction="sum", lab|');
  assert.ok(got.includes('label_smoothing') && !got.includes('reduction'));
});

test('no completion outside a loss call, inside a value, or inside a nested call', async () => {
  assert.deepEqual(await at('import torch.nn as nn\nc = nn.CrossEntropyLoss()|'), []);
  assert.deepEqual(await at('import torch.nn as nn\nc = nn.CrossEntropyLoss(label_smoothing=0.|1)'), []);
  assert.deepEqual(await at('import torch.nn as nn\nc = nn.CrossEntropyLoss(weight=torch.tensor(|))'), []);
  assert.deepEqual(await at('print(|)'), []);
});

test('Keras spellings offer only the options they map, under their own names', async () => {
  assert.deepEqual(await at('from keras import losses\nh = losses.Huber(|)'), ['delta']);
  assert.deepEqual(await at('from keras import losses\nh = losses.MeanSquaredError(|)'), []);
});
