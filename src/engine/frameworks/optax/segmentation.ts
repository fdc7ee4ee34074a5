/** optax.losses dice_loss, binary_dice_loss, multiclass_generalized_dice_loss: class axis last,
 *  overlaps summed over the spatial axes per (batch, class). */
import { LossError } from '../../errors';
import type { OptionValue } from '../../catalog/types';
import { Tensor, formatShape } from '../../tensor';
import { sigmoid } from '../../losses/common';
import type { LossResult } from '../../catalog/types';
import { arg, defineFrameworkLoss, option } from '../define';
import type { FrameworkLoss } from '../types';
import { broadcastPair, canonicalAxes, groupBy, readAt, requireShapesEqual } from './arrays';

interface DiceSettings {
  classWeights: Tensor | undefined;
  smooth: number;
  alpha: number;
  beta: number;
  applySoftmax: boolean;
  ignoreBackground: boolean;
  axis: OptionValue | readonly OptionValue[];
}

interface DiceParts {
  /** Per-(…, class) losses after class weights and the background drop. */
  loss: Tensor;
  backward(gLoss: Float64Array): Tensor;
}

function diceCore(name: string, predictions: Tensor, targets: Tensor, s: DiceSettings): DiceParts {
  let pred = predictions;
  let targ = targets;
  if (pred.ndim === targ.ndim - 1) pred = pred.reshape([...pred.shape, 1]);
  if (targ.ndim === pred.ndim - 1) targ = targ.reshape([...targ.shape, 1]);
  requireShapesEqual(name, pred, targ);
  if (pred.ndim < 1) throw new LossError(name, 'predictions', 'needs a class axis');
  const C = pred.shape[pred.ndim - 1]!;
  const rows = pred.size / Math.max(C, 1);
  if (!s.applySoftmax) {
    let lo = Infinity;
    let hi = -Infinity;
    let ok = true;
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let c = 0; c < C; c++) sum += pred.data[r * C + c]!;
      lo = Math.min(lo, sum);
      hi = Math.max(hi, sum);
      if (!(Math.abs(sum - 1) <= 1e-8 + 1e-5)) ok = false;
    }
    if (!ok) {
      throw new LossError(name, 'predictions', `When apply_softmax=False, predictions must be valid probability distributions that sum to 1 along the class axis. Found sum range: [${lo.toFixed(6)}, ${hi.toFixed(6)}]`);
    }
  }
  const probs = new Float64Array(pred.size);
  if (!s.applySoftmax) probs.set(pred.data);
  else if (C === 1) for (let i = 0; i < pred.size; i++) probs[i] = sigmoid(pred.data[i]!);
  else {
    for (let r = 0; r < rows; r++) {
      let m = -Infinity;
      for (let c = 0; c < C; c++) m = Math.max(m, pred.data[r * C + c]!);
      let sum = 0;
      for (let c = 0; c < C; c++) sum += probs[r * C + c] = Math.exp(pred.data[r * C + c]! - m);
      for (let c = 0; c < C; c++) probs[r * C + c]! /= sum;
    }
  }
  const axes = s.axis === null ? Array.from({ length: Math.max(pred.ndim - 2, 0) }, (_, i) => i + 1) : canonicalAxes(name, s.axis, pred.ndim);
  const { outShape, groupOf, groups } = groupBy(pred.shape, axes);
  const I = new Float64Array(groups);
  const P = new Float64Array(groups);
  const T = new Float64Array(groups);
  for (let i = 0; i < probs.length; i++) {
    const g = groupOf[i]!;
    I[g]! += probs[i]! * targ.data[i]!;
    P[g]! += probs[i]!;
    T[g]! += targ.data[i]!;
  }
  const num = I.map((v) => v + s.smooth);
  const den = I.map((v, g) => v + s.alpha * (P[g]! - v) + s.beta * (T[g]! - v) + s.smooth);
  let loss = new Tensor(outShape, num.map((v, g) => 1 - v / den[g]!));
  let weightAt: Float64Array | null = null;
  if (s.classWeights) {
    if (s.classWeights.ndim !== 1) throw new LossError(name, 'class_weights', `expected rank 1, got shape ${formatShape(s.classWeights.shape)}`);
    const shape = broadcastPair(name, 'mul', loss.shape, s.classWeights.shape);
    if (shape.length !== loss.ndim || shape.some((d, i) => d !== loss.shape[i])) {
      throw new LossError(name, 'class_weights', `shape ${formatShape(s.classWeights.shape)} does not broadcast to ${formatShape(loss.shape)}`);
    }
    weightAt = readAt(s.classWeights, loss.shape);
    loss = new Tensor(loss.shape, loss.data.map((v, i) => v * weightAt![i]!));
  }
  const drop = s.ignoreBackground && C > 1;
  const full = loss;
  if (drop) {
    if (full.ndim < 1) throw new LossError(name, 'ignore_background', 'needs a class axis in the loss');
    const last = full.shape[full.ndim - 1]!;
    const kept = Math.max(last - 1, 0);
    const outer = full.size / Math.max(last, 1);
    const data = new Float64Array(outer * kept);
    for (let r = 0; r < outer; r++) for (let c = 1; c < last; c++) data[r * kept + c - 1] = full.data[r * last + c]!;
    loss = new Tensor([...full.shape.slice(0, -1), kept], data);
  }
  return {
    loss,
    backward(gLoss) {
      let gFull = gLoss;
      if (drop) {
        const last = full.shape[full.ndim - 1]!;
        const kept = last - 1;
        gFull = new Float64Array(full.size);
        for (let r = 0; r < full.size / last; r++) for (let c = 1; c < last; c++) gFull[r * last + c] = gLoss[r * kept + c - 1]!;
      }
      const gCoeff = gFull.map((v, g) => -v * (weightAt ? weightAt[g]! : 1));
      const gProbs = new Float64Array(probs.length);
      const k = 1 - s.alpha - s.beta;
      for (let i = 0; i < probs.length; i++) {
        const g = groupOf[i]!;
        const d = den[g]!;
        gProbs[i] = (gCoeff[g]! * (targ.data[i]! * (d - num[g]! * k) - num[g]! * s.alpha)) / (d * d);
      }
      const gPred = new Float64Array(probs.length);
      if (!s.applySoftmax) gPred.set(gProbs);
      else if (C === 1) for (let i = 0; i < probs.length; i++) gPred[i] = gProbs[i]! * probs[i]! * (1 - probs[i]!);
      else {
        for (let r = 0; r < rows; r++) {
          let dot = 0;
          for (let c = 0; c < C; c++) dot += gProbs[r * C + c]! * probs[r * C + c]!;
          for (let c = 0; c < C; c++) gPred[r * C + c] = probs[r * C + c]! * (gProbs[r * C + c]! - dot);
        }
      }
      return new Tensor(predictions.shape, gPred);
    },
  };
}

