/** Learning to rank over lists (rows of scores with graded relevance labels): pairwise RankNet and
 *  hinge, LambdaRank's NDCG-weighted pairs, ListMLE, and ApproxNDCG. */
import { LossError } from '../../errors';
import type { LossResult, LossSpec, Pitfall, Reference, TensorArgSpec } from '../../catalog/types';
import { Tensor, formatShape } from '../../tensor';
import { requireSameShape } from '../common';
import { NO_GRAD, defineLoss } from './define';
import { dLogSigmoid, logSigmoid, sigmoid } from '../../kernels/scalar_math';
import { numberOption } from '../spec_options';
import { SHAPES } from '../shapes';

const SCORES: TensorArgSpec = { name: 'input', shape: '(N, L)', dtype: 'float', differentiable: true, meaning: 'Scores of the L items of each of N lists (queries).' };
const RELEVANCE: TensorArgSpec = { name: 'target', shape: '(N, L)', dtype: 'float', differentiable: false, meaning: 'Graded relevance of each item (0 = irrelevant, higher = better).' };
const TFR: Reference = { title: 'TensorFlow Ranking losses', url: 'https://www.tensorflow.org/ranking/api_docs/python/tfr/keras/losses' };
const LIST_PADDING: Pitfall = {
  id: 'ranking-padding',
  title: 'Padded items must not look like real ones',
  detail: 'Lists of different lengths are padded: give padded items a relevance that cannot win any pair and a score that cannot rank above real items, or drop them — otherwise they act as extra negatives.',
};
const LISTS = 'it scores whole lists (a query with several items and their relevance), not one example against its label';

function lists(loss: string, x: Tensor, y: Tensor): { N: number; L: number } {
  if (x.ndim !== 2) throw new LossError(loss, 'input', `expected (N, L) scores, got shape ${formatShape(x.shape)}`);
  requireSameShape(loss, 'input', x, 'target', y);
  return { N: x.shape[0]!, L: x.shape[1]! };
}

/** Mean over all (list, i, j) with yᵢ > yⱼ of f(sᵢ − sⱼ), weighted by `weight` (1 by default). */
function pairwise(loss: string, x: Tensor, y: Tensor, wantGrad: boolean, f: (d: number) => readonly [number, number], weight?: (row: number, i: number, j: number) => number, normalise = true): LossResult {
  const { N, L } = lists(loss, x, y);
  const g = new Float64Array(x.size);
  let total = 0;
  let pairs = 0;
  for (let r = 0; r < N; r++) {
    const o = r * L;
    for (let i = 0; i < L; i++) {
      for (let j = 0; j < L; j++) {
        if (!(y.data[o + i]! > y.data[o + j]!)) continue;
        const w = weight ? weight(r, i, j) : 1;
        const [v, d] = f(x.data[o + i]! - x.data[o + j]!);
        total += w * v;
        g[o + i]! += w * d;
        g[o + j]! -= w * d;
        pairs++;
      }
    }
  }
  const denom = normalise ? pairs : 1;
  const value = denom === 0 ? 0 : total / denom;
  return { value: Tensor.scalar(value), grad: wantGrad ? { input: new Tensor(x.shape, g.map((v) => (denom === 0 ? 0 : v / denom))) } : NO_GRAD };
}

