/** optax.losses classification spellings with elementwise or per-row math: sigmoid binary
 *  cross-entropy, sigmoid focal, hinge, perceptron, sparsemax, and the multiclass hinge,
 *  perceptron and sparsemax losses. */
import { LossError } from '../../errors';
import type { LossResult } from '../../catalog/types';
import { Tensor, formatShape } from '../../tensor';
import { logSigmoid, sigmoid } from '../../losses/common';
import { sparsemaxProjection } from '../../losses/sparsemax';
import { arg, defineFrameworkLoss, option } from '../define';
import type { FrameworkLoss } from '../types';
import { broadcastPair, readAt, requireFloating, sumTo } from './arrays';
import { elementwise } from './elementwise';
import { hingeLike } from './regression';

const LOGITS = arg('logits', true, 'Logits, one per element.');
const BINARY_LABELS = arg('labels', false, 'Binary labels (0 or 1, probabilities allowed), broadcast against logits.');

const sigmoidBce = defineFrameworkLoss({
  name: 'optax.losses.sigmoid_binary_cross_entropy', framework: 'jax', kind: 'functional', lossId: 'binary_cross_entropy_with_logits',
  args: [LOGITS, BINARY_LABELS],
  options: [],
  differences: "Elementwise (no reduction, PyTorch's reduction='none'); labels broadcast against logits and are cast to the logits' dtype; no weight or pos_weight.",
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const x = args['logits']!;
    requireFloating(name, 'logits', x);
    return elementwise(name, 'logits', x, args['labels']!, (z, y) => [-y * logSigmoid(z) - (1 - y) * logSigmoid(-z), sigmoid(z) - y], wantGrad);
  },
});

/** log((1 − y)·e^a + y·e^b) as jax.scipy.special.logsumexp with weights b (NaN if negative),
 *  and its derivatives with respect to a and b. */
function weightedLogSumExp(a: number, wa: number, b: number, wb: number): readonly [number, number, number] {
  const ea = wa !== 0 ? a : -Infinity;
  const eb = wb !== 0 ? b : -Infinity;
  let m = Math.max(ea, eb);
  if (!Number.isFinite(m)) m = 0;
  const ta = wa !== 0 ? wa * Math.exp(a - m) : 0;
  const tb = wb !== 0 ? wb * Math.exp(b - m) : 0;
  const s = ta + tb;
  const out = s < 0 ? NaN : Math.log(Math.abs(s)) + m;
  return [out, ta / s, tb / s];
}

const sigmoidFocal = defineFrameworkLoss({
  name: 'optax.losses.sigmoid_focal_loss', framework: 'jax', kind: 'functional', lossId: 'sigmoid_focal_loss',
  args: [LOGITS, BINARY_LABELS],
  options: [
    option('alpha', 'number', null, 'Weight of the positive class; None (the default) applies no class weighting.'),
    option('gamma', 'number', 2, 'Focusing exponent on (1 − p_t).'),
  ],
  differences: "alpha defaults to None (no α weighting) where torchvision's default is 0.25; elementwise (no reduction); (1 − p_t)^γ is computed in log space as exp(γ·logsumexp([log σ(x), log σ(−x)], b=[1 − y, y])).",
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const x = args['logits']!;
    requireFloating(name, 'logits', x);
    const alpha = o.optionalNumber('alpha');
    const gamma = o.number('gamma');
    return elementwise(name, 'logits', x, args['labels']!, (z, y) => {
      const lp = logSigmoid(z);
      const lq = logSigmoid(-z);
      const ce = -y * lp - (1 - y) * lq;
      const [logOneMinusPt, da, db] = weightedLogSumExp(lp, 1 - y, lq, y);
      const weight = Math.exp(gamma * logOneMinusPt);
      const sz = sigmoid(z);
      const dLog = da * (1 - sz) - db * sz;
      const at = alpha === null ? 1 : alpha * y + (1 - alpha) * (1 - y);
      const dWeight = gamma === 0 ? 0 : weight * gamma * dLog;
      return [at * ce * weight, at * ((sz - y) * weight + ce * dWeight)];
    }, wantGrad);
  },
});