/** optax's _reduce_loss over the last axis. */
function reduceLast(name: string, loss: Tensor, reduction: string | null): { value: Tensor; scale: number } {
  if (reduction === 'none') return { value: loss, scale: 1 };
  if (reduction !== 'mean' && reduction !== 'sum') throw new LossError(name, 'reduction', `Unsupported reduction: ${reduction}`);
  if (loss.ndim < 1) throw new LossError(name, 'reduction', 'axis -1 is out of bounds for array of dimension 0');
  const last = loss.shape[loss.ndim - 1]!;
  const { outShape, groupOf, groups } = groupBy(loss.shape, [loss.ndim - 1]);
  const out = new Float64Array(groups);
  for (let i = 0; i < loss.size; i++) out[groupOf[i]!]! += loss.data[i]!;
  const scale = reduction === 'mean' ? 1 / last : 1;
  return { value: new Tensor(outShape, out.map((v) => v * scale)), scale };
}

const PREDICTIONS = arg('predictions', true, 'Logits (or probabilities with apply_softmax=False), class axis last.');
const TARGETS = arg('targets', false, 'Targets (one-hot or soft), the shape of predictions.');
const SMOOTH = option('smooth', 'number', 1, 'Added to numerator and denominator.');

const dice = defineFrameworkLoss({
  name: 'optax.losses.dice_loss', framework: 'jax', kind: 'functional', lossId: 'dice_loss',
  args: [PREDICTIONS, TARGETS, arg('class_weights', false, 'Per-class weights (C,).', true)],
  options: [
    SMOOTH,
    option('alpha', 'number', 0.5, 'Weight of the false positives Σp(1 − t) (Tversky α).'),
    option('beta', 'number', 0.5, 'Weight of the false negatives Σ(1 − p)t (Tversky β).'),
    option('apply_softmax', 'boolean', true, 'Softmax over classes (sigmoid for one class) before the overlap.'),
    option('reduction', 'enum', 'mean', "Over the class axis: 'mean', 'sum' or 'none'.", { choices: ['mean', 'sum', 'none'] }),
    option('ignore_background', 'boolean', false, 'Drop class 0.'),
    option('axis', 'integer', null, 'Axes summed over; None means all but batch and class.'),
  ],
  differences: "Takes logits with the class axis last (softmax applied by default, sigmoid for one class); smooth = 1 in numerator and denominator; α weighs false positives and β false negatives (Tversky); per example, reduced over classes only ('mean').",
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const core = diceCore(name, args['predictions']!, args['targets']!, {
      classWeights: args['class_weights'], smooth: o.number('smooth'), alpha: o.number('alpha'), beta: o.number('beta'),
      applySoftmax: o.boolean('apply_softmax'), ignoreBackground: o.boolean('ignore_background'), axis: o.raw('axis'),
    });
    const { value, scale } = reduceLast(name, core.loss, o.string('reduction'));
    return { value, grad: wantGrad ? { predictions: core.backward(new Float64Array(core.loss.size).fill(scale)) } : {} };
  },
});

