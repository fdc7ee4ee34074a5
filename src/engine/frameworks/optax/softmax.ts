/** optax.losses softmax cross-entropies: softmax_cross_entropy, safe_softmax_cross_entropy,
 *  softmax_cross_entropy_with_integer_labels, poly_loss_cross_entropy. The softmax runs over
 *  an axis or a list of axes, restricted to a `where` mask as jax.nn.log_softmax does. */
import { LossError } from '../../errors';
import type { OptionValue } from '../../catalog/types';
import { Tensor, formatShape } from '../../tensor';
import type { LossResult } from '../../catalog/types';
import { arg, defineFrameworkLoss, option } from '../define';
import type { FrameworkLoss } from '../types';
import { broadcastPair, canonicalAxes, groupBy, maskAt, readAt, requireFloating, requireInteger, sumTo } from './arrays';

/** Softmax over groups (masked elements: probability 0, log-probability −inf). */
interface GroupSoftmax {
  p: Float64Array;
  logp: Float64Array;
  groupOf: Int32Array;
  groups: number;
}

function groupSoftmax(x: Float64Array, shape: readonly number[], axes: number[], mask: Uint8Array | null): GroupSoftmax {
  const { groupOf, groups } = groupBy(shape, axes);
  const max = new Float64Array(groups).fill(-Infinity);
  for (let i = 0; i < x.length; i++) if (!mask || mask[i]) max[groupOf[i]!] = Math.max(max[groupOf[i]!]!, x[i]!);
  const sum = new Float64Array(groups);
  for (let i = 0; i < x.length; i++) if (!mask || mask[i]) sum[groupOf[i]!]! += Math.exp(x[i]! - max[groupOf[i]!]!);
  const p = new Float64Array(x.length);
  const logp = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const g = groupOf[i]!;
    if (mask && !mask[i]) {
      logp[i] = -Infinity;
      continue;
    }
    const shifted = x[i]! - max[g]!;
    logp[i] = shifted - Math.log(sum[g]!);
    p[i] = Math.exp(shifted) / sum[g]!;
  }
  return { p, logp, groupOf, groups };
}

/** Backward of log_softmax: g − p·Σ_group g (0 where masked). */
function logSoftmaxBackward(s: GroupSoftmax, g: Float64Array, mask: Uint8Array | null): Float64Array {
  const total = new Float64Array(s.groups);
  for (let i = 0; i < g.length; i++) if (!mask || mask[i]) total[s.groupOf[i]!]! += g[i]!;
  const out = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) if (!mask || mask[i]) out[i] = g[i]! - s.p[i]! * total[s.groupOf[i]!]!;
  return out;
}

/** Backward of softmax: p·(g − Σ_group g·p) (0 where masked). */
function softmaxBackward(s: GroupSoftmax, g: Float64Array, mask: Uint8Array | null): Float64Array {
  const dot = new Float64Array(s.groups);
  for (let i = 0; i < g.length; i++) if (!mask || mask[i]) dot[s.groupOf[i]!]! += g[i]! * s.p[i]!;
  const out = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) if (!mask || mask[i]) out[i] = s.p[i]! * (g[i]! - dot[s.groupOf[i]!]!);
  return out;
}

/** softmax_cross_entropy's `where`: a mask of lower rank gains the reduced axes (jnp.expand_dims). */
function expandWhere(name: string, where: Tensor | undefined, logitsNdim: number, axis: OptionValue | readonly OptionValue[]): Tensor | undefined {
  if (!where || where.ndim === logitsNdim) return where;
  if (axis === null) throw new LossError(name, 'where', 'expand_dims needs an axis');
  const list = Array.isArray(axis) ? axis : [axis];
  const outNdim = where.ndim + list.length;
  const positions = canonicalAxes(name, axis, outNdim);
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < outNdim; i++) shape.push(positions.includes(i) ? 1 : where.shape[k++]!);
  return where.reshape(shape);
}

const AXIS = option('axis', 'integer', -1, 'The class axis (or list of axes) the softmax runs over.');
const WHERE = arg('where', false, 'Which elements take part (int 0/1 mask).', true);
const LOGITS = arg('logits', true, 'Unnormalised log-probabilities.');

interface CrossEntropyParts {
  value: Tensor;
  /** Gradient with respect to logits of sum(value) scaled per output element by `upstream`. */
  backward(upstream: Float64Array): Tensor;
}

