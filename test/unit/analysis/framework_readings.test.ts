// The editor's readings of framework code named in issue #16, one test per reading.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hoveredSiteAt, siteAt } from '../../../src/analysis/analyze';
import { callCompletions } from '../../../src/analysis/completion';
import { commandArgs, markdownText, siteHover, writtenOptions, type LossAction } from '../../../src/analysis/hover';
import { positionalOf } from '../../../src/analysis/spellings';
import { getLoss, LOSSES } from '../../../src/engine/catalog';
import { analyzeText, applyEdits } from './load';

const link = (label: string, action: LossAction) => `[${label}](command:test?${commandArgs(action)})`;
const torch = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

async function hoverAt(code: string, word: string): Promise<string> {
  const analysis = await analyzeText(code);
  const site = siteAt(analysis, code.indexOf(word) + 1);
  assert.ok(site, `a loss site at ${word}`);
  return siteHover(site, analysis.findings.filter((f) => f.siteId === site.id), link);
}

test('a: Keras from_logits=True resolves to the with-logits entry and its formula; False stays on probabilities', async () => {
  const withLogits = getLoss('binary_cross_entropy_with_logits')!;
  const probabilities = getLoss('binary_cross_entropy')!;
  for (const call of ['keras.losses.BinaryCrossentropy(from_logits=True)', 'keras.losses.binary_crossentropy(y, z, from_logits=True)', 'keras.losses.BinaryCrossentropy(True)']) {
    const md = await hoverAt(`import keras\nl = ${call}\n`, 'inary');
    assert.ok(md.startsWith(`**${markdownText(withLogits.title)}**`), `${call}: ${md.slice(0, 80)}`);
    assert.ok(md.includes(withLogits.formula.unicode) && !md.includes(probabilities.formula.unicode), `${call}: the with-logits formula only`);
    assert.ok(md.includes('with `from_logits=True`, which computes this loss'));
  }
  const md = await hoverAt('import keras\nl = keras.losses.BinaryCrossentropy(from_logits=False)\n', 'Binary');
  assert.ok(md.startsWith(`**${markdownText(probabilities.title)}**`) && md.includes(probabilities.formula.unicode));
  const ce = getLoss('cross_entropy')!;
  for (const call of ['keras.losses.CategoricalCrossentropy(from_logits=True)', 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)']) {
    assert.ok((await hoverAt(`import keras\nl = ${call}\n`, 'Categorical')).startsWith(`**${markdownText(ce.title)}**`), call);
  }
  assert.match(await hoverAt('import keras\nl = keras.losses.BinaryCrossentropy(from_logits=True)\n', 'Binary'), /`from_logits=True`: True: y\\_pred holds logits/, 'the written option explained from the framework registry');
});

