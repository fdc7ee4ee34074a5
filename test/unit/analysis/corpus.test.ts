import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { analyze } from '../../../src/analysis/analyze';
import { analyzeText, applyEdits, corpusDir, corpusText, expectations, lineOf, pythonParser } from './load';

const files = readdirSync(corpusDir).filter((f) => f.endsWith('.py') || f.endsWith('.ipynb')).sort();

function grouped(entries: [number, string][]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const [line, value] of entries) map.set(line, [...(map.get(line) ?? []), value].sort());
  return map;
}

for (const file of files) {
  test(`corpus ${file}: exactly the annotated loss sites, user losses and diagnostics`, async () => {
    const text = corpusText(file);
    const expected = expectations(text);
    assert.ok(expected.size > 0, 'the file is annotated');
    const analysis = await analyzeText(text, `corpus://${file}`);
    const want = (key: 'sites' | 'findings' | 'users') =>
      new Map([...expected].filter(([, e]) => e[key].length > 0).map(([line, e]) => [line, [...e[key]].sort()]));
    const gotSites = grouped(analysis.sites.map((s) => [lineOf(text, s.calleeSpan.start), s.loss.id]));
    const gotFindings = grouped(analysis.findings.map((f) => [lineOf(text, f.span.start), f.rule]));
    const gotUsers = grouped(analysis.userLosses.map((u) => [lineOf(text, u.nameSpan.start), u.name]));
    const show = (m: Map<number, string[]>) => [...m].map(([l, v]) => `${l + 1}: ${v.join(',')}`).sort();
    assert.deepEqual(show(gotSites), show(want('sites')), 'loss sites');
    assert.deepEqual(show(gotFindings), show(want('findings')), 'diagnostics');
    assert.deepEqual(show(gotUsers), show(want('users')), 'user-defined losses');
  });

  test(`corpus ${file}: every diagnostic has a fix (unless annotated unfixed), and applying it removes it without breaking the code`, async () => {
    const text = corpusText(file);
    const expected = expectations(text);
    const before = await analyzeText(text, `corpus-fix://${file}`);
    const parser = await pythonParser();
    for (const finding of before.findings) {
      const line = lineOf(text, finding.span.start);
      if (expected.get(line)?.unfixed.includes(finding.rule)) {
        assert.deepEqual(finding.fixes.map((f) => f.title), [], `${finding.rule} at line ${line + 1} offers no fix`);
        continue;
      }
      assert.ok(finding.fixes.length > 0, `${finding.rule} at line ${line + 1} offers a fix`);
      for (const fix of finding.fixes) {
        const fixed = applyEdits(text, fix.edits);
        const tree = parser.parse(`fixed://${file}`, 1, fixed);
        assert.ok(tree && !tree.rootNode.hasError, `"${fix.title}" leaves valid Python`);
        const after = analyze(tree);
        assert.equal(after.findings.length, before.findings.length - 1, `"${fix.title}" removes exactly its diagnostic: ${after.findings.map((f) => f.rule).join(', ')}`);
        assert.equal(after.sites.length, before.sites.length, 'the loss sites remain');
      }
    }
  });
}