function softmaxCrossEntropy(name: string, logits: Tensor, labels: Tensor, axis: OptionValue | readonly OptionValue[], whereArg: Tensor | undefined): CrossEntropyParts {
  const where = expandWhere(name, whereArg, logits.ndim, axis);
  const maskX = maskAt(name, where, logits.shape);
  const sm = groupSoftmax(logits.data, logits.shape, canonicalAxes(name, axis, logits.ndim), maskX);
  const shape = broadcastPair(name, 'mul', labels.shape, logits.shape);
  const mask = maskAt(name, where, shape);
  const { outShape, groupOf, groups } = groupBy(shape, canonicalAxes(name, axis, shape.length));
  const l = readAt(labels, shape);
  const lp = readAt(new Tensor(logits.shape, sm.logp), shape);
  const out = new Float64Array(groups);
  for (let i = 0; i < l.length; i++) if (!mask || mask[i]) out[groupOf[i]!]! -= l[i]! * lp[i]!;
  return {
    value: new Tensor(outShape, out),
    backward(upstream) {
      const g = new Float64Array(l.length);
      for (let i = 0; i < l.length; i++) if (!mask || mask[i]) g[i] = -upstream[groupOf[i]!]! * l[i]!;
      return new Tensor(logits.shape, logSoftmaxBackward(sm, sumTo(g, shape, logits.shape).data, maskX));
    },
  };
}

const softmaxCe = defineFrameworkLoss({
  name: 'optax.losses.softmax_cross_entropy', framework: 'jax', kind: 'functional', lossId: 'cross_entropy',
  args: [LOGITS, arg('labels', false, 'Class probabilities (one-hot or soft), broadcast against logits.'), WHERE],
  options: [AXIS],
  differences: "Takes class probabilities (one-hot), not indices; per example (no reduction); the class axis is the last by default (PyTorch: dim 1) and may be a list of axes; no weight, ignore_index or label_smoothing.",
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const logits = args['logits']!;
    requireFloating(name, 'logits', logits);
    const ce = softmaxCrossEntropy(name, logits, args['labels']!, o.raw('axis'), args['where']);
    return { value: ce.value, grad: wantGrad ? { logits: ce.backward(new Float64Array(ce.value.size).fill(1)) } : {} };
  },
});

const safeSoftmaxCe = defineFrameworkLoss({
  name: 'optax.losses.safe_softmax_cross_entropy', framework: 'jax', kind: 'functional', lossId: 'cross_entropy',
  args: [LOGITS, arg('labels', false, 'Class probabilities over the last axis.')],
  options: [],
  differences: 'softmax_cross_entropy over the last axis in which a term whose label is 0 is exactly 0, so −inf logits for impossible classes give a finite loss and gradient.',
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const logits = args['logits']!;
    const labels = args['labels']!;
    requireFloating(name, 'logits', logits);
    if (logits.ndim < 1) throw new LossError(name, 'logits', 'needs a class axis');
    const sm = groupSoftmax(logits.data, logits.shape, [logits.ndim - 1], null);
    const shape = broadcastPair(name, 'mul', labels.shape, logits.shape);
    const { outShape, groupOf, groups } = groupBy(shape, [shape.length - 1]);
    const w = readAt(labels, shape);
    const lp = readAt(new Tensor(logits.shape, sm.logp), shape);
    const p = readAt(new Tensor(logits.shape, sm.p), shape);
    const out = new Float64Array(groups);
    const wSum = new Float64Array(groups);
    for (let i = 0; i < w.length; i++) {
      if (w[i] !== 0) out[groupOf[i]!]! -= w[i]! * lp[i]!;
      wSum[groupOf[i]!]! += w[i]!;
    }
    const grad: Record<string, Tensor> = {};
    if (wantGrad) {
      // optax's custom JVP of weighted_logsoftmax: d/dx = −w + softmax·Σw.
      const g = new Float64Array(w.length);
      for (let i = 0; i < w.length; i++) g[i] = -w[i]! + p[i]! * wSum[groupOf[i]!]!;
      grad['logits'] = sumTo(g, shape, logits.shape);
    }
    return { value: new Tensor(outShape, out), grad };
  },
});