test('b: losses given to Keras compile as a list or a dict are sites, each checked against its own output', async () => {
  const model = (loss: string) =>
    'import keras\nfrom keras import layers\n' +
    'x = keras.Input((8,))\na = layers.Dense(1, name="a")(x)\nb = layers.Dense(3, activation="softmax", name="b")(x)\n' +
    `m = keras.Model(x, [a, b])\nm.compile(optimizer="adam", loss=${loss})\n`;
  const dict = model('{"b": keras.losses.SparseCategoricalCrossentropy(from_logits=True), "a": "binary_crossentropy"}');
  const analysis = await analyzeText(dict);
  assert.deepEqual(analysis.sites.map((s) => s.loss.id).sort(), ['binary_cross_entropy', 'cross_entropy']);
  const lines = analysis.findings.map((f) => dict.slice(f.span.start, f.span.end));
  assert.deepEqual(lines.sort(), ['"binary_crossentropy"', 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)']);
  const fixed = applyEdits(dict, analysis.findings.flatMap((f) => f.fixes[0]!.edits));
  assert.deepEqual((await analyzeText(fixed)).findings, [], 'both fixes together leave it clean');
  const list = model('["binary_crossentropy", keras.losses.SparseCategoricalCrossentropy()]');
  assert.deepEqual((await analyzeText(list)).findings.map((f) => list.slice(f.span.start, f.span.end)), ['"binary_crossentropy"'], 'a list pairs by position');
  const clean = model('[keras.losses.BinaryCrossentropy(from_logits=True), "sparse_categorical_crossentropy"]');
  assert.deepEqual((await analyzeText(clean)).findings, []);
  assert.ok((await hoverAt(clean, 'Binary')).includes('`keras.losses.BinaryCrossentropy`'), 'hover on a loss inside the list');
});

test('c: a criterion built with .to(device), .cuda(), .float() or .to(dtype) is bound, so its calls are hovered and checked', async () => {
  for (const chain of ['.to(device)', '.cuda()', '.cuda().float()', '.to(torch.float64)', '.to(device=device)']) {
    const code = `${torch}criterion = nn.CrossEntropyLoss()${chain}\nloss = criterion(F.softmax(z, dim=1), y)\n`;
    const analysis = await analyzeText(code);
    assert.equal(analysis.sites[0]?.boundTo, 'criterion', chain);
    assert.equal(siteAt(analysis, code.lastIndexOf('criterion(') + 2)?.loss.id, 'cross_entropy', `${chain}: hover on the call`);
    assert.deepEqual(analysis.findings.map((f) => f.rule), ['softmax-before-cross-entropy'], chain);
  }
  const other = await analyzeText(`${torch}n = nn.CrossEntropyLoss().state_dict()\nn(x, y)\n`);
  assert.equal(other.sites[0]?.boundTo, undefined, 'a method that returns something else does not bind the loss');
});

test('d: a loss function assigned without calling it is a site, and calls through the name are checked', async () => {
  const code = `${torch}class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.loss_func = F.binary_cross_entropy_with_logits\n    def step(self, x, y):\n        return self.loss_func(torch.sigmoid(self.head(x)), y)\n`;
  const analysis = await analyzeText(code);
  assert.deepEqual(analysis.sites.map((s) => [s.loss.id, s.boundTo]), [['binary_cross_entropy_with_logits', 'self.loss_func']]);
  assert.equal(siteAt(analysis, code.indexOf('self.loss_func(') + 6)?.loss.id, 'binary_cross_entropy_with_logits');
  assert.deepEqual(analysis.findings.map((f) => f.rule), ['sigmoid-before-bce-with-logits']);
  const through = code.replace('torch.sigmoid(self.head(x)), y)', 'self.head(x), y, pos_weight=w)');
  const t = await analyzeText(through);
  const called = hoveredSiteAt(t, through.indexOf('self.loss_func(') + 6)!;
  const md = siteHover(called, [], link);
  assert.ok(md.includes('`self.head(x)` → **input**') && md.includes('`pos_weight=w`'), `the hover of a call through the reference shows that call's arguments: ${md.slice(0, 400)}`);
  const optax = 'import jax\nimport optax\nloss_fn = optax.softmax_cross_entropy  # the reference\ndef f(z, y):\n    return loss_fn(jax.nn.softmax(z), y)\n';
  const o = await analyzeText(optax);
  assert.deepEqual(o.sites.map((s) => [s.loss.id, s.boundTo]), [['cross_entropy', 'loss_fn']]);
  assert.deepEqual(o.findings.map((f) => f.rule), ['softmax-before-cross-entropy']);
  assert.deepEqual((await analyzeText(`${torch}x = F.mse_loss == other\nf = F.relu\n`)).sites, [], 'comparisons and non-losses are not references');
});

test('e: tf. and tensorflow. spellings resolve to the Keras/TF entries the catalog has', async () => {
  const cases: [string, string][] = [
    ['import tensorflow as tf\nl = tf.nn.ctc_loss(labels, logits, ll, gl)\n', 'ctc_loss'],
    ['import tensorflow as tf\nl = tf.keras.losses.Huber(delta=2.0)\n', 'huber_loss'],
    ['import tensorflow\nl = tensorflow.keras.losses.MeanSquaredError()\n', 'mse_loss'],
    ['import tensorflow as tf\nl = tf.losses.CategoricalCrossentropy()\n', 'cross_entropy'],
    ['import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z)\n', 'binary_cross_entropy_with_logits'],
    ['from tensorflow.keras.losses import BinaryCrossentropy\nl = BinaryCrossentropy(from_logits=True)\n', 'binary_cross_entropy_with_logits'],
  ];
  for (const [code, id] of cases) assert.deepEqual((await analyzeText(code)).sites.map((s) => s.loss.id), [id], code);
  const md = await hoverAt('import tensorflow as tf\nl = tf.nn.ctc_loss(labels, logits, ll, gl, blank_index=0)\n', 'ctc_loss');
  assert.ok(md.includes('`logits` → **logits**'), 'tf.nn.ctc_loss names its positional arguments');
});

test('f: loss functions and subclasses of framework loss bases are the user\'s losses (what the Check Loss lens lists)', async () => {
  const code =
    `${torch}import keras\nfrom torch.nn.modules.loss import _Loss, _WeightedLoss\n` +
    'def loss_fn(params, batch):\n    pass\n' +
    'def compute_loss(model, inputs):\n    pass\n' +
    'class LabelSmoothingCrossEntropy(nn.Module):\n    pass\n' +
    'class Smooth(_Loss):\n    pass\n' +
    'class Weighted(_WeightedLoss):\n    pass\n' +
    'class Pinball(keras.losses.Loss):\n    pass\n' +
    'class Mine(nn.modules.loss._Loss):\n    pass\n' +
    'class Tuned(nn.CrossEntropyLoss):\n    pass\n' +
    'class Tuned2(Tuned):\n    pass\n' +
    'class Encoder(nn.Module):\n    pass\n' +
    'def train(model):\n    pass\n';
  const names = (await analyzeText(code)).userLosses.map((u) => u.name);
  assert.deepEqual(names, ['loss_fn', 'compute_loss', 'LabelSmoothingCrossEntropy', 'Smooth', 'Weighted', 'Pinball', 'Mine', 'Tuned', 'Tuned2']);
});

test('g: positional arguments are named in the hover and used by Plot: nn.MarginRankingLoss(0.5) is margin=0.5', async () => {
  const code = `${torch}c = nn.MarginRankingLoss(0.5)\n`;
  const analysis = await analyzeText(code);
  const site = analysis.sites[0]!;
  const md = siteHover(site, [], link);
  const margin = getLoss('margin_ranking_loss')!.options.find((o) => o.name === 'margin')!;
  assert.ok(md.includes(`\`0.5\` → **margin**: ${markdownText(margin.explain ? margin.explain(0.5) : margin.meaning)}`), md);
  assert.ok(!md.includes('`margin=0`'), 'margin is not listed as left at its default');
  assert.deepEqual(writtenOptions(site), { margin: 0.5 });
  const typed = `${torch}c = nn.MarginRankingLoss(0.5, )\n`;
  const offered = callCompletions(typed, typed.indexOf(', )') + 2, await analyzeText(typed)).options.map((c) => c.keyword);
  assert.ok(offered.includes('reduction') && !offered.includes('margin'), `completion leaves out the margin given by position: ${offered.join(', ')}`);
  const keras = await hoverAt('import keras\nh = keras.losses.Huber(2.5)\n', 'Huber');
  assert.ok(keras.includes('`2.5` → **delta**'), 'a Keras class names its positional option from the framework registry');
  const ce = await hoverAt(`${torch}c = nn.CrossEntropyLoss(w, None, 3)\n`, 'CrossEntropy');
  assert.ok(ce.includes('`3` → **ignore_index**'), 'torch.nn.CrossEntropyLoss(weight, size_average, ignore_index, ...)');
});

test('g: each PyTorch spelling states its positional order as torch 1.13 reads it (generate_torch_signatures.py)', () => {
  const fixture = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'frameworks', 'torch_signatures.json'), 'utf8')) as { positional: Record<string, string[]> };
  let checked = 0;
  for (const loss of LOSSES) {
    for (const spelling of loss.spellings) {
      if (spelling.framework !== 'pytorch' || !spelling.name.startsWith('torch.nn.')) continue;
      const expected = fixture.positional[spelling.name];
      assert.ok(expected, `${spelling.name} is in torch 1.13`);
      assert.deepEqual(positionalOf(spelling), expected, spelling.name);
      for (const name of expected) assert.ok(loss.args.some((a) => a.name === name) || loss.options.some((o) => o.name === name), `${spelling.name}: ${name} is a catalog argument or option`);
      checked++;
    }
  }
  assert.ok(checked >= 40, `${checked} spellings`);
});

