import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, analyzeText } from './load';

/** The code after applying the first fix of the only diagnostic. */
async function fixed(code: string, rule: string): Promise<string> {
  const analysis = await analyzeText(code);
  assert.deepEqual(analysis.findings.map((f) => f.rule), [rule], 'one diagnostic');
  const fix = analysis.findings[0]?.fixes[0];
  assert.ok(fix, 'with a fix');
  return applyEdits(code, fix.edits);
}

const torch = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

test('softmax before cross_entropy: the fix passes the logits', async () => {
  assert.equal(await fixed(`${torch}l = F.cross_entropy(F.softmax(z, dim=1), y)\n`, 'softmax-before-cross-entropy'), `${torch}l = F.cross_entropy(z, y)\n`);
  assert.equal(
    await fixed(`${torch}def f(z, y):\n    p = z.softmax(1)\n    c = nn.CrossEntropyLoss()\n    return c(p, y)\n`, 'softmax-before-cross-entropy'),
    `${torch}def f(z, y):\n    p = z.softmax(1)\n    c = nn.CrossEntropyLoss()\n    return c(z, y)\n`,
  );
  assert.equal(
    await fixed(`${torch}act = nn.Softmax(dim=1)\nl = F.cross_entropy(act(z), y)\n`, 'softmax-before-cross-entropy'),
    `${torch}act = nn.Softmax(dim=1)\nl = F.cross_entropy(z, y)\n`,
  );
});

test('softmax at the end of a model: the fix removes that layer from the model, never rewires the data', async () => {
  const model = (layers: string) => `${torch}model = nn.Sequential(nn.Linear(4, 3)${layers})\ncriterion = nn.CrossEntropyLoss()\nprobs = model(x)\nloss = criterion(probs, y)\n`;
  // The audit's case: the fix rewrote criterion(probs, y) to criterion(x, y), the model's input into the loss.
  assert.equal(await fixed(model(', nn.Softmax(dim=1)'), 'softmax-before-cross-entropy'), model(''));
  assert.equal(await fixed(model(', nn.ReLU(), nn.Linear(3, 3), nn.Softmax(dim=1),'), 'softmax-before-cross-entropy'), model(', nn.ReLU(), nn.Linear(3, 3),'));
  const nested = `${torch}model = nn.Sequential(nn.Linear(4, 3), nn.Sequential(nn.Linear(3, 3), nn.Softmax(dim=1)))\nloss = nn.CrossEntropyLoss()(model(x), y)\n`;
  assert.equal(await fixed(nested, 'softmax-before-cross-entropy'), nested.replace(', nn.Softmax(dim=1))', ')'));
});

test('BCELoss on logits: the fix switches to BCEWithLogitsLoss, keeping the alias or extending the import', async () => {
  assert.equal(await fixed(`${torch}l = F.binary_cross_entropy(logits, y)\n`, 'bce-on-logits'), `${torch}l = F.binary_cross_entropy_with_logits(logits, y)\n`);
  assert.equal(
    await fixed('from torch.nn import BCELoss\nc = BCELoss()\nl = c(head(x), y)\nhead = 1\n'.replace('head(x)', 'logits'), 'bce-on-logits'),
    'from torch.nn import BCELoss, BCEWithLogitsLoss\nc = BCEWithLogitsLoss()\nl = c(logits, y)\nhead = 1\n',
  );
  assert.equal(
    await fixed(`${torch}lin = nn.Linear(4, 1)\nl = F.binary_cross_entropy(lin(x), y)\n`, 'bce-on-logits'),
    `${torch}lin = nn.Linear(4, 1)\nl = F.binary_cross_entropy_with_logits(lin(x), y)\n`,
  );
});

test('sigmoid before BCEWithLogitsLoss: the fix removes the sigmoid', async () => {
  assert.equal(await fixed(`${torch}l = nn.BCEWithLogitsLoss()(torch.sigmoid(z), y)\n`, 'sigmoid-before-bce-with-logits'), `${torch}l = nn.BCEWithLogitsLoss()(z, y)\n`);
});

test('NLLLoss without log_softmax: softmax becomes log_softmax; logits switch to CrossEntropyLoss', async () => {
  assert.equal(await fixed(`${torch}l = F.nll_loss(F.softmax(z, 1), y)\n`, 'nll-on-logits-or-probabilities'), `${torch}l = F.nll_loss(F.log_softmax(z, 1), y)\n`);
  assert.equal(await fixed(`${torch}l = nn.NLLLoss()(logits, y)\n`, 'nll-on-logits-or-probabilities'), `${torch}l = nn.CrossEntropyLoss()(logits, y)\n`);
});

test('MSE on class indices: the fix switches to cross-entropy and drops the float cast', async () => {
  assert.equal(await fixed(`${torch}l = F.mse_loss(out, y.argmax(1).float())\n`, 'mse-for-classification'), `${torch}l = F.cross_entropy(out, y.argmax(1))\n`);
  assert.equal(
    await fixed(`${torch}t = torch.randint(0, 3, (8,))\nl = nn.L1Loss()(out, t)\n`, 'mse-for-classification'),
    `${torch}t = torch.randint(0, 3, (8,))\nl = nn.CrossEntropyLoss()(out, t)\n`,
  );
});

