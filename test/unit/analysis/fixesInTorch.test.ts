/** Every PyTorch quick fix, applied to a small program with its pitfall and then run in real torch
 *  (Debian's /usr/bin/python3 with python3-torch): the fixed program must compute the loss the user
 *  meant, written here independently of the fix (e.g. cross-entropy of the logits, by log-softmax),
 *  and the program before the fix must not (or must fail), so each case could catch a wrong fix.
 *  The Keras fixes are checked as text in rules.test.ts: Keras is not installed here. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { applyEdits, analyzeText } from './load';

const PYTHON = '/usr/bin/python3';

/** `setup` makes seeded data (never edited), `code` is the user's program that sets `loss`, `meant`
 *  the loss the user wanted, computed from the setup's objects only. */
interface Case { rule: string; setup: string; code: string; meant: string }

const imports = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';
const data = 'torch.manual_seed(0)\nx = torch.randn(16, 4)\nlogits = torch.randn(16, 3) * 3\ny = torch.randint(0, 3, (16,))\nbinary_logits = torch.randn(16) * 4\nt = (torch.rand(16) > 0.5).float()\nlin = nn.Linear(4, 3)\n';
/** Cross-entropy and binary cross-entropy written from their definitions. */
const ce = (l: string) => `-(torch.log_softmax(${l}, 1)[torch.arange(16), y]).mean()`;
const bce = (l: string) => `-(t * F.logsigmoid(${l}) + (1 - t) * F.logsigmoid(-${l})).mean()`;

const CASES: Case[] = [
  { rule: 'softmax-before-cross-entropy', setup: data, code: 'probs = F.softmax(logits, dim=1)\nloss = F.cross_entropy(probs, y)\n', meant: ce('logits') },
  { rule: 'softmax-before-cross-entropy', setup: data, code: 'model = nn.Sequential(lin, nn.Softmax(dim=1))\ncriterion = nn.CrossEntropyLoss()\nprobs = model(x)\nloss = criterion(probs, y)\n', meant: ce('lin(x)') },
  { rule: 'softmax-before-cross-entropy', setup: data, code: 'probs = F.softmax(lin(x), dim=1)\nloss = F.cross_entropy(probs, y)\n', meant: ce('lin(x)') },
  {
    rule: 'softmax-before-cross-entropy', setup: data, meant: ce('lin(x)'),
    code: 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = lin\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n' +
      'model = Net()\ncriterion = nn.CrossEntropyLoss()\nloss = criterion(model(x), y)\n',
  },
  { rule: 'bce-on-logits', setup: data, code: 'loss = F.binary_cross_entropy(binary_logits, t)\n', meant: bce('binary_logits') },
  { rule: 'sigmoid-before-bce-with-logits', setup: data, code: 'loss = nn.BCEWithLogitsLoss()(torch.sigmoid(binary_logits), t)\n', meant: bce('binary_logits') },
  { rule: 'nll-on-logits-or-probabilities', setup: data, code: 'loss = F.nll_loss(F.softmax(logits, 1), y)\n', meant: ce('logits') },
  { rule: 'nll-on-logits-or-probabilities', setup: data, code: 'loss = nn.NLLLoss()(logits, y)\n', meant: ce('logits') },
  { rule: 'mse-for-classification', setup: data, code: 'loss = F.mse_loss(logits, y.float())\n', meant: ce('logits') },
];

/** Runs each program in a fresh namespace of one Python process: {loss, meant} or {error}. */
function runAll(programs: { program: string; meant: string }[]): ({ loss: number; meant: number } | { error: string })[] {
  const driver = `
import json, sys
out = []
for p in json.load(sys.stdin):
    ns = {}
    try:
        exec(p["program"], ns)
        out.append({"loss": float(ns["loss"]), "meant": float(eval(p["meant"], ns))})
    except Exception as e:
        out.append({"error": "%s: %s" % (type(e).__name__, e)})
print(json.dumps(out))
`;
  const r = spawnSync(PYTHON, ['-c', driver], { input: JSON.stringify(programs), encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `python: ${r.stderr}`);
  return JSON.parse(r.stdout) as ({ loss: number; meant: number } | { error: string })[];
}

test('each PyTorch quick fix makes the program compute the loss the user meant (run in torch)', async () => {
  const fixedPrograms: string[] = [];
  for (const c of CASES) {
    const before = imports + c.setup + c.code;
    const analysis = await analyzeText(before);
    assert.deepEqual(analysis.findings.map((f) => f.rule), [c.rule], `one ${c.rule} diagnostic in:\n${before}`);
    const fix = analysis.findings[0]!.fixes[0];
    assert.ok(fix, `${c.rule} offers a fix`);
    const after = applyEdits(before, fix.edits);
    assert.ok(after.startsWith(imports + c.setup), `the fix leaves the data alone:\n${after}`);
    fixedPrograms.push(after);
  }
  const results = runAll([
    ...CASES.map((c) => ({ program: imports + c.setup + c.code, meant: c.meant })),
    ...CASES.map((c, i) => ({ program: fixedPrograms[i]!, meant: c.meant })),
  ]);
  CASES.forEach((c, i) => {
    const before = results[i]!;
    const after = results[CASES.length + i]!;
    assert.ok('loss' in after, `${c.rule}: the fixed program runs:\n${fixedPrograms[i]}\n${'error' in after ? after.error : ''}`);
    assert.ok(Math.abs(after.loss - after.meant) <= 1e-6 * (1 + Math.abs(after.meant)), `${c.rule}: fixed loss ${after.loss}, meant ${after.meant}\n${fixedPrograms[i]}`);
    if ('loss' in before) assert.ok(Math.abs(before.loss - before.meant) > 1e-3, `${c.rule}: the pitfall already computed the meant loss, so this case tests nothing`);
  });
});