const sparsemax = defineFrameworkLoss({
  name: 'optax.losses.sparsemax_loss', framework: 'jax', kind: 'functional', lossId: 'sparsemax_loss',
  args: [LOGITS, arg('labels', false, 'Binary labels; nonzero means positive.')],
  options: [],
  differences: 'Elementwise binary sparsemax loss sparse_plus(labels ? −logits : logits) with sparse_plus(x) = 0 (x ≤ −1), (x + 1)²/4 (|x| < 1), x (x ≥ 1); no reduction.',
  run(args, _o, wantGrad): LossResult {
    return elementwise('optax.losses.sparsemax_loss', 'logits', args['logits']!, args['labels']!, (z, y) => {
      const s = y !== 0 ? -1 : 1;
      const v = s * z;
      if (v <= -1) return [0, 0];
      if (v >= 1) return [v, s];
      return [((v + 1) * (v + 1)) / 4, (s * (v + 1)) / 2];
    }, wantGrad);
  },
});

/** Rows of `scores` (last axis K) against labels broadcast to the batch shape; `row` returns a
 *  row's value and writes its gradient. */
function perRow(
  name: string,
  scores: Tensor,
  labels: Tensor,
  row: (s: Float64Array, label: number, grad: Float64Array | null) => number,
  wantGrad: boolean,
): LossResult {
  if (scores.ndim < 1) throw new LossError(name, 'scores', 'needs at least one axis (the classes)');
  const K = scores.shape[scores.ndim - 1]!;
  const shape = broadcastPair(name, 'add', scores.shape, [...labels.shape, K]);
  const batchShape = shape.slice(0, -1);
  const s = readAt(scores, shape);
  const l = readAt(labels, batchShape);
  const values = new Float64Array(l.length);
  const grad = wantGrad ? new Float64Array(s.length) : null;
  for (let r = 0; r < l.length; r++) {
    const rowScores = s.subarray(r * K, (r + 1) * K);
    values[r] = row(rowScores, l[r]!, grad ? grad.subarray(r * K, (r + 1) * K) : null);
  }
  return { value: new Tensor(batchShape, values), grad: grad ? { scores: sumTo(grad, shape, scores.shape) } : {} };
}

/** max_k(s_k + margin·[k ≠ y]) − s_y, the max's gradient shared among ties (JAX). `label`
 *  outside 0..K−1 gives an all-zero one-hot row, as jax.nn.one_hot does. */
function multiclassMargin(name: string, lossId: string, margin: number, differences: string): FrameworkLoss {
  return defineFrameworkLoss({
    name, framework: 'jax', kind: 'functional', lossId,
    args: [arg('scores', true, 'Scores (…, K).'), arg('labels', false, 'Class indices, the shape of scores without the last axis.')],
    options: [],
    differences,
    run(args, _o, wantGrad): LossResult {
      return perRow(name, args['scores']!, args['labels']!, (s, y, g) => {
        const K = s.length;
        // hinge: s_k + 1 − onehot_k, as optax adds them; perceptron: s_k.
        const shifted = new Float64Array(K);
        let m = -Infinity;
        for (let k = 0; k < K; k++) {
          shifted[k] = margin === 0 ? s[k]! : s[k]! + margin - (k === y ? 1 : 0);
          if (shifted[k]! > m) m = shifted[k]!;
        }
        let ties = 0;
        for (let k = 0; k < K; k++) if (shifted[k] === m) ties++;
        const sy = y >= 0 && y < K && Number.isInteger(y) ? s[y]! : 0;
        if (g) {
          for (let k = 0; k < K; k++) g[k] = (shifted[k] === m ? 1 / ties : 0) - (k === y ? 1 : 0);
        }
        return m - sy;
      }, wantGrad);
    },
  });
}

