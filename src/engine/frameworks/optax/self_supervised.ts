/** optax.losses.ntxent and optax.losses.triplet_margin_loss. */
import { LossError } from '../../errors';
import { Tensor, formatShape } from '../../tensor';
import type { LossResult } from '../../catalog/types';
import { arg, defineFrameworkLoss, option } from '../define';
import type { FrameworkLoss } from '../types';
import { gram, gramBackward, unitRows } from '../gram';
import { fastExp } from '../../kernels/fast_exp';
import { scratch } from '../../kernels/scratch';
import { broadcastPair, canonicalAxes, groupBy, maxSlope, readAt, requireFloating, sumTo } from './arrays';

const F64_EPS = 2.220446049250313e-16;

const ntxent = defineFrameworkLoss({
  name: 'optax.losses.ntxent', framework: 'jax', kind: 'functional', lossId: 'ntxent_loss',
  args: [arg('embeddings', true, 'Embeddings (N, D).'), arg('labels', false, 'Labels (N,); equal labels are positive pairs.')],
  options: [option('temperature', 'number', 0.07, 'Softmax temperature τ on the cosine similarities.')],
  differences: 'Labels define the positives (every ordered pair i ≠ j with the same label), as in PML\'s NTXentLoss; each positive competes only with the anchor\'s negatives; the mean over positive pairs (NaN without any); squared norms clipped below at float64 eps.',
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const e = args['embeddings']!;
    const labels = args['labels']!;
    requireFloating(name, 'embeddings', e);
    if (e.ndim !== 2) throw new LossError(name, 'embeddings', `expected (N, D), got ${formatShape(e.shape)}`);
    if (labels.ndim < 1 || labels.shape[0] !== e.shape[0]) {
      throw new LossError(name, 'labels', `Labels and embeddings must have the same leading dimension, found ${labels.shape[0] ?? 'none'} for labels and ${e.shape[0]} for embeddings.`);
    }
    const tau = o.number('temperature');
    const [N, D] = e.shape as [number, number];
    const rows = unitRows(e.data, N, D, (sq) => ({ norm: Math.sqrt(Math.max(sq, F64_EPS)), slope: maxSlope(sq, F64_EPS) }));
    // s = cos/τ in place, and G, are work arrays: N×N of fresh memory per call costs more than the loop.
    const s = gram(rows.unit, N, D);
    for (let k = 0; k < N * N; k++) s[k] = s[k]! / tau;
    const lab = labels.data;
    const G = scratch('ntxent.G', N * N).fill(0);
    // e^{s_in − m} of row i, each exponential taken once and read by every positive of the row.
    const ex = new Float64Array(N);
    let total = 0;
    let pairs = 0;
    for (let i = 0; i < N; i++) {
      const row = i * N;
      let m = -Infinity;
      for (let j = 0; j < N; j++) if (j !== i) m = Math.max(m, s[row + j]!);
      let negSum = 0;
      for (let n = 0; n < N; n++) {
        ex[n] = fastExp(s[row + n]! - m);
        if (lab[n] !== lab[i]) negSum += ex[n]!;
      }
      // Each positive j has its own denominator; negative n gets e^{s_in − m}·Σ_j 1/den_j.
      let inverseDens = 0;
      for (let j = 0; j < N; j++) {
        if (j === i || lab[j] !== lab[i]) continue;
        pairs++;
        const num = ex[j]!;
        const den = negSum + num;
        total -= s[row + j]! - m - Math.log(den);
        // d(−log_softm)/ds_ij = num/den − 1; d/ds_in = e^{s_in − m}/den.
        G[row + j] = num / den - 1;
        inverseDens += 1 / den;
      }
      if (inverseDens !== 0) for (let n = 0; n < N; n++) if (lab[n] !== lab[i]) G[row + n] = ex[n]! * inverseDens;
    }
    const value = Tensor.scalar(total / pairs);
    if (!wantGrad) return { value, grad: {} };
    // Without positive pairs the value is 0/0 = NaN but JAX's select passes no gradient.
    if (pairs === 0) return { value, grad: { embeddings: Tensor.zeros(e.shape) } };
    for (let k = 0; k < G.length; k++) G[k] = G[k]! / (pairs * tau);
    const gE = rows.backward(gramBackward(G, rows.unit, N, D));
    return { value, grad: { embeddings: new Tensor(e.shape, gE) } };
  },
});

