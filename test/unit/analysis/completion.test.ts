import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { callCompletions, snippetCompletions } from '../../../src/analysis/completion';
import { lossSnippets } from '../../../src/analysis/snippets';
import { LOSSES } from '../../../src/engine/catalog';
import { getLoss } from '../../../src/engine/catalog';
import { FRAMEWORK_LOSSES } from '../../../src/engine/frameworks';
import { analyzeText } from './load';

async function at(code: string): Promise<string[]> {
  const offset = code.indexOf('|');
  const text = code.replace('|', '');
  return callCompletions(text, offset, await analyzeText(text)).options.map((c) => c.keyword);
}

test('inside a PyTorch loss call: the optional tensor arguments (weight) and the catalog options not yet written', async () => {
  const ce = getLoss('cross_entropy')!;
  const all = [...ce.args.filter((a) => a.optional).map((a) => a.name), ...ce.options.filter((o) => !/^deprecated/i.test(o.meaning)).map((o) => o.name)];
  assert.ok(all.includes('weight'), 'CrossEntropyLoss takes a class weight');
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

test('Keras classes offer the keywords the framework registry states, under their names, with Keras\' own reduction choices', async () => {
  const registry = (name: string) => FRAMEWORK_LOSSES.find((f) => f.name === name)!;
  assert.deepEqual(await at('from keras import losses\nh = losses.Huber(|)'), registry('keras.losses.Huber').options.map((o) => o.name));
  assert.deepEqual(await at('from keras import losses\nh = losses.MeanSquaredError(|)'), ['reduction']);
  const text = 'from keras import losses\nh = losses.Huber(reduction=';
  const values = callCompletions(text, text.length, await analyzeText(text)).values;
  const reduction = registry('keras.losses.Huber').options.find((o) => o.name === 'reduction')!;
  assert.deepEqual(values.map((v) => v.value), reduction.choices!.map((c) => `'${c}'`));
  assert.deepEqual(values.filter((v) => v.isDefault).map((v) => v.value), ["'sum_over_batch_size'"]);
});

test('a spelling named through an argMap offers only the keywords it maps: tf.nn.weighted_cross_entropy_with_logits takes pos_weight, no reduction', async () => {
  assert.deepEqual(await at('import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(labels=y, logits=z, |)'), ['pos_weight']);
});

/** What `code` becomes when the completion at `|` is applied (its range replaced by its text). */
async function applyValue(code: string, pick: string): Promise<string> {
  const offset = code.indexOf('|');
  const text = code.replace('|', '');
  const c = callCompletions(text, offset, await analyzeText(text)).values.find((v) => v.value.includes(pick));
  assert.ok(c, `a value with ${pick}`);
  return text.slice(0, c.from) + c.value + text.slice(offset);
}

test('after reduction= the values come from the catalog option spec, replacing what was typed', async () => {
  const offset = (code: string) => code.indexOf('|');
  const values = async (code: string) => callCompletions(code.replace('|', ''), offset(code), await analyzeText(code.replace('|', ''))).values.map((v) => v.value);
  const choices = getLoss('mse_loss')!.options.find((o) => o.name === 'reduction')!.choices!;
  assert.deepEqual(await values('import torch.nn as nn\nc = nn.MSELoss(reduction=|)'), choices.map((c) => `'${c}'`));
  assert.deepEqual(await values('import torch.nn.functional as F\nl = F.mse_loss(a, b, reduction="|'), choices.map((c) => `"${c}"`), 'the quote the user started');
  assert.equal(await applyValue('import torch.nn as nn\nc = nn.MSELoss(reduction=\'su|)', 'sum'), "import torch.nn as nn\nc = nn.MSELoss(reduction='sum')");
  const open = 'import torch.nn as nn\nc = nn.CrossEntropyLoss(reduction=';
  const ce = callCompletions(open, open.length, await analyzeText(open)).values;
  assert.deepEqual(ce.filter((v) => v.isDefault).map((v) => v.value), ["'mean'"], 'the default is marked');
  assert.deepEqual(await values('import torch.nn as nn\nc = nn.CrossEntropyLoss(label_smoothing=|)'), [], 'no values for a number');
  assert.deepEqual(await values('import torch.nn as nn\nc = nn.CrossEntropyLoss(|)'), [], 'no values before the =');
});

function applySnippet(code: string, call: string): string {
  const offset = code.indexOf('|');
  const text = code.replace('|', '');
  const found = snippetCompletions(text, offset, lossSnippets(LOSSES)).filter((c) => c.snippet.call === call || c.filterText.endsWith(call.split('.').pop()!));
  assert.ok(found.length > 0, `a snippet for ${call} at ${JSON.stringify(code)}`);
  const c = found[0]!;
  // Tab stops become their defaults, as accepting the snippet as it is would.
  const inserted = c.insert.replace(/\$\{\d+:([^}]*)\}/g, '$1');
  return text.slice(0, c.from) + inserted + text.slice(offset);
}

test('a loss snippet replaces the whole dotted name typed, never leaving the typed qualifier in front', () => {
  assert.equal(applySnippet('import torch.nn as nn\nnn.BCEWith|', 'nn.BCEWithLogitsLoss'), "import torch.nn as nn\ncriterion = nn.BCEWithLogitsLoss(reduction='mean')");
  assert.equal(applySnippet('    nn.BCEWith|', 'nn.BCEWithLogitsLoss'), "    criterion = nn.BCEWithLogitsLoss(reduction='mean')", 'indentation kept');
  assert.equal(applySnippet('torch.nn.BCEWith|', 'nn.BCEWithLogitsLoss'), "criterion = torch.nn.BCEWithLogitsLoss(reduction='mean')", 'the qualifier as typed');
  assert.equal(applySnippet('BCEWith|', 'nn.BCEWithLogitsLoss'), "criterion = nn.BCEWithLogitsLoss(reduction='mean')");
  assert.equal(applySnippet('loss-BCEWith|', 'nn.BCEWithLogitsLoss'), "criterion = nn.BCEWithLogitsLoss(reduction='mean')");
  assert.equal(applySnippet('loss_fn = nn.BCEWith|', 'nn.BCEWithLogitsLoss'), "loss_fn = nn.BCEWithLogitsLoss(reduction='mean')", 'after an assignment, the call alone');
  assert.equal(applySnippet('l = F.mse|', 'F.mse_loss'), "l = F.mse_loss(input, target, reduction='mean')");
});

test('no loss snippets in comments, strings, after a dot of another object, or for unrelated qualifiers', () => {
  const none = (code: string) => assert.deepEqual(snippetCompletions(code.replace('|', ''), code.indexOf('|'), lossSnippets(LOSSES)).map((c) => c.filterText), [], code);
  none('# nn.BCEWith|');
  none('s = "nn.BCEWith|');
  none('np.BCEWith|');
  none('x = 1.|');
  none('foo(|');
});

test('one reading of the call answers both: the values while a value is typed (quote opened or not), else the keywords', async () => {
  const complete = async (code: string) => {
    const text = code.replace('|', '');
    const got = callCompletions(text, code.indexOf('|'), await analyzeText(text));
    return { values: got.values.length, options: got.options.map((o) => o.keyword) };
  };
  const choices = getLoss('cross_entropy')!.options.find((o) => o.name === 'reduction')!.choices!.length;
  assert.deepEqual(await complete('import torch.nn as nn\nc = nn.CrossEntropyLoss(reduction=|'), { values: choices, options: [] });
  assert.deepEqual(await complete('import torch.nn as nn\nc = nn.CrossEntropyLoss(reduction="me|'), { values: choices, options: [] });
  const keywords = await complete('import torch.nn as nn\nc = nn.CrossEntropyLoss(reduction="mean", |');
  assert.equal(keywords.values, 0);
  assert.ok(keywords.options.includes('label_smoothing') && !keywords.options.includes('reduction'), keywords.options.join());
});