const multiclassSparsemax = defineFrameworkLoss({
  name: 'optax.losses.multiclass_sparsemax_loss', framework: 'jax', kind: 'functional', lossId: 'multiclass_sparsemax_loss',
  args: [arg('scores', true, 'Scores (N, K).'), arg('labels', false, 'Class indices (N,).')],
  options: [],
  differences: 'Per row (no reduction) of (N, K) scores and (N,) integer labels; p = sparsemax(scores), loss = Σ_{p>0} p·(s − s_y) + ½(1 − ‖p‖²); its gradient is p − onehot(y).',
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const scores = args['scores']!;
    const labels = args['labels']!;
    if (scores.ndim !== 2) throw new LossError(name, 'scores', `expected (N, K) scores, got ${formatShape(scores.shape)}`);
    if (labels.ndim !== 1 || labels.shape[0] !== scores.shape[0]) {
      throw new LossError(name, 'labels', `vmap got inconsistent sizes: scores ${formatShape(scores.shape)}, labels ${formatShape(labels.shape)}`);
    }
    const [N, K] = scores.shape as [number, number];
    const values = new Float64Array(N);
    const grad = wantGrad ? new Float64Array(N * K) : null;
    for (let r = 0; r < N; r++) {
      const s = scores.data.subarray(r * K, (r + 1) * K);
      const raw = labels.data[r]!;
      const wrapped = raw < 0 ? raw + K : raw;
      const read = Math.min(Math.max(wrapped, 0), K - 1); // JAX clamps out-of-bounds reads
      const set = wrapped >= 0 && wrapped < K ? wrapped : -1; // and drops out-of-bounds writes
      const p = sparsemaxProjection(s);
      const sy = s[read]!;
      let v = 0;
      let pp = 0;
      for (let k = 0; k < K; k++) {
        const sk = k === set ? 0 : s[k]! - sy;
        if (p[k] !== 0) v += p[k]! * sk;
        pp += p[k]! * p[k]!;
      }
      values[r] = v + 0.5 * (1 - pp);
      if (grad) {
        const g = grad.subarray(r * K, (r + 1) * K);
        // Through the projection (its custom JVP keeps the support): v_k = [p_k > 0]·s'_k − p_k, centred on the support.
        const vk = new Float64Array(K);
        let sum = 0;
        let card = 0;
        for (let k = 0; k < K; k++) {
          const sk = k === set ? 0 : s[k]! - sy;
          vk[k] = (p[k]! !== 0 ? sk : 0) - p[k]!;
          if (p[k]! > 0) {
            sum += vk[k]!;
            card++;
          }
        }
        for (let k = 0; k < K; k++) g[k] = p[k]! > 0 ? vk[k]! - sum / card : 0;
        // Through s' = s − s_read (with s'_set = 0).
        for (let k = 0; k < K; k++) {
          if (k === set || p[k] === 0) continue;
          g[k]! += p[k]!;
          g[read]! -= p[k]!;
        }
      }
    }
    return { value: new Tensor([N], values), grad: grad ? { scores: new Tensor([N, K], grad) } : {} };
  },
});

export const OPTAX_CLASSIFICATION: readonly FrameworkLoss[] = [
  sigmoidBce,
  sigmoidFocal,
  hingeLike('optax.losses.hinge_loss', 'hinge_loss', 1, false,
    'Elementwise max(0, 1 − predictor_outputs·targets) with ±1 targets (no reduction, no 0/1 conversion); targets broadcast.'),
  hingeLike('optax.losses.perceptron_loss', 'perceptron_loss', 0, true,
    'Elementwise max(0, −predictor_outputs·targets) with ±1 targets, no reduction; shapes must be equal.'),
  sparsemax,
  multiclassMargin('optax.losses.multiclass_hinge_loss', 'multi_margin_loss', 1,
    "Crammer–Singer form max_k(s_k + 1 − [k = y]) − s_y per row (the largest violation only, not PyTorch's sum over classes divided by C); no reduction; labels out of range give a zero one-hot row."),
  multiclassMargin('optax.losses.multiclass_perceptron_loss', 'multiclass_perceptron_loss', 0,
    'max_k s_k − s_y per row, no reduction; the max shares its gradient among ties.'),
  multiclassSparsemax,
];