test('Keras from_logits: added when the last Dense has no activation, turned off after a softmax', async () => {
  const k = 'from tensorflow import keras\nfrom tensorflow.keras import layers\n';
  assert.equal(
    await fixed(`${k}m = keras.Sequential([layers.Dense(3)])\nm.compile(loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1))\n`, 'keras-from-logits'),
    `${k}m = keras.Sequential([layers.Dense(3)])\nm.compile(loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1, from_logits=True))\n`,
  );
  assert.equal(
    await fixed(`${k}m = keras.Sequential([layers.Dense(3, "softmax")])\nm.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n`, 'keras-from-logits'),
    `${k}m = keras.Sequential([layers.Dense(3, "softmax")])\nm.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=False))\n`,
  );
  assert.equal(
    await fixed(`${k}m = keras.Sequential()\nm.add(layers.Dense(3))\nm.compile(loss="categorical_crossentropy")\n`, 'keras-from-logits'),
    `${k}m = keras.Sequential()\nm.add(layers.Dense(3))\nm.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n`,
  );
});

test('correct code gets no diagnostics', async () => {
  const clean = [
    `${torch}l = F.cross_entropy(logits, y)`,
    `${torch}l = F.nll_loss(F.log_softmax(z, 1), y)`,
    `${torch}l = F.nll_loss(torch.log(torch.softmax(z, 1)), y)`,
    `${torch}l = F.binary_cross_entropy(torch.sigmoid(z), y)`,
    `${torch}l = F.binary_cross_entropy_with_logits(logits, y)`,
    `${torch}l = F.mse_loss(pred, target)`,
    `${torch}def f(z, y):\n    p = F.softmax(z, 1)\n    acc = (p.argmax(1) == y).float().mean()\n    return F.cross_entropy(z, y), acc`,
    `${torch}def a(z):\n    probs = F.softmax(z, 1)\ndef b(probs, y):\n    return F.cross_entropy(probs, y)`,
    'from tensorflow import keras\nm = keras.Sequential([keras.layers.Dense(3, activation="softmax")])\nm.compile(loss="sparse_categorical_crossentropy")',
    'from tensorflow import keras\nm = keras.Sequential([keras.layers.Dense(3)])\nm.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))',
    'from tensorflow import keras\nm = build()\nm.compile(loss="sparse_categorical_crossentropy")',
  ];
  for (const code of clean) assert.deepEqual((await analyzeText(code)).findings.map((f) => f.rule), [], code);
});

test('a module-level value read inside a function is followed, unless the function binds the name or the module assigns it twice', async () => {
  const rulesOf = async (code: string) => (await analyzeText(code)).findings.map((f) => f.rule);
  const model = `${torch}model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))\ncrit = nn.CrossEntropyLoss()\n`;
  assert.deepEqual(await rulesOf(`${model}def step(x, y):\n    return crit(model(x), y)\n`), ['softmax-before-cross-entropy']);
  assert.deepEqual(await rulesOf(`${torch}probs = F.softmax(z, 1)\ndef loss(y):\n    return F.cross_entropy(probs, y)\n`), ['softmax-before-cross-entropy']);
  // The function's own binding wins: a parameter, a local assignment, a loop variable.
  assert.deepEqual(await rulesOf(`${model}def step(model, x, y):\n    return crit(model(x), y)\n`), []);
  assert.deepEqual(await rulesOf(`${torch}probs = F.softmax(z, 1)\ndef loss(y):\n    probs = head(y)\n    return F.cross_entropy(probs, y)\n`), []);
  assert.deepEqual(await rulesOf(`${torch}probs = F.softmax(z, 1)\ndef loss(ys):\n    for probs in ys:\n        return F.cross_entropy(probs, ys)\n`), []);
  // Two module-level assignments: which one a call sees depends on when it runs, so nothing is said.
  assert.deepEqual(await rulesOf(`${torch}probs = F.softmax(z, 1)\nprobs = net(x)\ndef loss(y):\n    return F.cross_entropy(probs, y)\n`), []);
});

test('a name rebound by a for loop, `with ... as` or `:=` after the softmax is not flagged; a plain use still is', async () => {
  const rebound = [
    `${torch}p = torch.softmax(z, 1)\nfor p in batches:\n    l = F.cross_entropy(p, y)\n`,
    `${torch}p = torch.softmax(z, 1)\nwith open(f) as p:\n    l = F.cross_entropy(p, y)\n`,
    `${torch}p = torch.softmax(z, 1)\nif (p := model(x)) is not None:\n    l = F.cross_entropy(p, y)\n`,
    `${torch}def f(z, y):\n    p = torch.softmax(z, 1)\n    for p, q in pairs:\n        l = F.cross_entropy(p, y)\n`,
  ];
  for (const code of rebound) assert.deepEqual((await analyzeText(code)).findings.map((f) => f.rule), [], code);
  const inLoop = `${torch}for z in batches:\n    p = torch.softmax(z, 1)\n    l = F.cross_entropy(p, y)\n`;
  assert.deepEqual((await analyzeText(inLoop)).findings.map((f) => f.rule), ['softmax-before-cross-entropy']);
});