export const ranknetLoss = defineLoss({
  id: 'ranknet_loss',
  title: 'RankNet loss (pairwise logistic)',
  family: 'ranking',
  summary: 'For every pair where item i is more relevant than item j, the logistic loss log(1 + e^{−σ(sᵢ − sⱼ)}); averaged over the pairs.',
  formula: { unicode: 'ℓ = mean over pairs yᵢ > yⱼ of log(1 + exp(−σ·(sᵢ − sⱼ)))', latex: '\\ell = \\frac{1}{|P|}\\sum_{(i,j): y_i > y_j} \\log\\bigl(1 + e^{-\\sigma (s_i - s_j)}\\bigr)' },
  args: [SCORES, RELEVANCE],
  options: [numberOption('sigma', 1, 'σ: steepness of the pairwise logistic.', { range: { min: 0, exclusiveMin: true } })],
  shapes: SHAPES.ranking,
  notPerExample: LISTS,
  spellings: [{ framework: 'other', kind: 'module', name: 'tensorflow_ranking.keras.losses.PairwiseLogisticLoss', argMap: { y_true: 'target', y_pred: 'input' }, note: 'Called as loss(y_true, y_pred); reduction sum over pairs divided by the number of pairs (SUM_BY_NONZERO_WEIGHTS), σ = 1.' }],
  whenToUse: ['Learning to rank from graded or click labels when the order within each list is what matters.'],
  pitfalls: [LIST_PADDING, { id: 'ranknet-ignores-position', title: 'All mis-ordered pairs count the same', detail: 'A swap at rank 100 costs as much as one at rank 1; when top-heavy metrics (NDCG@k) matter, use LambdaRank or ApproxNDCG.' }],
  gradient: '∂/∂sᵢ = −σ·σ(−σ(sᵢ − sⱼ))/|P| per pair, the opposite for sⱼ.',
  references: [{ title: 'Burges et al., Learning to Rank using Gradient Descent, ICML 2005' }, TFR],
  expects: { prediction: 'scores', target: 'values' },
  run({ arg, opt, wantGrad }) {
    const s = opt.number('sigma');
    return pairwise('ranknet_loss', arg('input'), arg('target'), wantGrad, (d) => [-logSigmoid(s * d), -s * dLogSigmoid(s * d)]);
  },
});

export const pairwiseHingeLoss = defineLoss({
  id: 'pairwise_hinge_loss',
  title: 'Pairwise hinge loss (RankSVM)',
  family: 'ranking',
  summary: 'For every pair where item i is more relevant than item j, max(0, margin − (sᵢ − sⱼ)); averaged over the pairs.',
  formula: { unicode: 'ℓ = mean over pairs yᵢ > yⱼ of max(0, m − (sᵢ − sⱼ))', latex: '\\ell = \\frac{1}{|P|}\\sum_{(i,j): y_i > y_j} \\max(0, m - (s_i - s_j))' },
  args: [SCORES, RELEVANCE],
  options: [numberOption('margin', 1, 'm: the score gap a more relevant item must keep over a less relevant one.', { range: { min: 0 } })],
  shapes: SHAPES.ranking,
  notPerExample: LISTS,
  spellings: [{ framework: 'other', kind: 'module', name: 'tensorflow_ranking.keras.losses.PairwiseHingeLoss', argMap: { y_true: 'target', y_pred: 'input' }, note: 'Margin 1; reduction sum over pairs divided by the number of pairs.' }],
  whenToUse: ['RankSVM-style training; pairwise preferences with a hard margin.'],
  pitfalls: [LIST_PADDING],
  gradient: '∂/∂sᵢ = −1/|P| for each pair still inside the margin, +1/|P| for sⱼ; 0 once separated by m.',
  references: [{ title: 'Joachims, Optimizing Search Engines using Clickthrough Data, KDD 2002' }, TFR],
  expects: { prediction: 'scores', target: 'values' },
  run({ arg, opt, wantGrad }) {
    const m = opt.number('margin');
    return pairwise('pairwise_hinge_loss', arg('input'), arg('target'), wantGrad, (d) => [Math.max(0, m - d), m - d > 0 ? -1 : 0]);
  },
});

/** Items of row `o` ordered by descending `key` (stable). */
function order(key: Float64Array, o: number, L: number): number[] {
  return Array.from({ length: L }, (_, i) => i).sort((a, b) => key[o + b]! - key[o + a]! || a - b);
}

