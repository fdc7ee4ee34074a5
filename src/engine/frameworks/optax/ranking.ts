/** optax.losses.ranking_softmax_loss (ListNet-style softmax cross-entropy over each list). */
import { LossError } from '../../errors';
import { Tensor } from '../../tensor';
import type { LossResult } from '../../catalog/types';
import { arg, defineFrameworkLoss, option } from '../define';
import type { FrameworkLoss } from '../types';
import { broadcastPair, maskAt, readAt, requireFloating } from './arrays';

const NAME = 'optax.losses.ranking_softmax_loss';

export const OPTAX_RANKING: FrameworkLoss = defineFrameworkLoss({
  name: NAME, framework: 'jax', kind: 'functional', lossId: 'ranking_softmax_loss',
  args: [
    arg('logits', true, 'Scores (…, list size).'),
    arg('labels', false, 'Graded relevance labels, the shape of logits.'),
    arg('where', false, 'Which items are valid (int 0/1 mask).', true),
    arg('weights', false, 'Per-item weights multiplying the labels.', true),
  ],
  options: [option('reduce_fn', 'enum', 'mean', "'mean' over valid lists, 'sum', or None for one loss per list.", { choices: ['mean', 'sum'] })],
  differences: 'Lists on the last axis; −Σ labels·log_softmax(logits) per list with unnormalised graded labels (ListNet with label weights, not normalised to a distribution); masked items are dropped; the mean runs over lists that have a valid item.',
  run(args, o, wantGrad): LossResult {
    const logits = args['logits']!;
    requireFloating(NAME, 'logits', logits);
    if (logits.ndim < 1) throw new LossError(NAME, 'logits', 'needs a list axis');
    const shape = [...logits.shape];
    broadcastPair(NAME, 'where', shape, args['labels']!.shape);
    const labels = readAt(args['labels']!, shape);
    const mask = maskAt(NAME, args['where'], shape);
    if (args['weights']) {
      const w = readAt(args['weights'], shape);
      for (let i = 0; i < labels.length; i++) labels[i]! *= w[i]!;
    }
    const K = shape[shape.length - 1]!;
    const lists = logits.size / Math.max(K, 1);
    const perList = new Float64Array(lists);
    const valid = new Uint8Array(lists);
    const gList = new Float64Array(logits.size);
    for (let r = 0; r < lists; r++) {
      let m = -Infinity;
      for (let k = 0; k < K; k++) if (!mask || mask[r * K + k]) m = Math.max(m, logits.data[r * K + k]!);
      if (m === -Infinity) continue; // no valid item: the masked sum is 0
      valid[r] = 1;
      let s = 0;
      for (let k = 0; k < K; k++) if (!mask || mask[r * K + k]) s += Math.exp(logits.data[r * K + k]! - m);
      const lse = Math.log(s) + m;
      let labelSum = 0;
      for (let k = 0; k < K; k++) {
        const i = r * K + k;
        if (mask && !mask[i]) continue;
        perList[r]! -= labels[i]! * (logits.data[i]! - lse);
        labelSum += labels[i]!;
      }
      for (let k = 0; k < K; k++) {
        const i = r * K + k;
        if (mask && !mask[i]) continue;
        gList[i] = labelSum * Math.exp(logits.data[i]! - lse) - labels[i]!;
      }
    }
    const reduce = o.string('reduce_fn');
    const outShape = shape.slice(0, -1);
    const anyMask = mask !== null;
    let value: Tensor;
    let scale: Float64Array;
    if (reduce === null) {
      value = new Tensor(outShape, perList.map((v, r) => (anyMask && !valid[r] ? 0 : v)));
      scale = Float64Array.from(valid, (v) => (anyMask && !v ? 0 : 1));
    } else if (reduce === 'sum') {
      value = Tensor.scalar(perList.reduce((a, v, r) => a + (anyMask && !valid[r] ? 0 : v), 0));
      scale = Float64Array.from(valid, (v) => (anyMask && !v ? 0 : 1));
    } else if (reduce === 'mean') {
      const count = anyMask ? valid.reduce((a, v) => a + v, 0) : lists;
      const sum = perList.reduce((a, v, r) => a + (anyMask && !valid[r] ? 0 : v), 0);
      const mean = sum / count;
      const nanFromEmpty = Number.isNaN(mean) && !perList.some((v) => Number.isNaN(v));
      value = Tensor.scalar(nanFromEmpty ? 0 : mean);
      scale = Float64Array.from(valid, (v) => (nanFromEmpty || (anyMask && !v) ? 0 : 1 / count));
    } else {
      throw new LossError(NAME, 'reduce_fn', `expected 'mean', 'sum' or None, got ${JSON.stringify(reduce)}`);
    }
    const grad: Record<string, Tensor> = {};
    if (wantGrad) grad['logits'] = new Tensor(logits.shape, gList.map((g, i) => g * scale[Math.floor(i / K)]!));
    return { value, grad };
  },
});
