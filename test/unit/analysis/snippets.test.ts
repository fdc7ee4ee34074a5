import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { lossSnippets } from '../../../src/analysis/snippets';
import { LOSSES, spellingsOf } from '../../../src/engine/catalog';
import { pythonParser } from './load';

/** A snippet body with tab stops ${n:default} as their defaults and $n as a name. */
const filled = (body: string): string => body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, 'x');

test('loss snippets: one per catalog module/functional spelling (derived ones too), each valid Python once filled in, as are the contributed ones', async () => {
  const { snippetsFrom } = await import('../../../scripts/gen-snippets.mjs');
  const snippets = lossSnippets(LOSSES);
  const spellings = LOSSES.flatMap((l) => spellingsOf(l).filter((s) => s.kind !== 'string'));
  assert.equal(snippets.length, spellings.length);
  assert.equal(new Set(snippets.map((s) => s.key)).size, snippets.length, 'unique titles');
  for (const spelling of spellings) assert.ok(snippets.some((s) => s.spelling === spelling), `a snippet for ${spelling.name}`);
  const contributed = Object.entries(snippetsFrom());
  assert.ok(contributed.every(([, s]) => s.prefix.every((p) => p.startsWith('loss-define-'))), 'package.json contributes only the definition skeletons');
  const parser = await pythonParser();
  let version = 0;
  for (const [name, code] of [...snippets.map((s) => [s.key, filled(s.statement)]), ...contributed.map(([k, s]) => [k, filled(s.body.join('\n'))])]) {
    const tree = parser.parse('snippet://check', ++version, code!);
    assert.ok(tree && !tree.rootNode.hasError, `${name} is valid Python: ${code}`);
  }
});

test('a PyTorch module snippet offers the catalog options with their defaults, deprecated ones left out', () => {
  const ce = lossSnippets(LOSSES).find((s) => s.spelling.name === 'torch.nn.CrossEntropyLoss');
  assert.ok(ce);
  assert.equal(ce.statement, "${1:criterion} = nn.CrossEntropyLoss(ignore_index=${2:-100}, reduction=${3:'mean'}, label_smoothing=${4:0})");
  assert.equal(ce.expression, ce.statement.slice('${1:criterion} = '.length));
});

test('a snippet writes a spelling through the conventional aliases that names are read with (nn, F, tf), sklearn metrics by their bare name', () => {
  const snippets = lossSnippets(LOSSES);
  const call = (name: string) => snippets.find((s) => s.spelling.name === name)?.call;
  assert.equal(call('torch.nn.functional.cross_entropy'), 'F.cross_entropy');
  assert.equal(call('torch.nn.CrossEntropyLoss'), 'nn.CrossEntropyLoss');
  assert.equal(call('tensorflow.nn.sigmoid_cross_entropy_with_logits'), 'tf.nn.sigmoid_cross_entropy_with_logits');
  assert.equal(call('sklearn.metrics.log_loss'), 'log_loss');
  assert.equal(call('keras.losses.Huber'), 'keras.losses.Huber', 'other frameworks as written');
});
