/** pytorch_metric_learning.losses classes (2.9) with PML's default distance, reducer and
 *  all-pairs/all-triplets mining. */
import { LossError } from '../../errors';
import { softplus, sigmoid } from '../../losses/common';
import { arg, defineFrameworkLoss, option, type FrameworkOptions } from '../define';
import type { FrameworkLoss } from '../types';
import type { LossResult } from '../../catalog/types';
import { TINY, avgNonZero, cosineBackward, cosineMatrix, distanceBackward, distanceMatrix, readBatch, scalarResult, type Batch } from './embeddings';
import { arcFace } from './arcface';
import { expNonPositive } from '../../kernels/fast_exp';
import { scratch } from '../../kernels/scratch';

const EMBEDDINGS = arg('embeddings', true, 'Embeddings (N, D); L2-normalised inside.');
const LABELS = arg('labels', false, 'Class labels (N,).');

function pmlLoss(
  cls: string,
  lossId: string,
  options: FrameworkLoss['options'],
  differences: string,
  body: (b: Batch, o: FrameworkOptions, wantGrad: boolean, shape: readonly number[]) => LossResult,
): FrameworkLoss {
  const name = `pytorch_metric_learning.losses.${cls}`;
  return defineFrameworkLoss({
    name, framework: 'pytorch-metric-learning', kind: 'module', lossId,
    args: [EMBEDDINGS, LABELS],
    options,
    differences,
    run(args, o, wantGrad): LossResult {
      const e = args['embeddings']!;
      return body(readBatch(name, e, args['labels']!), o, wantGrad, e.shape);
    },
  });
}

const same = (b: Batch, i: number, j: number) => b.labels[i] === b.labels[j];

/** GenericPairLoss returns 0 when there are no positive or negative pairs at all (N ≤ 1). */
function pairCounts(b: Batch): { pos: number; neg: number } {
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < b.N; i++) for (let j = 0; j < b.N; j++) if (i !== j) (same(b, i, j) ? pos++ : neg++);
  return { pos, neg };
}

const ntxent = pmlLoss('NTXentLoss', 'ntxent_loss', [option('temperature', 'number', 0.07, 'Softmax temperature τ.')],
  'Each positive pair competes with its anchor\'s negatives only (not with the other positives); −log(p + tiny); mean over positive pairs; 0 without positive or negative pairs.',
  (b, o, wantGrad, shape) => {
    const tau = o.number('temperature');
    const { N } = b;
    const { pos, neg } = pairCounts(b);
    if (pos === 0 || neg === 0 || (pos <= 1 && neg <= 1)) return scalarResult(0, wantGrad ? new Float64Array(shape[0]! * shape[1]!) : null, shape);
    const s = cosineMatrix(b);
    const G = new Float64Array(N * N);
    let total = 0;
    for (let a = 0; a < N; a++) {
      for (let p = 0; p < N; p++) {
        if (p === a || !same(b, a, p)) continue;
        const sp = s[a * N + p]! / tau;
        let m = sp;
        for (let n = 0; n < N; n++) if (!same(b, a, n)) m = Math.max(m, s[a * N + n]! / tau);
        const num = Math.exp(sp - m);
        let den = num;
        for (let n = 0; n < N; n++) if (!same(b, a, n)) den += Math.exp(s[a * N + n]! / tau - m);
        const r = num / den;
        total -= Math.log(r + TINY);
        const k = r / (r + TINY) / (pos * tau);
        G[a * N + p]! -= k * (1 - r);
        for (let n = 0; n < N; n++) if (!same(b, a, n)) G[a * N + n]! += (k * Math.exp(s[a * N + n]! / tau - m)) / den;
      }
    }
    return scalarResult(total / pos, wantGrad ? cosineBackward(b, G) : null, shape);
  });