/** Per pair of broadcast operands: d = (Σ_axis (x − y)^deg + eps)^(1/deg), signed differences. */
function distance(name: string, x: Tensor, y: Tensor, axis: ReturnType<import('../define').FrameworkOptions['raw']>, deg: number, eps: number) {
  const shape = broadcastPair(name, 'sub', x.shape, y.shape);
  const { outShape, groupOf, groups } = groupBy(shape, canonicalAxes(name, axis, shape.length));
  const xs = readAt(x, shape);
  const ys = readAt(y, shape);
  const diff = xs.map((v, i) => v - ys[i]!);
  const sum = new Float64Array(groups);
  for (let i = 0; i < diff.length; i++) sum[groupOf[i]!]! += Math.pow(diff[i]!, deg);
  const d = sum.map((v) => Math.pow(v + eps, 1 / deg));
  return {
    d: new Tensor(outShape, d),
    /** Gradients for x and y given the cotangent of d. */
    backward(gd: Float64Array): [Tensor, Tensor] {
      const g = new Float64Array(diff.length);
      for (let i = 0; i < diff.length; i++) {
        const k = groupOf[i]!;
        // No skipping of zero cotangents: JAX propagates 0·NaN = NaN from a NaN distance.
        g[i] = gd[k]! * Math.pow(sum[k]! + eps, 1 / deg - 1) * (deg === 1 ? 1 : deg === 2 ? diff[i]! : Math.pow(diff[i]!, deg - 1));
      }
      return [sumTo(g, shape, x.shape), sumTo(g.map((v) => -v), shape, y.shape)];
    },
  };
}

const triplet = defineFrameworkLoss({
  name: 'optax.losses.triplet_margin_loss', framework: 'jax', kind: 'functional', lossId: 'triplet_margin_loss',
  args: [
    arg('anchors', true, 'Anchor embeddings.'),
    arg('positives', true, 'Embeddings of the same class.'),
    arg('negatives', true, 'Embeddings of another class.'),
  ],
  options: [
    option('axis', 'integer', -1, 'The axis holding the embedding dimensions.'),
    option('norm_degree', 'number', 2, 'The p of the distance.'),
    option('margin', 'number', 1, 'The margin between positive and negative distances.'),
    option('eps', 'number', 1e-6, 'Added to the sum of powered differences before the root.'),
  ],
  differences: "d(x, y) = (Σ (x − y)^p + eps)^(1/p) with eps added once inside the root and no absolute value (odd p sums signed differences; PyTorch adds eps to each difference and takes |·|); per triplet, no reduction; no swap.",
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const a = args['anchors']!;
    const p = args['positives']!;
    const n = args['negatives']!;
    requireFloating(name, 'anchors', a);
    requireFloating(name, 'positives', p);
    requireFloating(name, 'negatives', n);
    const axis = o.raw('axis');
    const deg = o.number('norm_degree');
    const eps = o.number('eps');
    const margin = o.number('margin');
    const ap = distance(name, a, p, axis, deg, eps);
    const an = distance(name, a, n, axis, deg, eps);
    const shape = broadcastPair(name, 'sub', ap.d.shape, an.d.shape);
    const dp = readAt(ap.d, shape);
    const dn = readAt(an.d, shape);
    const z = dp.map((v, i) => v - dn[i]! + margin);
    const value = new Tensor(shape, z.map((v) => Math.max(v, 0)));
    if (!wantGrad) return { value, grad: {} };
    const gz = z.map((v) => maxSlope(v, 0));
    const [gaP, gp] = ap.backward(sumTo(gz, shape, ap.d.shape).data);
    const [gaN, gn] = an.backward(sumTo(gz.map((v) => -v), shape, an.d.shape).data);
    return {
      value,
      grad: { anchors: new Tensor(a.shape, gaP.data.map((v, i) => v + gaN.data[i]!)), positives: gp, negatives: gn },
    };
  },
});

export const OPTAX_SELF_SUPERVISED: readonly FrameworkLoss[] = [ntxent, triplet];