/** The gains (2^y − 1)/maxDCG of a row, and 1/log2(1 + rank) of each item by the current scores. */
function ndcgTerms(x: Tensor, y: Tensor, o: number, L: number): { gain: Float64Array; discount: Float64Array } {
  const gain = new Float64Array(L);
  const ideal = order(y.data, o, L);
  let maxDcg = 0;
  ideal.forEach((item, k) => (maxDcg += (2 ** y.data[o + item]! - 1) / Math.log2(k + 2)));
  for (let i = 0; i < L; i++) gain[i] = maxDcg > 0 ? (2 ** y.data[o + i]! - 1) / maxDcg : 0;
  const discount = new Float64Array(L);
  order(x.data, o, L).forEach((item, k) => (discount[item] = 1 / Math.log2(k + 2)));
  return { gain, discount };
}

export const lambdarankLoss = defineLoss({
  id: 'lambdarank_loss',
  title: 'LambdaRank loss (NDCG-weighted pairs)',
  family: 'ranking',
  summary: 'RankNet pairs weighted by how much swapping the two items would change NDCG at the current ranking (|ΔNDCG|), so mistakes near the top cost most.',
  formula: { unicode: 'ℓ = Σ_lists Σ_{yᵢ > yⱼ} |Gᵢ − Gⱼ|·|1/Dᵢ − 1/Dⱼ|·(−log₂ σ(σ(sᵢ − sⱼ)))  / N;  G = (2^y − 1)/maxDCG, D = log₂(1 + rank by score)', latex: '\\ell = \\frac1N\\sum\\sum_{y_i > y_j} |\\Delta\\mathrm{NDCG}_{ij}|\\,\\bigl(-\\log_2\\sigma(\\sigma(s_i - s_j))\\bigr)' },
  args: [SCORES, RELEVANCE],
  options: [numberOption('sigma', 1, 'σ: steepness of the pairwise logistic.', { range: { min: 0, exclusiveMin: true } })],
  shapes: SHAPES.ranking,
  notPerExample: LISTS,
  spellings: [{ framework: 'other', kind: 'functional', name: 'allrank.models.losses.lambdaLoss.lambdaLoss', argMap: { y_pred: 'input', y_true: 'target' }, note: "lambdaLoss(weighing_scheme='lambdaRank_scheme', reduction_log='binary') gives these weights; allRank sums over the batch (reduction='sum') and clamps probabilities at 1e-10." }],
  whenToUse: ['Optimising NDCG directly with a smooth pairwise surrogate (web search, recommendation).'],
  pitfalls: [LIST_PADDING, { id: 'lambdarank-weights-constant', title: 'The weights are recomputed from the ranking, not differentiated', detail: 'ΔNDCG depends on the sort order of the scores and is treated as a constant: the loss is piecewise smooth and jumps when two items swap.' }],
  gradient: '∂/∂sᵢ = −w_ij·σ·σ(−σ(sᵢ − sⱼ))/(N ln 2) per pair, the opposite for sⱼ; w_ij = |ΔNDCG_ij| held constant.',
  references: [{ title: 'Burges, From RankNet to LambdaRank to LambdaMART: An Overview, MSR-TR-2010-82' }, { title: 'Wang et al., The LambdaLoss Framework for Ranking Metric Optimization, CIKM 2018' }],
  expects: { prediction: 'scores', target: 'values' },
  run({ arg, opt, wantGrad }) {
    const s = opt.number('sigma');
    const x = arg('input');
    const y = arg('target');
    const { N, L } = lists('lambdarank_loss', x, y);
    const terms = Array.from({ length: N }, (_, r) => ndcgTerms(x, y, r * L, L));
    const out = pairwise('lambdarank_loss', x, y, wantGrad, (d) => [-logSigmoid(s * d) / Math.LN2, (-s * dLogSigmoid(s * d)) / Math.LN2], (r, i, j) => {
      const t = terms[r]!;
      return Math.abs(t.gain[i]! - t.gain[j]!) * Math.abs(t.discount[i]! - t.discount[j]!) / N;
    }, false);
    return out;
  },
});