const contrastive = pmlLoss('ContrastiveLoss', 'contrastive_loss',
  [option('pos_margin', 'number', 0, 'Positive pairs are penalised beyond this distance.'), option('neg_margin', 'number', 1, 'Negative pairs are penalised within this distance.')],
  'Euclidean distance of L2-normalised embeddings, not squared; relu(d − pos_margin) and relu(neg_margin − d), each averaged over its non-zero pairs, then added.',
  (b, o, wantGrad, shape) => {
    const pm = o.number('pos_margin');
    const nm = o.number('neg_margin');
    const { N } = b;
    const { pos, neg } = pairCounts(b);
    const G = new Float64Array(N * N);
    if (pos <= 1 && neg <= 1) return scalarResult(0, wantGrad ? distanceBackward(b, new Float64Array(N * N), G) : null, shape);
    const d = distanceMatrix(b);
    let value = 0;
    for (const positive of [true, false]) {
      const idx: number[] = [];
      const losses: number[] = [];
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) {
          if (i === j || same(b, i, j) !== positive) continue;
          idx.push(i * N + j);
          losses.push(Math.max(0, positive ? d[i * N + j]! - pm : nm - d[i * N + j]!));
        }
      }
      const r = avgNonZero(Float64Array.from(losses));
      value += r.value;
      idx.forEach((k, t) => (G[k]! += (positive ? 1 : -1) * r.weight[t]!));
    }
    return scalarResult(value, wantGrad ? distanceBackward(b, d, G) : null, shape);
  });

const triplet = pmlLoss('TripletMarginLoss', 'triplet_margin_loss',
  [
    option('margin', 'number', 0.05, 'Required gap between d(a, n) and d(a, p).'),
    option('swap', 'boolean', false, 'Use min(d(a, n), d(p, n)) as the negative distance.'),
    option('smooth_loss', 'boolean', false, 'softplus instead of relu.'),
    option('triplets_per_anchor', 'enum', 'all', "Only 'all' (random sampling is not reproducible).", { choices: ['all'] }),
  ],
  "Every (anchor, positive, negative) triplet of the batch from the labels, Euclidean distances of L2-normalised embeddings, margin 0.05 (PyTorch: 1.0), the mean over triplets with a non-zero loss.",
  (b, o, wantGrad, shape) => {
    const margin = o.number('margin');
    const swap = o.boolean('swap');
    const smooth = o.boolean('smooth_loss');
    if (o.raw('triplets_per_anchor') !== 'all') throw new LossError('pytorch_metric_learning.losses.TripletMarginLoss', 'triplets_per_anchor', "only 'all' is supported (a number samples triplets at random)");
    const { N } = b;
    const d = distanceMatrix(b);
    const trip: [number, number, number, number][] = []; // anchor, positive, negative, violation
    const losses: number[] = [];
    const slots: [number, number][] = [];
    for (let a = 0; a < N; a++) {
      for (let p = 0; p < N; p++) {
        if (p === a || !same(b, a, p)) continue;
        for (let n = 0; n < N; n++) {
          if (same(b, a, n)) continue;
          const an = d[a * N + n]!;
          const pn = d[p * N + n]!;
          // torch.min of the two negative distances; a tie splits the gradient.
          const [dan, wa, wp] = !swap ? [an, 1, 0] : an < pn ? [an, 1, 0] : an > pn ? [pn, 0, 1] : [an, 0.5, 0.5];
          const v = d[a * N + p]! - dan + margin;
          trip.push([a, p, n, v]);
          slots.push([wa, wp]);
          losses.push(smooth ? softplus(v) : Math.max(0, v));
        }
      }
    }
    if (trip.length === 0) return scalarResult(0, wantGrad ? new Float64Array(N * shape[1]!) : null, shape);
    const r = avgNonZero(Float64Array.from(losses));
    const G = new Float64Array(N * N);
    trip.forEach(([a, p, n, v], t) => {
      const dl = smooth ? sigmoid(v) : v > 0 ? 1 : 0;
      const g = r.weight[t]! * dl;
      if (g === 0) return;
      const [wa, wp] = slots[t]!;
      G[a * N + p]! += g;
      G[a * N + n]! -= g * wa;
      G[p * N + n]! -= g * wp;
    });
    return scalarResult(r.value, wantGrad ? distanceBackward(b, d, G) : null, shape);
  });