const integerLabels = defineFrameworkLoss({
  name: 'optax.losses.softmax_cross_entropy_with_integer_labels', framework: 'jax', kind: 'functional', lossId: 'cross_entropy',
  args: [LOGITS, arg('labels', false, 'Integer class indices, the shape of logits without the class axis.'), WHERE],
  options: [AXIS],
  differences: "Integer labels like PyTorch's class indices, but per example (no reduction), the class axis last by default (a list of axes is flattened into one class axis), no ignore_index (an index out of range gives NaN, a negative one counts from the end), and rows whose `where` is all false give 0.",
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const logits = args['logits']!;
    const labels = args['labels']!;
    requireFloating(name, 'logits', logits);
    requireInteger(name, 'labels', labels);
    const axisOpt = o.raw('axis');
    if (axisOpt === null) throw new LossError(name, 'axis', "must be of type 'int' or 'tuple[int, ...]'");
    const where = expandWhere(name, args['where'], logits.ndim, axisOpt);
    const classAxes = canonicalAxes(name, axisOpt, logits.ndim);
    const batchAxes = logits.shape.map((_, i) => i).filter((i) => !classAxes.includes(i));
    const batchShape = batchAxes.map((i) => logits.shape[i]!);
    const C = classAxes.reduce((n, i) => n * logits.shape[i]!, 1);
    // Flat index in logits of (batch row b, class c), classes in the order the axes were given.
    const strides = new Array<number>(logits.ndim).fill(1);
    for (let i = logits.ndim - 2; i >= 0; i--) strides[i] = strides[i + 1]! * logits.shape[i + 1]!;
    const offset = (axes: number[], flat: number): number => {
      let off = 0;
      for (let k = axes.length - 1; k >= 0; k--) {
        const d = logits.shape[axes[k]!]!;
        off += (flat % d) * strides[axes[k]!]!;
        flat = Math.floor(flat / d);
      }
      return off;
    };
    const B = batchShape.reduce((n, d) => n * d, 1);
    const outShape = broadcastPair(name, 'take_along_axis', batchShape, labels.shape);
    if (outShape.length !== batchShape.length || outShape.some((d, i) => d !== batchShape[i])) {
      throw new LossError(name, 'labels', `shape ${formatShape(labels.shape)} does not match the batch shape ${formatShape(batchShape)}`);
    }
    const lab = readAt(labels, batchShape);
    const mask = maskAt(name, where, logits.shape);
    const value = new Float64Array(B);
    const grad = wantGrad ? new Float64Array(logits.size) : null;
    const idx = new Int32Array(C);
    for (let b = 0; b < B; b++) {
      const base = offset(batchAxes, b);
      let m = -Infinity;
      let any = false;
      for (let c = 0; c < C; c++) {
        idx[c] = base + offset(classAxes, c);
        if (!mask || mask[idx[c]!]) {
          any = true;
          m = Math.max(m, logits.data[idx[c]!]!);
        }
      }
      if (!any) continue; // jnp.where(any(where), out, 0)
      const shift = Number.isFinite(m) ? m : 0;
      let s = 0;
      for (let c = 0; c < C; c++) if (!mask || mask[idx[c]!]) s += Math.exp(logits.data[idx[c]!]! - shift);
      const lse = Math.log(s) + shift;
      let y = lab[b]!;
      if (y < 0) y += C;
      const inRange = y >= 0 && y < C;
      value[b] = lse - (inRange ? logits.data[idx[y]!]! : NaN);
      if (grad) {
        for (let c = 0; c < C; c++) if (!mask || mask[idx[c]!]) grad[idx[c]!] = Math.exp(logits.data[idx[c]!]! - lse);
        if (inRange) grad[idx[y]!]! -= 1;
      }
    }
    return { value: new Tensor(batchShape, value), grad: grad ? { logits: new Tensor(logits.shape, grad) } : {} };
  },
});

const polyLoss = defineFrameworkLoss({
  name: 'optax.losses.poly_loss_cross_entropy', framework: 'jax', kind: 'functional', lossId: 'poly1_cross_entropy',
  args: [LOGITS, arg('labels', false, 'Class probabilities (one-hot), floating.'), WHERE],
  options: [option('epsilon', 'number', 2, 'Weight of the first polynomial term Σ labels·(1 − p).'), AXIS],
  differences: "optax's default ε is 2.0 (the paper's ImageNet value; the paper's general recommendation is 1); labels must be floating (one-hot), per example, no reduction.",
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const logits = args['logits']!;
    const labels = args['labels']!;
    requireFloating(name, 'logits', logits);
    requireFloating(name, 'labels', labels);
    const axis = o.raw('axis');
    const eps = o.number('epsilon');
    const maskX = maskAt(name, args['where'], logits.shape);
    const sm = groupSoftmax(logits.data, logits.shape, canonicalAxes(name, axis, logits.ndim), maskX);
    const shape = broadcastPair(name, 'mul', labels.shape, logits.shape);
    const mask = maskAt(name, args['where'], shape);
    const { groupOf } = groupBy(shape, canonicalAxes(name, axis, shape.length));
    const l = readAt(labels, shape);
    const p = readAt(new Tensor(logits.shape, sm.p), shape);
    const ce = softmaxCrossEntropy(name, logits, labels, axis, args['where']);
    const value = Float64Array.from(ce.value.data);
    for (let i = 0; i < l.length; i++) if (!mask || mask[i]) value[groupOf[i]!]! += eps * l[i]! * (1 - p[i]!);
    const grad: Record<string, Tensor> = {};
    if (wantGrad) {
      const gp = new Float64Array(l.length);
      for (let i = 0; i < l.length; i++) if (!mask || mask[i]) gp[i] = -eps * l[i]!;
      const fromPoly = softmaxBackward(sm, sumTo(gp, shape, logits.shape).data, maskX);
      const fromCe = ce.backward(new Float64Array(value.length).fill(1)).data;
      grad['logits'] = new Tensor(logits.shape, fromCe.map((v, i) => v + fromPoly[i]!));
    }
    return { value: new Tensor(ce.value.shape, value), grad };
  },
});

export const OPTAX_SOFTMAX: readonly FrameworkLoss[] = [softmaxCe, safeSoftmaxCe, integerLabels, polyLoss];
