import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { siteAt } from '../../../src/analysis/analyze';
import { commandArgs, markdownText, siteHover, type LossAction } from '../../../src/analysis/hover';
import { getLoss } from '../../../src/engine/catalog';
import { analyzeText } from './load';

const actions: LossAction[] = [];
const link = (label: string, action: LossAction) => {
  actions.push(action);
  return `[${label}](command:test?${commandArgs(action)})`;
};

test('catalog prose is escaped so shape notation like (*) does not become emphasis', () => {
  assert.equal(markdownText('input (*), label_smoothing <1 [x]'), 'input (\\*), label\\_smoothing \\<1 \\[x\\]');
});

test('hover on a PyTorch constructor explains the arguments written and lists the defaults left unset', async () => {
  const code = 'import torch.nn as nn\ncriterion = nn.CrossEntropyLoss(label_smoothing=0.1, reduction="sum")\n';
  const analysis = await analyzeText(code);
  const site = siteAt(analysis, code.indexOf('CrossEntropyLoss'));
  assert.ok(site);
  const ce = getLoss('cross_entropy')!;
  actions.length = 0;
  const md = siteHover(site, [], link);
  assert.ok(md.includes(ce.title) && md.includes(ce.formula.unicode));
  const smoothing = ce.options.find((o) => o.name === 'label_smoothing')!;
  assert.ok(md.includes(`\`label_smoothing=0.1\`: ${markdownText(smoothing.explain!(0.1))}`), 'the user value explained by the catalog');
  assert.ok(md.includes('`ignore_index=-100`'), 'an unset default is listed');
  assert.ok(!md.includes('`size_average='), 'deprecated options are not offered as defaults');
  assert.ok(md.includes(markdownText(ce.shapes.input)));
  assert.ok(md.includes('`keras.losses.SparseCategoricalCrossentropy`') && md.includes('`optax.softmax_cross_entropy`'), 'equivalents elsewhere');
  assert.ok(md.includes(markdownText(ce.pitfalls[0]!.title)));
  assert.deepEqual(actions.map((a) => a.action), ['plot', 'compare', 'sweep']);
  assert.deepEqual(actions[0]?.options, { label_smoothing: 0.1, reduction: 'sum' });
});

test('hover on a call site flags the diagnostic found there first', async () => {
  const code = 'import torch\nimport torch.nn.functional as F\nl = F.cross_entropy(torch.softmax(z, 1), y)\n';
  const analysis = await analyzeText(code);
  const site = siteAt(analysis, code.indexOf('cross_entropy'));
  assert.ok(site);
  const md = siteHover(site, analysis.findings, link);
  const pitfalls = md.slice(md.indexOf('**Pitfalls**'));
  assert.ok(pitfalls.includes('⚠ **Here:**'));
  assert.ok(pitfalls.includes(`⚠ **${markdownText(getLoss('cross_entropy')!.pitfalls.find((p) => p.id === 'softmax-before-cross-entropy')!.title)}**`), 'the catalog pitfall of the rule is marked');
  assert.ok(md.includes('`torch.softmax(z, 1)` → **input**'), 'positional tensors are named');
});

test('hover on a Keras spelling maps its argument names to the catalog options', async () => {
  const code = 'from keras import losses\nh = losses.Huber(delta=2.5)\n';
  const analysis = await analyzeText(code);
  const md = siteHover(analysis.sites[0]!, [], link);
  const delta = getLoss('huber_loss')!.options.find((o) => o.name === 'delta')!;
  assert.ok(md.includes(`\`delta=2.5\`: ${markdownText(delta.explain ? delta.explain(2.5) : delta.meaning)}`));
});