/** log(1 + Σ_k e^{x_k}) (PML's logsumexp with add_one) and the weights e^{x_k}/(1 + Σ). */
function logOnePlusSumExp(xs: number[]): { value: number; weights: number[] } {
  const m = Math.max(0, ...xs);
  let s = Math.exp(-m);
  for (const x of xs) s += Math.exp(x - m);
  return { value: Math.log(s) + m, weights: xs.map((x) => Math.exp(x - m) / s) };
}

const multiSimilarity = pmlLoss('MultiSimilarityLoss', 'multi_similarity_loss',
  [option('alpha', 'number', 2, 'Scale of the positive terms.'), option('beta', 'number', 50, 'Scale of the negative terms.'), option('base', 'number', 0.5, 'Similarity offset λ.')],
  'All positive and negative pairs of each row weighted by the soft-max form of Wang et al. (no pair mining); cosine similarity; the mean over every row (rows without pairs count as 0).',
  (b, o, wantGrad, shape) => {
    const alpha = o.number('alpha');
    const beta = o.number('beta');
    const base = o.number('base');
    const { N } = b;
    const { pos, neg } = pairCounts(b);
    if (pos <= 1 && neg <= 1) return scalarResult(0, wantGrad ? new Float64Array(N * shape[1]!) : null, shape);
    const s = cosineMatrix(b);
    const G = new Float64Array(N * N);
    let total = 0;
    for (let i = 0; i < N; i++) {
      for (const positive of [true, false]) {
        const js: number[] = [];
        for (let j = 0; j < N; j++) if (j !== i && same(b, i, j) === positive) js.push(j);
        if (js.length === 0) continue;
        const scale = positive ? alpha : beta;
        const r = logOnePlusSumExp(js.map((j) => scale * (positive ? base - s[i * N + j]! : s[i * N + j]! - base)));
        total += r.value / scale;
        js.forEach((j, t) => (G[i * N + j]! += ((positive ? -1 : 1) * r.weights[t]!) / N));
      }
    }
    return scalarResult(total / N, wantGrad ? cosineBackward(b, G) : null, shape);
  });

/** logsumexp over `xs`, and the softmax weights. */
function logSumExp(xs: number[]): { value: number; weights: number[] } {
  const m = Math.max(...xs);
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return { value: Math.log(s) + m, weights: xs.map((x) => Math.exp(x - m) / s) };
}

const circle = pmlLoss('CircleLoss', 'circle_loss',
  [option('m', 'number', 0.4, 'Relaxation margin.'), option('gamma', 'number', 80, 'Scale γ.')],
  "Cosine similarity of all pairs; the relu weights α_p = relu(1 + m − s), α_n = relu(s + m) carry no gradient; rows without a positive or a negative give 0; the mean over rows with a non-zero loss.",
  (b, o, wantGrad, shape) => {
    const m = o.number('m');
    const gamma = o.number('gamma');
    const { N } = b;
    const { pos, neg } = pairCounts(b);
    if (pos <= 1 && neg <= 1) return scalarResult(0, wantGrad ? new Float64Array(N * shape[1]!) : null, shape);
    const s = cosineMatrix(b);
    const losses = new Float64Array(N);
    const parts: { ps: number[]; ns: number[]; wp: number[]; wn: number[]; dp: number[]; dn: number[]; slope: number }[] = [];
    for (let i = 0; i < N; i++) {
      const ps: number[] = [];
      const ns: number[] = [];
      for (let j = 0; j < N; j++) if (j !== i) (same(b, i, j) ? ps : ns).push(j);
      if (ps.length === 0 || ns.length === 0) {
        parts.push({ ps: [], ns: [], wp: [], wn: [], dp: [], dn: [], slope: 0 });
        continue;
      }
      const dp = ps.map((j) => -gamma * Math.max(0, 1 + m - s[i * N + j]!));
      const dn = ns.map((j) => gamma * Math.max(0, s[i * N + j]! + m));
      const lp = logSumExp(ps.map((j, t) => dp[t]! * (s[i * N + j]! - (1 - m))));
      const ln = logSumExp(ns.map((j, t) => dn[t]! * (s[i * N + j]! - m)));
      const x = lp.value + ln.value;
      losses[i] = x > 20 ? x : softplus(x); // torch.nn.Softplus(threshold=20)
      parts.push({ ps, ns, wp: lp.weights, wn: ln.weights, dp, dn, slope: x > 20 ? 1 : sigmoid(x) });
    }
    const r = avgNonZero(losses);
    const G = new Float64Array(N * N);
    parts.forEach((q, i) => {
      const g = r.weight[i]! * q.slope;
      if (g === 0) return;
      q.ps.forEach((j, t) => (G[i * N + j]! += g * q.wp[t]! * q.dp[t]!));
      q.ns.forEach((j, t) => (G[i * N + j]! += g * q.wn[t]! * q.dn[t]!));
    });
    return scalarResult(r.value, wantGrad ? cosineBackward(b, G) : null, shape);
  });