test('h: a model whose forward()/__call__ ends in softmax, fed to cross-entropy, is flagged; the fix removes the softmax there', async () => {
  const net = (last: string, extra = '') =>
    `${torch}class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 3)\n        self.act = nn.Softmax(dim=1)\n` +
    `    def forward(self, x):\n        x = self.fc(x)\n        return ${last}\n` +
    `model = Net().to("cpu")\ncriterion = nn.CrossEntropyLoss()\ndef train(model, x, y):\n    out = model(x)\n    return criterion(out, y)\n${extra}`;
  for (const last of ['F.softmax(x, dim=1)', 'torch.softmax(x, 1)', 'x.softmax(-1)', 'self.act(x)']) {
    const code = net(last);
    const analysis = await analyzeText(code);
    assert.deepEqual(analysis.findings.map((f) => f.rule), ['softmax-before-cross-entropy'], last);
    const fix = analysis.findings[0]!.fixes[0];
    assert.ok(fix, `${last}: a fix`);
    assert.equal(applyEdits(code, fix.edits), net('x'), `${last}: only the softmax in forward() goes`);
  }
  const direct = `${torch}class Net(nn.Module):\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\nmodel = Net()\nloss = nn.CrossEntropyLoss()(model(x), y)\n`;
  assert.deepEqual((await analyzeText(direct)).findings.map((f) => f.rule), ['softmax-before-cross-entropy'], 'criterion(model(x), y)');
  const sequential = `${torch}class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))\n    def forward(self, x):\n        return self.body(x)\nmodel = Net()\nloss = F.cross_entropy(model(x), y)\n`;
  const s = await analyzeText(sequential);
  assert.equal(applyEdits(sequential, s.findings[0]!.fixes[0]!.edits), sequential.replace(', nn.Softmax(dim=1)', ''), 'nn.Softmax as the last layer');
  const shared = net('F.softmax(x, dim=1)', 'def predict(x):\n    return model(x)\n');
  const sh = await analyzeText(shared);
  assert.deepEqual(sh.findings.map((f) => [f.rule, f.fixes.length]), [['softmax-before-cross-entropy', 0]], 'the output also read elsewhere: diagnostic, no fix');
  assert.deepEqual((await analyzeText(net('F.log_softmax(x, dim=1)').replace('nn.CrossEntropyLoss()', 'nn.NLLLoss()'))).findings, [], 'log_softmax into NLLLoss is right');
  assert.deepEqual((await analyzeText(net('F.relu(x)'))).findings, [], 'no softmax, no finding');
  const flax = 'import flax.linen as nn\nimport optax\nclass M(nn.Module):\n    @nn.compact\n    def __call__(self, x):\n        return nn.softmax(nn.Dense(3)(x))\nmodel = M()\ndef loss_fn(p, x, y):\n    return optax.softmax_cross_entropy(model.apply(p, x), y).mean()\n';
  const f = await analyzeText(flax);
  assert.deepEqual(f.findings.map((x) => x.rule), ['softmax-before-cross-entropy'], 'Flax __call__');
  assert.equal(applyEdits(flax, f.findings[0]!.fixes[0]!.edits), flax.replace('nn.softmax(nn.Dense(3)(x))', 'nn.Dense(3)(x)'));
});

test('h: self(x) in a Lightning module and a model\'s own predict() are read the same way', async () => {
  const lightning =
    `${torch}import lightning as L\nclass Classifier(L.LightningModule):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 3)\n` +
    '    def forward(self, x):\n        return torch.softmax(self.fc(x), dim=-1)\n' +
    '    def training_step(self, batch, batch_idx):\n        x, y = batch\n        return F.cross_entropy(self(x), y)\n';
  const l = await analyzeText(lightning);
  assert.deepEqual(l.findings.map((f) => f.rule), ['softmax-before-cross-entropy']);
  assert.equal(applyEdits(lightning, l.findings[0]!.fixes[0]!.edits), lightning.replace('torch.softmax(self.fc(x), dim=-1)', 'self.fc(x)'));
  const predict = `${torch}class Ranker:\n    def predict(self, x):\n        return F.softmax(self.w @ x, dim=0)\nr = Ranker()\nloss = F.cross_entropy(r.predict(x), y)\n`;
  assert.deepEqual((await analyzeText(predict)).findings.map((f) => f.rule), ['softmax-before-cross-entropy']);
});
