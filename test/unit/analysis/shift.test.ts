import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { moveAnalysis, shiftAnalysis, textChange } from '../../../src/analysis/shift';
import { analyzeText, corpusText } from './load';

test('textChange finds the one span between the common prefix and suffix', () => {
  assert.deepEqual(textChange('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4 });
  assert.deepEqual(textChange('abc', 'abXc'), { start: 2, oldEnd: 2, newEnd: 3 });
  assert.deepEqual(textChange('aaa', 'aa'), { start: 2, oldEnd: 3, newEnd: 2 });
  assert.deepEqual(textChange('same', 'same'), { start: 4, oldEnd: 4, newEnd: 4 });
});

/** Edits that change no meaning (a comment line, a blank line, spaces at a line's end), at every
 *  20th line of the real corpus files: wherever the moved analysis is offered, it must equal a
 *  fresh analysis of the edited text, offsets and all. */
for (const file of ['torch_classifier.py', 'torch_segmentation.py', 'keras_text.py', 'sklearn_baselines.py', 'jax_mlp.py']) {
  test(`${file}: a moved analysis equals a fresh analysis of the edited text`, async () => {
    const before = corpusText(file);
    const analysis = await analyzeText(before);
    assert.ok(analysis.sites.length > 0, 'the file has loss sites');
    const lineStarts = [0, ...[...before.matchAll(/\n/g)].map((m) => m.index + 1)].filter((_, i) => i % 20 === 5);
    let offered = 0;
    for (const [k, at] of lineStarts.entries()) {
      const eol = before.indexOf('\n', at);
      const edit = [
        { at, insert: '# a comment\n', remove: 0 },
        { at, insert: '\n', remove: 0 },
        { at: eol === -1 ? before.length : eol, insert: '   ', remove: 0 },
      ][k % 3]!;
      const after = before.slice(0, edit.at) + edit.insert + before.slice(edit.at + edit.remove);
      const moved = shiftAnalysis(analysis, textChange(before, after));
      if (!moved) continue;
      offered++;
      const fresh = await analyzeText(after);
      assert.deepEqual(moved.sites, fresh.sites, `sites after an edit at ${edit.at}`);
      assert.deepEqual(moved.invocations, fresh.invocations);
      assert.deepEqual(moved.userLosses, fresh.userLosses);
      assert.deepEqual(moved.findings, fresh.findings);
      assert.deepEqual(moved.imports, fresh.imports);
    }
    assert.ok(offered >= lineStarts.length / 2, `moved analyses offered for ${offered} of ${lineStarts.length} edits`);
  });
}

test('an edit touching a loss call, its arguments or an import is left to a fresh analysis', async () => {
  const text = 'from torch.nn import CrossEntropyLoss\nimport torch.nn.functional as F\n\ncrit = CrossEntropyLoss(label_smoothing=0.1)\nloss = F.mse_loss(a, b)\n';
  const analysis = await analyzeText(text);
  assert.equal(analysis.sites.length, 2);
  const at = (needle: string) => text.indexOf(needle);
  for (const [where, insert] of [[at('0.1'), '5'], [at('(a, b)') , ' '], [at('mse_loss') + 'mse_loss'.length, 'x'], [at('CrossEntropyLoss\n') + 3, 'x']] as const) {
    const after = text.slice(0, where) + insert + text.slice(where);
    assert.equal(shiftAnalysis(analysis, textChange(text, after)), undefined, `edit at ${where}`);
  }
  // An import statement changes what names mean without being part of any result.
  assert.equal(moveAnalysis(analysis, text, text.replace('as F', 'as G')), undefined);
  assert.equal(moveAnalysis(analysis, text, text.replace('\n\n', '\n' + 'x = 1\n'.repeat(400) + '\n')), undefined, 'a paste is analysed afresh');
  assert.ok(moveAnalysis(analysis, text, text.replace('\n\n', '\n\n# note\n')));
  // Away from every result: offered, with the sites after the edit moved by its length.
  const after = text.replace('\n\n', '\n\n# note\n');
  const moved = shiftAnalysis(analysis, textChange(text, after));
  assert.ok(moved);
  assert.deepEqual(moved.sites.map((s) => after.slice(s.calleeSpan.start, s.calleeSpan.end)), ['CrossEntropyLoss', 'F.mse_loss']);
});
