import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOSSES } from '../../../src/engine/catalog';
import { pythonParser } from './load';

test('generated snippets: one per catalog module/functional spelling, each valid Python once filled in', async () => {
  const { snippetsFrom } = await import('../../../scripts/gen-snippets.mjs');
  const snippets = snippetsFrom(LOSSES);
  const spellings = LOSSES.flatMap((l) => l.spellings.filter((s) => s.kind !== 'string'));
  const fromCatalog = Object.values(snippets).filter((s) => !s.prefix[0]!.startsWith('loss-define-'));
  assert.equal(fromCatalog.length, spellings.length);
  for (const spelling of spellings) {
    const last = spelling.name.split('.').pop()!;
    assert.ok(fromCatalog.some((s) => s.prefix.includes(last)), `a snippet for ${spelling.name}`);
  }
  const parser = await pythonParser();
  let version = 0;
  for (const [name, snippet] of Object.entries(snippets)) {
    // Tab stops ${n:default} become their defaults; $n becomes a name.
    const code = snippet.body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, 'x');
    const tree = parser.parse('snippet://check', ++version, code);
    assert.ok(tree && !tree.rootNode.hasError, `${name} is valid Python: ${code}`);
  }
});

test('a PyTorch module snippet offers the catalog options with their defaults, deprecated ones left out', async () => {
  const { snippetsFrom } = await import('../../../scripts/gen-snippets.mjs');
  const ce = Object.values(snippetsFrom(LOSSES)).find((s) => s.prefix.includes('CrossEntropyLoss'));
  assert.ok(ce);
  assert.equal(ce.body[0], "${1:criterion} = nn.CrossEntropyLoss(ignore_index=${2:-100}, reduction=${3:'mean'}, label_smoothing=${4:0})");
});