export const listmleLoss = defineLoss({
  id: 'listmle_loss',
  title: 'ListMLE loss',
  family: 'ranking',
  summary: 'The negative log-likelihood of the ideal ordering (by relevance) under the Plackett–Luce model of the scores; averaged over lists.',
  formula: { unicode: 'π = items sorted by relevance (descending);  ℓ = mean over lists of Σₖ (log Σ_{m≥k} e^{s_{π(m)}} − s_{π(k)})', latex: '\\ell = \\sum_{k=1}^{L}\\Bigl(\\log\\sum_{m=k}^{L} e^{s_{\\pi(m)}} - s_{\\pi(k)}\\Bigr)' },
  args: [SCORES, RELEVANCE],
  options: [numberOption('temperature', 1, 'Scores are divided by the temperature before the Plackett–Luce likelihood.', { range: { min: 0, exclusiveMin: true } })],
  shapes: SHAPES.ranking,
  notPerExample: LISTS,
  spellings: [{ framework: 'other', kind: 'module', name: 'tensorflow_ranking.keras.losses.ListMLELoss', argMap: { y_true: 'target', y_pred: 'input' }, note: 'TF-Ranking breaks ties among equal labels by a random shuffle; here ties keep their item order. Mean over lists.' }],
  whenToUse: ['Listwise learning to rank when a full ordering of each list is known.'],
  pitfalls: [LIST_PADDING, { id: 'listmle-ties', title: 'Ties are ordered arbitrarily', detail: 'Items with equal relevance get an arbitrary order in π, and the loss then insists on it; with many ties prefer a softmax (ListNet) or pairwise loss.' }],
  gradient: '∂/∂s_{π(m)} = (Σ_{k≤m} softmax over the suffix from k, at π(m)) − 1, divided by the temperature and the number of lists.',
  references: [{ title: 'Xia et al., Listwise Approach to Learning to Rank: Theory and Algorithm, ICML 2008' }, TFR],
  expects: { prediction: 'scores', target: 'values' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    const y = arg('target');
    const T = opt.number('temperature');
    const { N, L } = lists('listmle_loss', x, y);
    const g = new Float64Array(x.size);
    let total = 0;
    for (let r = 0; r < N; r++) {
      const o = r * L;
      const pi = order(y.data, o, L);
      const s = pi.map((i) => x.data[o + i]! / T);
      for (let k = 0; k < L; k++) {
        let m = -Infinity;
        for (let j = k; j < L; j++) m = Math.max(m, s[j]!);
        let z = 0;
        for (let j = k; j < L; j++) z += Math.exp(s[j]! - m);
        total += m + Math.log(z) - s[k]!;
        for (let j = k; j < L; j++) g[o + pi[j]!]! += Math.exp(s[j]! - m) / z / (T * N);
        g[o + pi[k]!]! -= 1 / (T * N);
      }
    }
    return { value: Tensor.scalar(N === 0 ? 0 : total / N), grad: wantGrad ? { input: new Tensor(x.shape, g) } : NO_GRAD };
  },
});