const binaryDice = defineFrameworkLoss({
  name: 'optax.losses.binary_dice_loss', framework: 'jax', kind: 'functional', lossId: 'dice_loss',
  args: [PREDICTIONS, TARGETS],
  options: [SMOOTH, option('apply_sigmoid', 'boolean', true, 'Sigmoid on the logits first.')],
  differences: 'dice_loss with one class: a trailing class axis is added when the last axis is not 1; sums over all but the batch axis; one loss per example (B,); apply_sigmoid=False accepts only predictions that are all 1.',
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    let p = args['predictions']!;
    let t = args['targets']!;
    if (p.ndim === t.ndim && p.shape[p.ndim - 1] !== 1) {
      p = p.reshape([...p.shape, 1]);
      t = t.reshape([...t.shape, 1]);
    }
    const core = diceCore(name, p, t, {
      classWeights: undefined, smooth: o.number('smooth'), alpha: 0.5, beta: 0.5,
      applySoftmax: o.boolean('apply_sigmoid'), ignoreBackground: false, axis: null,
    });
    const { value, scale } = reduceLast(name, core.loss, 'mean');
    const grad: Record<string, Tensor> = {};
    if (wantGrad) grad['predictions'] = core.backward(new Float64Array(core.loss.size).fill(scale)).reshape(args['predictions']!.shape);
    return { value, grad };
  },
});

const generalizedDice = defineFrameworkLoss({
  name: 'optax.losses.multiclass_generalized_dice_loss', framework: 'jax', kind: 'functional', lossId: 'generalized_dice_loss',
  args: [PREDICTIONS, TARGETS],
  options: [SMOOTH, option('apply_softmax', 'boolean', true, 'Softmax over classes first.'), option('ignore_background', 'boolean', false, 'Drop class 0.')],
  differences: 'Class weights 1/(f_c² + 1e-7) from the target volume f_c of each class, normalised to sum to C, applied to per-class Dice losses (not to the overlap sums as in Sudre et al.); the mean over batch and classes (a scalar).',
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const p = args['predictions']!;
    const t = args['targets']!;
    requireShapesEqual(name, p, t);
    if (t.ndim < 1) throw new LossError(name, 'targets', 'needs a class axis');
    const C = t.shape[t.ndim - 1]!;
    const f = new Float64Array(C);
    for (let i = 0; i < t.size; i++) f[i % C]! += t.data[i]!;
    const w = f.map((v) => 1 / (v * v + 1e-7));
    const wSum = w.reduce((a, b) => a + b, 0);
    const weights = new Tensor([C], w.map((v) => (v / wSum) * C));
    const core = diceCore(name, p, t, {
      classWeights: weights, smooth: o.number('smooth'), alpha: 0.5, beta: 0.5,
      applySoftmax: o.boolean('apply_softmax'), ignoreBackground: o.boolean('ignore_background'), axis: null,
    });
    const n = core.loss.size;
    const value = Tensor.scalar(core.loss.data.reduce((a, b) => a + b, 0) / n);
    return { value, grad: wantGrad ? { predictions: core.backward(new Float64Array(n).fill(1 / n)) } : {} };
  },
});

export const OPTAX_SEGMENTATION: readonly FrameworkLoss[] = [dice, binaryDice, generalizedDice];