test('the hover curve is the catalog loss and its gradient: MSE is x² with slope 2x, Huber uses the written delta', async () => {
  const { lossCurve, curveSvg } = await import('../../../src/analysis/hoverPlot');
  const mse = lossCurve(getLoss('mse_loss')!, {});
  assert.ok(mse);
  mse.predictions.forEach((x, i) => {
    assert.ok(Math.abs(mse.loss[i]! - x * x) < 1e-12, `loss at ${x}`);
    assert.ok(Math.abs(mse.gradient[i]! - 2 * x) < 1e-12, `gradient at ${x}`);
  });
  const huber = lossCurve(getLoss('huber_loss')!, { delta: 0.5 });
  assert.ok(huber);
  const last = huber.predictions.length - 1;
  assert.ok(Math.abs(huber.gradient[last]! - 0.5) < 1e-12, 'slope beyond delta is delta');
  assert.equal(lossCurve(getLoss('cross_entropy')!, {}), undefined, 'no elementwise picture for class-index losses');
  assert.match(curveSvg(mse), /^<svg[^>]*>.*<polyline.*<polyline.*<\/svg>$/);
  const code = 'import torch.nn as nn\nc = nn.MSELoss()\n';
  const site = (await analyzeText(code)).sites[0]!;
  assert.ok(siteHover(site, [], link).includes('](data:image/svg+xml;base64,'), 'the hover shows the curve');
});

/** The markdown outside code spans and fences (CommonMark: a span ends only on a backtick run of
 *  its opening run's length), where a link or an image would be live. */
function outsideCode(md: string): string {
  let out = '';
  let i = 0;
  while (i < md.length) {
    const run = /^`+/.exec(md.slice(i));
    if (!run) {
      out += md[i++];
      continue;
    }
    const fence = run[0];
    const close = new RegExp(`(?<!\`)${fence}(?!\`)`, 'g');
    close.lastIndex = i + fence.length;
    const end = close.exec(md);
    if (!end) {
      out += fence; // an unmatched run is literal text
      i += fence.length;
      continue;
    }
    i = end.index + fence.length;
  }
  return out;
}

test('text from the source cannot close its code span: no link, image or command from a string literal', async () => {
  const evil = 'x`) ![i](https://example.com/a.png) [run](command:workbench.action.terminal.new) `';
  const code = `import torch.nn as nn\ncriterion = nn.HuberLoss(delta="${evil}", reduction="${evil}")\nF_loss = nn.MSELoss()\n`;
  const analysis = await analyzeText(code);
  const site = siteAt(analysis, code.indexOf('HuberLoss'));
  assert.ok(site);
  const md = siteHover(site, [], link);
  assert.ok(md.includes(evil), 'the value is shown as written');
  const live = outsideCode(md);
  assert.ok(!live.includes('![') && !live.includes('](https:') && !live.includes('](command:workbench'), `source text escaped its code span:\n${live}`);
  // The written options travel in the action links, where an unbalanced ")" must not end the link.
  for (const target of md.matchAll(/\]\(command:test\?([^)\s]*)\)/g)) assert.doesNotThrow(() => JSON.parse(decodeURIComponent(target[1]!)), target[1]);
});

test('a framework spelling states its own semantics: the registry\'s differences beside the note, its tensors by their meaning', async () => {
  const { FRAMEWORK_LOSSES } = await import('../../../src/engine/frameworks');
  const differences = (name: string) => markdownText(FRAMEWORK_LOSSES.find((f) => f.name === name)!.differences);
  const box = 'import torchvision\nl = torchvision.ops.generalized_box_iou_loss(pred, gt)\n';
  const boxHover = siteHover((await analyzeText(box)).sites[0]!, [], link);
  assert.ok(boxHover.includes(differences('torchvision.ops.generalized_box_iou_loss')), 'torchvision: reduction defaults to none, eps 1e-7');
  const huber = siteHover((await analyzeText('import keras\nh = keras.losses.Huber()\n')).sites[0]!, [], link);
  assert.ok(huber.includes(differences('keras.losses.Huber')), 'Keras: the registry\'s account of Huber');
  const ctc = 'import optax\nl = optax.ctc_loss(logits, pads, labels, label_pads)\n';
  const ctcHover = siteHover((await analyzeText(ctc)).sites[0]!, [], link);
  const optaxCtc = FRAMEWORK_LOSSES.find((f) => f.name === 'optax.losses.ctc_loss')!;
  for (const [written, theirs] of [['logits', 'logits'], ['pads', 'logit_paddings'], ['labels', 'labels'], ['label_pads', 'label_paddings']] as const) {
    const meaning = markdownText(optaxCtc.args.find((a) => a.name === theirs)!.meaning);
    assert.ok(ctcHover.includes(`\`${written}\` → **${theirs}**: ${meaning}`), `${written} is optax's ${theirs}: ${ctcHover.slice(0, 900)}`);
  }
  assert.ok(!ctcHover.includes('not an option Loss Lab knows'));
});