export const approxNdcgLoss = defineLoss({
  id: 'approx_ndcg_loss',
  title: 'ApproxNDCG loss',
  family: 'ranking',
  summary: 'Negative NDCG with each item\'s rank replaced by a smooth approximation 1 + Σⱼ σ((sⱼ − sᵢ)/T), so the ranking metric itself is differentiable.',
  formula: { unicode: 'rᵢ = 1 + Σ_{j≠i} σ((sⱼ − sᵢ)/T);  ℓ = −mean over lists with a relevant item of Σᵢ (2^{yᵢ} − 1)/log(1 + rᵢ) / maxDCG', latex: '\\ell = -\\frac{1}{\\mathrm{maxDCG}}\\sum_i \\frac{2^{y_i} - 1}{\\log(1 + \\hat r_i)},\\quad \\hat r_i = 1 + \\sum_{j \\ne i}\\sigma\\Bigl(\\frac{s_j - s_i}{T}\\Bigr)' },
  args: [SCORES, RELEVANCE],
  options: [numberOption('temperature', 0.1, 'T: smoothness of the approximate ranks (TF-Ranking\'s alpha = 1/T = 10).', { range: { min: 0, exclusiveMin: true }, tunable: { min: 0.01, max: 2, step: 0.01 } })],
  shapes: SHAPES.ranking,
  notPerExample: LISTS,
  spellings: [{ framework: 'other', kind: 'module', name: 'tensorflow_ranking.keras.losses.ApproxNDCGLoss', argMap: { y_true: 'target', y_pred: 'input' }, note: 'Approximate ranks with alpha = 10 (T = 0.1); lists without a relevant item get weight 0.' }],
  whenToUse: ['Optimising NDCG end to end in neural rankers.'],
  pitfalls: [LIST_PADDING, { id: 'approxndcg-temperature', title: 'Small T gives vanishing gradients', detail: 'As T → 0 the approximate ranks become step functions with zero gradient almost everywhere; large T blurs the ranking. Scale the scores or tune T.' }],
  gradient: '∂/∂sⱼ through the approximate ranks: ∂r̂ᵢ/∂sⱼ = σ\'((sⱼ − sᵢ)/T)/T, ∂DCG/∂r̂ᵢ = −Gᵢ/((1 + r̂ᵢ)·log²(1 + r̂ᵢ)).',
  references: [{ title: 'Qin et al., A General Approximation Framework for Direct Optimization of Information Retrieval Measures, 2010' }, { title: 'Bruch et al., Revisiting Approximate Metric Optimization in the Age of Deep Neural Networks, SIGIR 2019' }, TFR],
  expects: { prediction: 'scores', target: 'values' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    const y = arg('target');
    const T = opt.number('temperature');
    const { N, L } = lists('approx_ndcg_loss', x, y);
    const g = new Float64Array(x.size);
    const rowLoss: number[] = [];
    for (let r = 0; r < N; r++) {
      const o = r * L;
      let labelSum = 0;
      for (let i = 0; i < L; i++) labelSum += y.data[o + i]!;
      if (!(labelSum > 0)) continue;
      const ideal = order(y.data, o, L);
      let maxDcg = 0;
      ideal.forEach((item, k) => (maxDcg += (2 ** y.data[o + item]! - 1) / Math.log1p(k + 1)));
      const rank = new Float64Array(L).fill(1);
      for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) if (j !== i) rank[i]! += sigmoid((x.data[o + j]! - x.data[o + i]!) / T);
      let dcg = 0;
      const gr = new Float64Array(L);
      for (let i = 0; i < L; i++) {
        const G = 2 ** y.data[o + i]! - 1;
        const lr = Math.log1p(rank[i]!);
        dcg += G / lr;
        const dRank = G / ((1 + rank[i]!) * lr * lr) / maxDcg;
        for (let j = 0; j < L; j++) {
          if (j === i) continue;
          const sg = sigmoid((x.data[o + j]! - x.data[o + i]!) / T);
          const d = (sg * (1 - sg)) / T;
          gr[j]! += dRank * d;
          gr[i]! -= dRank * d;
        }
      }
      rowLoss.push(-dcg / maxDcg);
      for (let i = 0; i < L; i++) g[o + i] = gr[i]!;
    }
    const n = rowLoss.length;
    const value = n === 0 ? 0 : rowLoss.reduce((a, b) => a + b, 0) / n;
    return { value: Tensor.scalar(value), grad: wantGrad ? { input: new Tensor(x.shape, g.map((v) => (n === 0 ? 0 : v / n))) } : NO_GRAD };
  },
});

export const RANKING_LOSSES: readonly LossSpec[] = [ranknetLoss, pairwiseHingeLoss, lambdarankLoss, listmleLoss, approxNdcgLoss];
