/** Finite-difference checks of the analytic gradients of every differentiable optax,
 *  torchvision.ops and pytorch-metric-learning spelling and of the catalog entries they brought,
 *  and a check that every spelling points at a catalog entry. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getLoss } from '../../src/engine/catalog';
import { OPTAX_TV_PML_LOSSES } from '../../src/engine/catalog/optax_tv_pml_losses';
import { getFrameworkLoss } from '../../src/engine/frameworks';
import { OPTAX_LOSSES } from '../../src/engine/frameworks/optax';
import { PML_LOSSES } from '../../src/engine/frameworks/pml';
import { TORCHVISION_LOSSES } from '../../src/engine/frameworks/torchvision';
import { Tensor } from '../../src/engine/tensor';
import { checkGradients, randomTensor } from './fd';
import { ENTRY_CASES, LABELS8, bits, boxes, ciouBoxes, f, ints, list, logProbs, onehot, pm1, pos, rand, type Case } from './optax_tv_pml_cases';

const SPELLING_CASES: Record<string, () => Case[]> = {
  'optax.losses.squared_error': () => [[{ predictions: f(3, 4), targets: f(3, 4) }]],
  'optax.losses.l2_loss': () => [[{ predictions: f(5) }]],
  'optax.losses.huber_loss': () => [[{ predictions: f(3, 4), targets: f(4) }, { delta: 0.7 }]],
  'optax.losses.log_cosh': () => [[{ predictions: f(3, 4), targets: f(3, 4) }]],
  'optax.losses.cosine_similarity': () => [[{ predictions: f(3, 4), targets: f(3, 4) }], [{ predictions: f(3, 4, 2), targets: f(1, 4, 2), where: bits(3, 4, 2) }, { axis: list(1, 2) }]],
  'optax.losses.cosine_distance': () => [[{ predictions: f(3, 4), targets: f(3, 4) }, { axis: 0, epsilon: 0.1 }]],
  'optax.losses.hinge_loss': () => [[{ predictor_outputs: f(3, 4), targets: pm1(3, 4) }]],
  'optax.losses.perceptron_loss': () => [[{ predictor_outputs: f(3, 4), targets: pm1(3, 4) }]],
  'optax.losses.sigmoid_binary_cross_entropy': () => [[{ logits: f(3, 4), labels: pos(3, 4) }]],
  'optax.losses.sigmoid_focal_loss': () => [[{ logits: f(3, 4), labels: bits(3, 4) }], [{ logits: f(3, 4), labels: pos(3, 4) }, { alpha: 0.3, gamma: 1.5 }]],
  'optax.losses.softmax_cross_entropy': () => [[{ logits: f(3, 5), labels: pos(3, 5) }], [{ logits: f(2, 3, 4), labels: pos(2, 3, 4), where: Tensor.from([2, 3, 4], Array.from({ length: 24 }, (_, i) => (i % 5 === 0 ? 0 : 1)), 'int64') }, { axis: list(1, 2) }]],
  'optax.losses.safe_softmax_cross_entropy': () => [[{ logits: f(3, 5), labels: pos(3, 5) }]],
  'optax.losses.softmax_cross_entropy_with_integer_labels': () => [[{ logits: f(3, 5), labels: ints(5, 3) }], [{ logits: f(2, 3, 4), labels: ints(12, 2) }, { axis: list(2, 1) }]],
  'optax.losses.poly_loss_cross_entropy': () => [[{ logits: f(3, 5), labels: onehot([0, 4, 2], 5) }, { epsilon: 1.5 }]],
  'optax.losses.kl_divergence': () => [[{ log_predictions: logProbs(3, 4), targets: pos(3, 4) }]],
  'optax.losses.kl_divergence_with_log_targets': () => [[{ log_predictions: logProbs(3, 4), log_targets: logProbs(3, 4) }, { axis: null }]],
  'optax.losses.generalized_kl_divergence': () => [[{ log_predictions: f(3, 4), targets: pos(3, 4), where: bits(3, 4) }]],
  'optax.losses.convex_kl_divergence': () => [[{ log_predictions: f(3, 4), targets: pos(3, 4) }, { axis: 0 }]],
  'optax.losses.multiclass_hinge_loss': () => [[{ scores: f(4, 5), labels: ints(5, 4) }]],
  'optax.losses.multiclass_perceptron_loss': () => [[{ scores: f(4, 5), labels: ints(5, 4) }]],
  'optax.losses.multiclass_sparsemax_loss': () => [[{ scores: randomTensor([4, 5], rand, -0.4, 0.4), labels: ints(5, 4) }]],
  'optax.losses.sparsemax_loss': () => [[{ logits: f(3, 4), labels: bits(3, 4) }]],
  'optax.losses.ctc_loss': () => [[{
    logits: f(2, 6, 4), logit_paddings: Tensor.from([2, 6], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]),
    labels: Tensor.from([2, 3], [1, 1, 2, 3, 2, 1], 'int64'), label_paddings: Tensor.from([2, 3], [0, 0, 0, 0, 0, 1]),
  }], [{ logits: f(1, 2, 3), logit_paddings: Tensor.zeros([1, 2]), labels: Tensor.from([1, 2], [1, 1], 'int64'), label_paddings: Tensor.zeros([1, 2]) }, { log_epsilon: -5 }]],
  'optax.losses.ntxent': () => [[{ embeddings: f(6, 4), labels: Tensor.from([6], [0, 1, 0, 1, 2, 2], 'int64') }, { temperature: 0.5 }]],
  'optax.losses.triplet_margin_loss': () => [[{ anchors: f(4, 5), positives: f(4, 5), negatives: f(4, 5) }, { margin: 3 }], [{ anchors: f(3, 4), positives: f(1, 4), negatives: f(3, 4) }, { norm_degree: 1, margin: 5 }]],
  'optax.losses.dice_loss': () => [[{ predictions: f(2, 5, 3), targets: onehot([0, 1, 2, 1, 0, 2, 2, 1, 0, 0], 3).reshape([2, 5, 3]) }], [{ predictions: f(2, 5, 3), targets: pos(2, 5, 3), class_weights: pos(3) }, { alpha: 0.3, beta: 0.7, reduction: 'sum', ignore_background: true }]],
  'optax.losses.binary_dice_loss': () => [[{ predictions: f(3, 6), targets: bits(3, 6) }]],
  'optax.losses.multiclass_generalized_dice_loss': () => [[{ predictions: f(2, 5, 3), targets: onehot([0, 1, 2, 1, 0, 2, 2, 1, 0, 0], 3).reshape([2, 5, 3]) }]],
  'optax.losses.ranking_softmax_loss': () => [[{ logits: f(3, 5), labels: ints(3, 3, 5), where: bits(3, 5), weights: pos(3, 5) }], [{ logits: f(3, 5), labels: ints(3, 3, 5) }, { reduce_fn: null }]],
  'torchvision.ops.generalized_box_iou_loss': () => [[{ boxes1: boxes(5), boxes2: boxes(5) }, { reduction: 'mean' }]],
  'torchvision.ops.distance_box_iou_loss': () => [[{ boxes1: boxes(5), boxes2: boxes(5) }]],
  'torchvision.ops.complete_box_iou_loss': () => [[ciouBoxes(), { reduction: 'sum' }]],
  'torchvision.ops.sigmoid_focal_loss': () => [[{ inputs: f(3, 4), targets: bits(3, 4) }]],
  'pytorch_metric_learning.losses.NTXentLoss': () => [[{ embeddings: f(8, 4), labels: LABELS8 }, { temperature: 0.3 }]],
  'pytorch_metric_learning.losses.ContrastiveLoss': () => [[{ embeddings: f(8, 4), labels: LABELS8 }, { pos_margin: 0.1, neg_margin: 1.2 }]],
  'pytorch_metric_learning.losses.TripletMarginLoss': () => [[{ embeddings: f(8, 4), labels: LABELS8 }, { margin: 0.3 }], [{ embeddings: f(8, 4), labels: LABELS8 }, { smooth_loss: true, swap: true }]],
  'pytorch_metric_learning.losses.MultiSimilarityLoss': () => [[{ embeddings: f(8, 4), labels: LABELS8 }, { beta: 5 }]],
  'pytorch_metric_learning.losses.SupConLoss': () => [[{ embeddings: f(8, 4), labels: LABELS8 }, { temperature: 0.5 }]],
  'pytorch_metric_learning.losses.ArcFaceLoss': () => [[{ embeddings: f(6, 4), labels: Tensor.from([6], [0, 2, 1, 1, 0, 2], 'int64'), W: f(4, 3) }, { num_classes: 3, embedding_size: 4, scale: 4 }]],
};

// CircleLoss detaches its relu weights (PML's definition), so its gradient is not the derivative
// of its value: it is checked against PML's own autograd in pml.json instead.
const DETACHED = new Set(['pytorch_metric_learning.losses.CircleLoss']);

for (const fw of [...OPTAX_LOSSES, ...TORCHVISION_LOSSES, ...PML_LOSSES].filter((x) => !DETACHED.has(x.name))) {
  test(`${fw.name}: analytic gradients match central differences`, () => {
    const cases = SPELLING_CASES[fw.name];
    assert.ok(cases, `no gradient case for ${fw.name}`);
    for (const [args, options] of cases()) {
      const got = fw.compute(args, options ?? {}, true);
      for (const a of fw.args.filter((x) => x.differentiable && args[x.name])) assert.ok(got.grad[a.name], `${fw.name}: no gradient for ${a.name}`);
      checkGradients({ id: fw.name, compute: fw.compute }, args, options ?? {});
    }
  });
}


for (const spec of OPTAX_TV_PML_LOSSES) {
  test(`catalog ${spec.id}: analytic gradients match central differences`, () => {
    const cases = ENTRY_CASES[spec.id];
    assert.ok(cases, `no gradient case for ${spec.id}`);
    for (const [args, options] of cases()) checkGradients(spec, args, options ?? {});
  });
}

test('poly1_cross_entropy with epsilon 0 is cross_entropy (hand-derived identity)', () => {
  const input = f(4, 5);
  const target = ints(5, 4);
  const poly = getLoss('poly1_cross_entropy')!.compute({ input, target }, { epsilon: 0 }, false).value.item();
  const ce = getLoss('cross_entropy')!.compute({ input, target }, {}, false).value.item();
  assert.ok(Math.abs(poly - ce) < 1e-12);
});

// Provided by fw-keras-sklearn on its branch (the consistency test at merge checks them).
const PROVIDED_ELSEWHERE = new Set(['log_cosh_loss', 'cosine_similarity_loss', 'dice_loss', 'circle_loss', 'hinge_loss', 'squared_hinge_loss']);

test('every spelling points at a catalog entry and is registered under its name', () => {
  for (const fw of [...OPTAX_LOSSES, ...TORCHVISION_LOSSES, ...PML_LOSSES]) {
    assert.equal(getFrameworkLoss(fw.name), fw);
    assert.ok(getLoss(fw.lossId) || PROVIDED_ELSEWHERE.has(fw.lossId), `${fw.name}: no catalog entry ${fw.lossId}`);
    assert.ok(fw.differences.length > 20, `${fw.name}: differences`);
  }
  assert.equal(OPTAX_LOSSES.length, 29);
  assert.equal(TORCHVISION_LOSSES.length, 4);
  assert.equal(PML_LOSSES.length, 7);
});