const supcon = pmlLoss('SupConLoss', 'supcon_loss', [option('temperature', 'number', 0.1, 'Softmax temperature τ.')],
  'Cosine similarities / τ; per anchor the mean log-probability of its positives against every other sample; the mean over anchors with a non-zero loss (anchors without positives give 0); 0 without any positive or negative pair.',
  (b, o, wantGrad, shape) => {
    const tau = o.number('temperature');
    const { N } = b;
    const { pos, neg } = pairCounts(b);
    if (pos === 0 || neg === 0 || (pos <= 1 && neg <= 1)) return scalarResult(0, wantGrad ? new Float64Array(N * shape[1]!) : null, shape);
    const s = cosineMatrix(b);
    const losses = new Float64Array(N);
    // Row i of G (a work array) holds d(loss_i)/ds_i· until the reducer's weights are known.
    const G = scratch('supcon.G', N * N);
    const labels = b.labels;
    // Row i: x_j = s_ij/τ − max_j s_ij/τ, then e_j = e^{x_j − m} with m the largest x_j over j ≠ i.
    const x = new Float64Array(N);
    const e = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const at = i * N;
      let rowMax = -Infinity;
      for (let j = 0; j < N; j++) {
        x[j] = s[at + j]! / tau;
        rowMax = Math.max(rowMax, x[j]!);
      }
      let m = -Infinity;
      for (let j = 0; j < N; j++) {
        x[j] = x[j]! - rowMax;
        if (j !== i) m = Math.max(m, x[j]!);
      }
      let sum = 0;
      for (let j = 0; j < N; j++) {
        e[j] = j === i ? 0 : expNonPositive(x[j]! - m);
        sum += e[j]!;
      }
      // logsumexp over the other samples j ≠ i.
      const lse = N > 1 ? Math.log(sum) + m : 0;
      let nPos = 0;
      let logProbs = 0;
      for (let j = 0; j < N; j++) {
        if (j === i || labels[j] !== labels[i]) continue;
        nPos++;
        logProbs += x[j]! - lse;
      }
      const denom = nPos + TINY;
      losses[i] = -logProbs / denom;
      // d(loss_i)/ds_ij = −([y_j = y_i] − nPos·softmax_j)/(denom·τ) for j ≠ i.
      const perS = -1 / (denom * tau);
      const weightOfP = nPos / sum;
      for (let j = 0; j < N; j++) G[at + j] = j === i ? 0 : ((labels[j] === labels[i] ? 1 : 0) - weightOfP * e[j]!) * perS;
    }
    const r = avgNonZero(losses);
    for (let i = 0; i < N; i++) {
      const w = r.weight[i]!;
      for (let j = 0; j < N; j++) G[i * N + j] = w === 0 ? 0 : w * G[i * N + j]!;
    }
    return scalarResult(r.value, wantGrad ? cosineBackward(b, G) : null, shape);
  });

export const PML_LOSSES: readonly FrameworkLoss[] = [ntxent, contrastive, triplet, multiSimilarity, circle, supcon, arcFace];
