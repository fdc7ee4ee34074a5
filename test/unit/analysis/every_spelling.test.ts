/** Every spelling of the catalog gets a snippet, and the call a user writes with it (the snippet
 *  filled in, after the import it assumes) is a loss site: the hover, lenses and pitfall checks hang
 *  on sites. String spellings are written where their framework takes a loss by name. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { callCompletions } from '../../../src/analysis/completion';
import { siteHover } from '../../../src/analysis/hover';
import { lossSnippets } from '../../../src/analysis/snippets';
import { positionalOf } from '../../../src/analysis/spellings';
import { LOSSES, allSpellings } from '../../../src/engine/catalog';
import type { Spelling } from '../../../src/engine/catalog/types';
import { analyzeText } from './load';

/** A snippet body with tab stops ${n:default} as their defaults. */
const filled = (body: string): string => body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, 'x');

/** The import a written call assumes: `nn.`/`F.`/`tf.` as their conventional modules, a bare
 *  scikit-learn metric from sklearn.metrics, anything else by its top-level package. */
function importFor(call: string): string {
  const head = call.split('(')[0]!;
  if (!head.includes('.')) return `from sklearn.metrics import ${head}\n`;
  const top = head.split('.')[0]!;
  if (top === 'nn') return 'import torch.nn as nn\n';
  if (top === 'F') return 'import torch.nn.functional as F\n';
  if (top === 'tf') return 'import tensorflow as tf\n';
  return `import ${top}\n`;
}

/** Where each framework takes a loss by name. */
function stringSite(spelling: Spelling): string {
  const name = JSON.stringify(spelling.name);
  switch (spelling.framework) {
    case 'keras': return `model.compile(optimizer="adam", loss=${name})\n`;
    case 'sklearn': return `from sklearn.linear_model import SGDRegressor\nest = SGDRegressor(loss=${name})\n`;
    case 'trl': {
      // The note names the config that takes it: trl.DPOConfig, trl.CPOConfig.
      const config = /trl\.(\w+)\(/.exec(spelling.note ?? '')?.[1] ?? 'DPOConfig';
      return `from trl import ${config}\nconfig = ${config}(beta=0.1, loss_type=${name})\n`;
    }
    default: return `import xgboost as xgb\nmodel = xgb.XGBRegressor(objective=${name})\n`;
  }
}

test('every spelling of the catalog has a snippet', () => {
  const snippets = lossSnippets(LOSSES);
  const missing = allSpellings().filter(({ spelling }) => spelling.kind !== 'string' && !snippets.some((s) => s.spelling === spelling));
  assert.deepEqual(missing.map(({ loss, spelling }) => `${loss.id}: ${spelling.name}`), []);
});

test('a call written with each spelling (its snippet, filled in) is a site of that spelling\'s entry', async () => {
  const snippets = lossSnippets(LOSSES);
  const wrong: string[] = [];
  let checked = 0;
  for (const { loss, spelling } of allSpellings()) {
    const snippet = snippets.find((s) => s.spelling === spelling);
    const code = spelling.kind === 'string' ? stringSite(spelling) : snippet ? importFor(snippet.call) + filled(snippet.statement) + '\n' : undefined;
    if (code === undefined) continue; // the snippet test names it
    const sites = (await analyzeText(code)).sites;
    const found = sites.map((s) => `${s.loss.id}:${s.spelling.name}`);
    if (!sites.some((s) => s.loss === loss && s.spelling === spelling)) wrong.push(`${spelling.name} (${loss.id}) in ${JSON.stringify(code)} → [${found.join(', ')}]`);
    checked++;
  }
  assert.deepEqual(wrong, []);
  assert.ok(checked >= 240, `${checked} spellings`);
});

test('a functional snippet names its tensors in the order positionalOf gives: optax.ctc_loss(logits, logit_paddings, labels, label_paddings)', () => {
  const snippets = lossSnippets(LOSSES);
  const ctc = snippets.find((s) => s.spelling.name === 'optax.ctc_loss');
  assert.ok(ctc);
  assert.ok(ctc.expression.startsWith('optax.ctc_loss(${2:logits}, ${3:logit_paddings}, ${4:labels}, ${5:label_paddings}, blank_id=${6:0}'), ctc.expression);
  const torchCtc = snippets.find((s) => s.spelling.name === 'torch.nn.functional.ctc_loss');
  assert.ok(torchCtc?.expression.startsWith('F.ctc_loss(${2:log_probs}, ${3:targets}, ${4:input_lengths}, ${5:target_lengths}, blank='), torchCtc?.expression);
  let checked = 0;
  for (const s of snippets) {
    const positional = positionalOf(s.spelling);
    if (s.spelling.kind !== 'functional' || !positional) continue;
    const leading = [...s.expression.matchAll(/(?<!=)\$\{\d+:([A-Za-z_]\w*)\}/g)].map((m) => m[1]);
    assert.ok(leading.length > 0, `${s.spelling.name}: ${s.expression}`);
    assert.deepEqual(leading, positional.slice(0, leading.length), `${s.spelling.name}: ${s.expression}`);
    checked++;
  }
  assert.ok(checked >= 60, `${checked} functional spellings with a known positional order`);
});

test('each spelling offers the same keywords everywhere: its snippet\'s tab stops, completion inside its call, and the defaults its hover lists', async () => {
  const differ: string[] = [];
  let checked = 0;
  for (const snippet of lossSnippets(LOSSES)) {
    const stops = [...snippet.expression.matchAll(/([A-Za-z_]\w*)=\$\{\d+:/g)].map((m) => m[1]!);
    const tensors = [...snippet.expression.matchAll(/(?<!=)\$\{\d+:([A-Za-z_]\w*)\}/g)].map((m) => m[1]!);
    const head = importFor(snippet.call) + `x = ${snippet.call}(`;
    const typed = head + [...tensors, ''].join(', ');
    const offered = callCompletions(typed, typed.length, await analyzeText(typed)).options
      .filter((o) => o.option.type !== 'tensor' && o.option.type !== 'callable')
      .map((o) => o.keyword);
    const bare = `${head}${tensors.join(', ')})\n`;
    const site = (await analyzeText(bare)).sites.find((s) => s.spelling === snippet.spelling);
    if (!site) continue; // the test above names it
    const line = siteHover(site, [], () => '').split('\n\n').find((p) => p.startsWith('**Defaults** · '));
    const listed = line ? line.slice('**Defaults** · '.length).split(' · ').map((d) => d.replace(/^`+/, '').split('=')[0]!) : [];
    if (offered.join() !== stops.join() || listed.join() !== stops.join()) {
      differ.push(`${snippet.spelling.name}: snippet [${stops.join()}], completion [${offered.join()}], hover [${listed.join()}]`);
    }
    checked++;
  }
  assert.deepEqual(differ, []);
  assert.ok(checked >= 200, `${checked} spellings`);
});
