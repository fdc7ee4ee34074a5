/** Metric learning: margin-softmax and proxy losses over class weights, lifted structure over the
 *  batch's pairs, and in-batch contrastive losses (N-pairs, InfoNCE, CLIP). */
import { LossError } from '../../errors';
import type { LossResult, LossSpec, Pitfall, Reference, Spelling, TensorArgSpec } from '../../catalog/types';
import { Tensor, formatShape } from '../../tensor';
import { OVERFITTING_TO_THE_LOSS } from '../shared_pitfalls';
import { NO_GRAD, defineLoss } from './define';
import { backNormalizeRows, backSimilarity, embeddingsAndLabels, inBatchCrossEntropy, meanCrossEntropy, normalizeRows, pairedRows, similarity } from './embeddings';
import { scratch } from '../../kernels/scratch';
import { numberOption } from '../spec_options';

const EMBEDDINGS: TensorArgSpec = { name: 'embeddings', shape: '(N, D)', dtype: 'float', differentiable: true, meaning: 'One embedding per sample (L2-normalised inside the loss).' };
const LABELS: TensorArgSpec = { name: 'labels', shape: '(N)', dtype: 'int', differentiable: false, meaning: 'Class label of each sample.' };
const PML_DOCS: Reference = { title: 'pytorch-metric-learning losses', url: 'https://kevinmusgrave.github.io/pytorch-metric-learning/losses/' };
const BATCH_COMPOSITION: Pitfall = {
  id: 'metric-batch-composition',
  title: 'Batches need several samples per class',
  detail: 'Pair- and proxy-based losses learn from positives in the batch: with random sampling over many classes most samples have no positive and contribute nothing. Use an M-per-class sampler.',
};
const EMBEDDING_COLLAPSE: Pitfall = {
  id: 'metric-collapse',
  title: 'Collapse to one point',
  detail: 'If the loss stalls at a constant value with all similarities equal, the embeddings have collapsed; check the learning rate, the temperature/scale and that negatives are present.',
};

/** Class weights W given as (D, C) (pytorch-metric-learning's layout) or proxies as (C, D). */
function classRows(loss: string, name: string, t: Tensor, D: number, columns: boolean): { rows: Float64Array; C: number } {
  const ok = t.ndim === 2 && (columns ? t.shape[0] === D : t.shape[1] === D);
  if (!ok) throw new LossError(loss, name, `expected ${columns ? '(D, C)' : '(C, D)'} with D = ${D}, got shape ${formatShape(t.shape)}`);
  if (!columns) return { rows: t.data, C: t.shape[0]! };
  const C = t.shape[1]!;
  const rows = new Float64Array(C * D);
  for (let k = 0; k < D; k++) for (let c = 0; c < C; c++) rows[c * D + k] = t.data[k * C + c]!;
  return { rows, C };
}

function labelsBelow(loss: string, labels: Tensor, C: number): void {
  for (const l of labels.data) if (!Number.isInteger(l) || l < 0 || l >= C) throw new LossError(loss, 'labels', `label ${l} is out of range [0, ${C})`);
}

/** Cosine matrix between normalised embeddings and normalised class rows, then `head` gives the loss
 *  and d/dcos; the gradients go back to embeddings and the class tensor. */
function cosineHead(
  loss: string,
  e: Tensor,
  labels: Tensor,
  weights: Tensor,
  weightName: string,
  columns: boolean,
  wantGrad: boolean,
  head: (cos: Float64Array, N: number, C: number) => { value: number; dCos: Float64Array },
): LossResult {
  const { N, D } = embeddingsAndLabels(loss, e, labels);
  const { rows, C } = classRows(loss, weightName, weights, D, columns);
  labelsBelow(loss, labels, C);
  const en = normalizeRows(e.data, N, D);
  const wn = normalizeRows(rows, C, D);
  const cos = similarity(en.y, wn.y, N, C, D);
  const { value, dCos } = head(cos, N, C);
  if (!wantGrad) return { value: Tensor.scalar(value), grad: NO_GRAD };
  const { dA, dB } = backSimilarity(dCos, en.y, wn.y, N, C, D);
  const dE = backNormalizeRows(dA, en.y, en.norms, N, D);
  const dRows = backNormalizeRows(dB, wn.y, wn.norms, C, D);
  let dW = dRows;
  if (columns) {
    dW = new Float64Array(C * D);
    for (let k = 0; k < D; k++) for (let c = 0; c < C; c++) dW[k * C + c] = dRows[c * D + k]!;
  }
  return { value: Tensor.scalar(value), grad: { embeddings: new Tensor(e.shape, dE), [weightName]: new Tensor(weights.shape, dW) } };
}

const pml = (name: string, note: string): Spelling => ({ framework: 'pytorch-metric-learning', kind: 'module', name: `pytorch_metric_learning.losses.${name}`, note });

export const cosfaceLoss = defineLoss({
  id: 'cosface_loss',
  title: 'CosFace loss (large margin cosine loss)',
  family: 'embedding',
  summary: 'Softmax cross-entropy over scaled cosine similarities to class weights, with a margin m subtracted from the true class\'s cosine: s·(cos θ_y − m).',
  formula: { unicode: 'ℓᵢ = −log( e^{s(cos θ_{yᵢ} − m)} / (e^{s(cos θ_{yᵢ} − m)} + Σ_{c≠yᵢ} e^{s·cos θ_c}) )', latex: '\\ell_i = -\\log\\frac{e^{s(\\cos\\theta_{y_i} - m)}}{e^{s(\\cos\\theta_{y_i} - m)} + \\sum_{c \\ne y_i} e^{s\\cos\\theta_c}}' },
  args: [EMBEDDINGS, LABELS, { name: 'W', shape: '(D, C)', dtype: 'float', differentiable: true, meaning: 'Class weight vectors as columns (pytorch-metric-learning\'s layout), normalised inside.' }],
  options: [
    numberOption('margin', 0.35, 'm: subtracted from the true class\'s cosine.', { range: { min: 0 }, tunable: { min: 0, max: 0.8, step: 0.01 } }),
    numberOption('scale', 64, 's: multiplies every cosine before the softmax.', { range: { min: 0, exclusiveMin: true }, tunable: { min: 1, max: 100, step: 1 } }),
  ],
  shapes: { input: 'embeddings (N, D)', target: 'labels (N), W (D, C)', output: 'scalar (mean over the batch)' },
  spellings: [pml('CosFaceLoss', 'CosFaceLoss(num_classes, embedding_size, margin=0.35, scale=64); W is the loss\'s own parameter (train it with its own optimizer).')],
  whenToUse: ['Face recognition and other open-set identification with many classes.'],
  pitfalls: [{ id: 'margin-loss-parameters-not-optimized', title: 'The class weights are a parameter of the loss', detail: 'In pytorch-metric-learning W lives in the loss module: pass loss_func.parameters() to an optimizer, or W never trains.' }, { id: 'cosface-scale-too-small', title: 'A small scale cannot reach low loss', detail: 'Cosines lie in [−1, 1]: with s too small the softmax stays nearly uniform and the loss cannot approach 0; s ≈ 30–64 is usual.' }, OVERFITTING_TO_THE_LOSS],
  gradient: 'Softmax cross-entropy gradient (p − onehot)·s with respect to the cosines, then through both L2 normalisations to the embeddings and to W.',
  references: [{ title: 'Wang et al., CosFace: Large Margin Cosine Loss for Deep Face Recognition, CVPR 2018', url: 'https://arxiv.org/abs/1801.09414' }, PML_DOCS],
  expects: { prediction: 'embeddings', target: 'class_indices' },
  run({ arg, opt, wantGrad }) {
    const m = opt.number('margin');
    const s = opt.number('scale');
    const labels = arg('labels');
    return cosineHead('cosface_loss', arg('embeddings'), labels, arg('W'), 'W', true, wantGrad, (cos, N, C) => {
      const logits = cos.map((c, k) => s * (c - (labels.data[Math.floor(k / C)] === k % C ? m : 0)));
      const { value, d } = meanCrossEntropy(logits, N, C, (i) => labels.data[i]!);
      return { value, dCos: d.map((g) => g * s) };
    });
  },
});

export const proxyNcaLoss = defineLoss({
  id: 'proxy_nca_loss',
  title: 'Proxy-NCA loss',
  family: 'embedding',
  summary: 'NCA with one learned proxy per class: softmax over −scale·(squared distance between normalised embedding and normalised proxies), cross-entropy on the own class\'s proxy.',
  formula: { unicode: 'ℓᵢ = −log( e^{−s‖x̂ᵢ − p̂_{yᵢ}‖²} / Σ_c e^{−s‖x̂ᵢ − p̂_c‖²} )', latex: '\\ell_i = -\\log\\frac{\\exp(-s\\lVert\\hat x_i - \\hat p_{y_i}\\rVert^2)}{\\sum_c \\exp(-s\\lVert\\hat x_i - \\hat p_c\\rVert^2)}' },
  args: [EMBEDDINGS, LABELS, { name: 'proxies', shape: '(C, D)', dtype: 'float', differentiable: true, meaning: 'One proxy vector per class (normalised inside).' }],
  options: [numberOption('softmax_scale', 1, 's: multiplies the negative squared distances before the softmax.', { range: { min: 0, exclusiveMin: true }, tunable: { min: 0.1, max: 32, step: 0.1 } })],
  shapes: { input: 'embeddings (N, D)', target: 'labels (N), proxies (C, D)', output: 'scalar (mean over the batch)' },
  spellings: [pml('ProxyNCALoss', 'ProxyNCALoss(num_classes, embedding_size, softmax_scale=1); the proxies are the loss\'s parameter of shape (num_classes, embedding_size).')],
  whenToUse: ['Deep metric learning without pair mining: one proxy per training class makes each step O(N·C).'],
  pitfalls: [{ id: 'proxy-nca-small-scale', title: 'softmax_scale 1 learns slowly', detail: 'Squared distances of unit vectors lie in [0, 4]: with s = 1 the softmax is nearly uniform. Proxy-NCA++ uses a temperature of about 1/9 (s ≈ 9) or higher.' }, BATCH_COMPOSITION],
  gradient: 'Cross-entropy over logits 2s·cos(x̂ᵢ, p̂_c) (the constant −2s cancels in the softmax), then through both normalisations.',
  references: [{ title: 'Movshovitz-Attias et al., No Fuss Distance Metric Learning using Proxies, ICCV 2017', url: 'https://arxiv.org/abs/1703.07464' }, PML_DOCS],
  expects: { prediction: 'embeddings', target: 'class_indices' },
  run({ arg, opt, wantGrad }) {
    const s = opt.number('softmax_scale');
    const labels = arg('labels');
    return cosineHead('proxy_nca_loss', arg('embeddings'), labels, arg('proxies'), 'proxies', false, wantGrad, (cos, N, C) => {
      const logits = cos.map((c) => -s * (2 - 2 * c));
      const { value, d } = meanCrossEntropy(logits, N, C, (i) => labels.data[i]!);
      return { value, dCos: d.map((g) => 2 * s * g) };
    });
  },
});

export const proxyAnchorLoss = defineLoss({
  id: 'proxy_anchor_loss',
  title: 'Proxy-anchor loss',
  family: 'embedding',
  summary: 'Each class proxy is an anchor: pulls all its positive embeddings in and pushes all negatives out with soft (log-sum-exp) weighting, so hard examples get more gradient.',
  formula: {
    unicode: 'ℓ = (1/|P⁺|)·Σ_{p∈P⁺} log(1 + Σ_{x∈X⁺_p} e^{−α(s(x,p) − δ)}) + (1/|P|)·Σ_{p∈P} log(1 + Σ_{x∈X⁻_p} e^{α(s(x,p) + δ)})',
    latex: '\\ell = \\frac{1}{|P^+|}\\sum_{p \\in P^+}\\log\\Bigl(1 + \\sum_{x \\in X_p^+} e^{-\\alpha(s(x,p) - \\delta)}\\Bigr) + \\frac{1}{|P|}\\sum_{p \\in P}\\log\\Bigl(1 + \\sum_{x \\in X_p^-} e^{\\alpha(s(x,p) + \\delta)}\\Bigr)',
  },
  args: [EMBEDDINGS, LABELS, { name: 'proxies', shape: '(C, D)', dtype: 'float', differentiable: true, meaning: 'One proxy per class (normalised inside).' }],
  options: [
    numberOption('margin', 0.1, 'δ: margin on the cosine similarity.', { range: { min: 0 } }),
    numberOption('alpha', 32, 'α: scale of the similarities (how sharply hard examples are weighted).', { range: { min: 0, exclusiveMin: true } }),
  ],
  shapes: { input: 'embeddings (N, D)', target: 'labels (N), proxies (C, D)', output: 'scalar' },
  spellings: [pml('ProxyAnchorLoss', 'ProxyAnchorLoss(num_classes, embedding_size, margin=0.1, alpha=32); the positive term is divided by the number of proxies with a positive in the batch, the negative term by num_classes.')],
  whenToUse: ['Image retrieval (CUB, Cars, SOP): fast convergence and state-of-the-art recall with a proxy per class.'],
  pitfalls: [{ id: 'proxy-anchor-proxy-lr', title: 'Proxies need a larger learning rate', detail: 'The paper trains proxies with a learning rate 100× that of the network; with the same rate they barely move.' }, BATCH_COMPOSITION],
  gradient: '∂/∂s(x, p) = −α·w for positives, +α·w for negatives, with w the softmax weight of x inside its log(1 + Σ e^…) term; then through both normalisations.',
  references: [{ title: 'Kim et al., Proxy Anchor Loss for Deep Metric Learning, CVPR 2020', url: 'https://arxiv.org/abs/2003.13911' }, PML_DOCS],
  expects: { prediction: 'embeddings', target: 'class_indices' },
  run({ arg, opt, wantGrad }) {
    const delta = opt.number('margin');
    const alpha = opt.number('alpha');
    const labels = arg('labels');
    return cosineHead('proxy_anchor_loss', arg('embeddings'), labels, arg('proxies'), 'proxies', false, wantGrad, (cos, N, C) => {
      const dCos = new Float64Array(N * C);
      let pos = 0;
      let neg = 0;
      let withPos = 0;
      for (let c = 0; c < C; c++) {
        let sp = 0;
        let sn = 0;
        let hasPos = false;
        for (let i = 0; i < N; i++) {
          const s = cos[i * C + c]!;
          if (labels.data[i] === c) {
            sp += Math.exp(-alpha * (s - delta));
            hasPos = true;
          } else sn += Math.exp(alpha * (s + delta));
        }
        if (hasPos) withPos++;
        pos += Math.log1p(sp);
        neg += Math.log1p(sn);
        for (let i = 0; i < N; i++) {
          const s = cos[i * C + c]!;
          dCos[i * C + c] = labels.data[i] === c ? (-alpha * Math.exp(-alpha * (s - delta))) / (1 + sp) : (alpha * Math.exp(alpha * (s + delta))) / (1 + sn);
        }
      }
      const pw = withPos === 0 ? 0 : 1 / withPos;
      for (let k = 0; k < N * C; k++) dCos[k]! *= labels.data[Math.floor(k / C)] === k % C ? pw : 1 / C;
      return { value: pos * pw + neg / C, dCos };
    });
  },
});

export const liftedStructureLoss = defineLoss({
  id: 'lifted_structure_loss',
  title: 'Lifted structure loss',
  family: 'embedding',
  summary: 'For every positive pair, a smooth maximum over all negatives of both its members: relu(log Σ e^{m⁻ − d_neg} + d_pos − m⁺)², on L2 distances of normalised embeddings.',
  formula: {
    unicode: 'per positive pair (a, p): J = log Σ_{(q,n): q∈{a,p}, yₙ≠y_a} e^{m⁻ − d_{qn}} + d_{ap} − m⁺;  ℓ = mean over ordered positive pairs of ½·max(0, J)²',
    latex: 'J_{ap} = \\log\\sum_{(q,n)} e^{m^- - d_{qn}} + d_{ap} - m^+,\\quad \\ell = \\frac{1}{|P|}\\sum_{(a,p)} \\tfrac12 \\max(0, J_{ap})^2',
  },
  args: [EMBEDDINGS, LABELS],
  options: [
    numberOption('neg_margin', 1, 'm⁻: negatives closer than this contribute strongly.'),
    numberOption('pos_margin', 0, 'm⁺: subtracted from the positive distance.'),
  ],
  shapes: { input: 'embeddings (N, D)', target: 'labels (N)', output: 'scalar (mean over ordered positive pairs; 0 without positive pairs)' },
  spellings: [pml('LiftedStructureLoss', 'LiftedStructureLoss(neg_margin=1, pos_margin=0) with its default LpDistance on normalised embeddings; ordered positive pairs, each squared hinge halved.')],
  whenToUse: ['Deep metric learning that uses every negative in the batch for each positive pair (online products, retrieval).'],
  pitfalls: [BATCH_COMPOSITION, EMBEDDING_COLLAPSE],
  gradient: '∂ℓ/∂J = max(0, J)/|P|; ∂J/∂d_ap = 1 and ∂J/∂d_qn = −softmax weight of that negative; distances back to normalised embeddings as (x̂_i − x̂_j)/d.',
  references: [{ title: 'Oh Song et al., Deep Metric Learning via Lifted Structured Feature Embedding, CVPR 2016', url: 'https://arxiv.org/abs/1511.06452' }, PML_DOCS],
  expects: { prediction: 'embeddings', target: 'class_indices' },
  run({ arg, opt, wantGrad }) {
    const e = arg('embeddings');
    const labels = arg('labels');
    const { N, D } = embeddingsAndLabels('lifted_structure_loss', e, labels);
    const mn = opt.number('neg_margin');
    const mp = opt.number('pos_margin');
    const en = normalizeRows(e.data, N, D);
    const dist = new Float64Array(N * N);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < D; k++) s += (en.y[i * D + k]! - en.y[j * D + k]!) ** 2;
        dist[i * N + j] = Math.sqrt(s);
      }
    }
    const pairs: [number, number][] = [];
    for (let a = 0; a < N; a++) for (let p = 0; p < N; p++) if (a !== p && labels.data[a] === labels.data[p]) pairs.push([a, p]);
    const dDist = new Float64Array(N * N);
    let total = 0;
    for (const [a, p] of pairs) {
      const terms: [number, number][] = [];
      for (const q of [a, p]) for (let n = 0; n < N; n++) if (labels.data[n] !== labels.data[a]) terms.push([q, n]);
      if (terms.length === 0) continue;
      let m = -Infinity;
      for (const [q, n] of terms) m = Math.max(m, mn - dist[q * N + n]!);
      let s = 0;
      for (const [q, n] of terms) s += Math.exp(mn - dist[q * N + n]! - m);
      const J = m + Math.log(s) + dist[a * N + p]! - mp;
      if (J <= 0) continue;
      total += 0.5 * J * J;
      const w = J / pairs.length;
      dDist[a * N + p]! += w;
      for (const [q, n] of terms) dDist[q * N + n]! -= (w * Math.exp(mn - dist[q * N + n]! - m)) / s;
    }
    const value = pairs.length === 0 ? 0 : total / pairs.length;
    if (!wantGrad) return { value: Tensor.scalar(value), grad: NO_GRAD };
    const dY = new Float64Array(N * D);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const g = dDist[i * N + j]!;
        const d = dist[i * N + j]!;
        if (g === 0 || d === 0) continue;
        for (let k = 0; k < D; k++) {
          const diff = ((en.y[i * D + k]! - en.y[j * D + k]!) / d) * g;
          dY[i * D + k]! += diff;
          dY[j * D + k]! -= diff;
        }
      }
    }
    return { value: Tensor.scalar(value), grad: { embeddings: new Tensor(e.shape, backNormalizeRows(dY, en.y, en.norms, N, D)) } };
  },
});

/** In-batch contrastive loss: logits = scale·sim(A, B) over all pairs, targets on the diagonal;
 *  `symmetric` adds the B→A direction (CLIP). */
function inBatchContrastive(loss: string, names: [string, string], a: Tensor, b: Tensor, scale: number, normalize: boolean, symmetric: boolean, wantGrad: boolean): { value: number; dA: Float64Array; dB: Float64Array } {
  const { N, D } = pairedRows(loss, names[0], a, names[1], b);
  // Every N×N and N×D temporary is a work array kept between calls; only the gradients are new.
  const an = normalize ? normalizeRows(a.data, N, D, scratch('inBatch.a', N * D)) : null;
  const bn = normalize ? normalizeRows(b.data, N, D, scratch('inBatch.b', N * D)) : null;
  const ay = an ? an.y : a.data;
  const by = bn ? bn.y : b.data;
  const S = similarity(ay, by, N, N, D, scratch('inBatch.S', N * N));
  const value = inBatchCrossEntropy(S, N, scale, symmetric);
  if (!wantGrad) return { value, dA: new Float64Array(0), dB: new Float64Array(0) };
  if (!an || !bn) return { value, ...backSimilarity(S, ay, by, N, N, D) };
  const { dA, dB } = backSimilarity(S, ay, by, N, N, D, { dA: scratch('inBatch.dA', N * D), dB: scratch('inBatch.dB', N * D) });
  return { value, dA: backNormalizeRows(dA, an.y, an.norms, N, D), dB: backNormalizeRows(dB, bn.y, bn.norms, N, D) };
}

const ANCHORS: TensorArgSpec = { name: 'anchors', shape: '(N, D)', dtype: 'float', differentiable: true, meaning: 'Anchor (query) embeddings; row i goes with positive i.' };
const POSITIVES: TensorArgSpec = { name: 'positives', shape: '(N, D)', dtype: 'float', differentiable: true, meaning: 'Positive (key) embeddings; every other row is a negative for anchor i.' };

export const npairsLoss = defineLoss({
  id: 'npairs_loss',
  title: 'N-pairs loss',
  family: 'embedding',
  summary: 'Each anchor must pick out its own positive among the N positives of the batch: softmax cross-entropy over dot products a·pᵀ, with an optional L2 penalty on the embeddings.',
  formula: { unicode: 'ℓ = mean_i −log( e^{aᵢ·pᵢ} / Σ_j e^{aᵢ·pⱼ} ) + λ·mean_i(‖aᵢ‖² + ‖pᵢ‖²)', latex: '\\ell = \\frac1N\\sum_i -\\log\\frac{e^{a_i^\\top p_i}}{\\sum_j e^{a_i^\\top p_j}} + \\lambda\\,\\frac1N\\sum_i (\\lVert a_i\\rVert^2 + \\lVert p_i\\rVert^2)' },
  args: [ANCHORS, POSITIVES],
  options: [numberOption('l2_reg', 0, 'λ: weight of the squared-norm penalty on the embeddings (the paper uses 0.002); the dot products are not normalised, so norms grow without it.', { range: { min: 0 } })],
  shapes: { input: 'anchors (N, D)', target: 'positives (N, D)', output: 'scalar' },
  spellings: [pml('NPairsLoss', 'NPairsLoss() takes embeddings and labels and picks one anchor–positive pair per class; the loss on those pairs is this cross-entropy over dot products (no normalisation); add an embedding_regularizer for the L2 term.')],
  whenToUse: ['Metric learning with one positive per anchor and many classes per batch (one pair per class).'],
  pitfalls: [{ id: 'npairs-norm-growth', title: 'Unnormalised embeddings grow', detail: 'Dot products grow with the norms, so the loss can fall by scaling embeddings instead of arranging them; use l2_reg or normalise.' }, EMBEDDING_COLLAPSE],
  gradient: '∂/∂(aᵢ·pⱼ) = (softmaxᵢⱼ − [i = j])/N; ∂/∂aᵢ = Σⱼ that·pⱼ + 2λaᵢ/N, ∂/∂pⱼ likewise.',
  references: [{ title: 'Sohn, Improved Deep Metric Learning with Multi-class N-pair Loss Objective, NeurIPS 2016', url: 'https://papers.nips.cc/paper/2016/hash/6b180037abbebea991d8b1232f8a8ca9-Abstract.html' }, PML_DOCS],
  expects: { prediction: 'embeddings', target: 'none' },
  run({ arg, opt, wantGrad }) {
    const a = arg('anchors');
    const p = arg('positives');
    const lambda = opt.number('l2_reg');
    const { value, dA, dB } = inBatchContrastive('npairs_loss', ['anchors', 'positives'], a, p, 1, false, false, wantGrad);
    const N = a.shape[0]!;
    let reg = 0;
    for (let k = 0; k < a.size; k++) reg += a.data[k]! ** 2 + p.data[k]! ** 2;
    const total = value + (lambda * reg) / N;
    if (!wantGrad) return { value: Tensor.scalar(total), grad: NO_GRAD };
    return {
      value: Tensor.scalar(total),
      grad: { anchors: new Tensor(a.shape, dA.map((g, k) => g + (2 * lambda * a.data[k]!) / N)), positives: new Tensor(p.shape, dB.map((g, k) => g + (2 * lambda * p.data[k]!) / N)) },
    };
  },
});

export const infonceLoss = defineLoss({
  id: 'infonce_loss',
  title: 'InfoNCE loss (paired, in-batch negatives)',
  family: 'embedding',
  summary: 'Contrastive predictive coding\'s loss: each query must identify its own key among the batch\'s keys by cosine similarity / τ; every other key is a negative.',
  formula: { unicode: 'ℓ = mean_i −log( e^{cos(qᵢ,kᵢ)/τ} / Σ_j e^{cos(qᵢ,kⱼ)/τ} )', latex: '\\ell = \\frac1N\\sum_i -\\log\\frac{e^{\\cos(q_i, k_i)/\\tau}}{\\sum_j e^{\\cos(q_i, k_j)/\\tau}}' },
  args: [ANCHORS, POSITIVES],
  options: [
    numberOption('temperature', 0.1, 'τ: divides the cosine similarities; smaller τ concentrates on the hardest negatives.', { range: { min: 0, exclusiveMin: true }, tunable: { min: 0.01, max: 1, step: 0.01 } }),
    { name: 'normalize', type: 'boolean', default: true, meaning: 'L2-normalise queries and keys (cosine similarity); false uses raw dot products.' },
  ],
  shapes: { input: 'anchors (queries) (N, D)', target: 'positives (keys) (N, D)', output: 'scalar' },
  spellings: [{ framework: 'other', kind: 'module', name: 'info_nce.InfoNCE', argMap: { query: 'anchors', positive_key: 'positives', temperature: 'temperature' }, note: "info-nce-pytorch: InfoNCE(temperature=0.1, reduction='mean', negative_mode='unpaired') with negative_keys=None uses the other positives as negatives, exactly this." }],
  whenToUse: ['Self-supervised and retrieval training with paired views (query/key, text/code), where labels define exactly one positive per row.'],
  pitfalls: [{ id: 'infonce-temperature', title: 'Temperature sets the hardness', detail: 'τ = 1 gives almost no gradient from hard negatives; τ ≈ 0.05–0.2 is typical. Too small a τ makes training unstable.' }, { id: 'infonce-false-negatives', title: 'Duplicates in the batch are treated as negatives', detail: 'Two rows with the same content (same class, same sentence) push each other apart; deduplicate or use a label-aware loss (SupCon, NT-Xent with labels).' }],
  gradient: 'Cross-entropy gradient (softmax − I)/(N·τ) with respect to the cosine matrix, then through the normalisations.',
  references: [{ title: 'van den Oord et al., Representation Learning with Contrastive Predictive Coding, 2018', url: 'https://arxiv.org/abs/1807.03748' }],
  expects: { prediction: 'embeddings', target: 'none' },
  run({ arg, opt, wantGrad }) {
    const a = arg('anchors');
    const p = arg('positives');
    const { value, dA, dB } = inBatchContrastive('infonce_loss', ['anchors', 'positives'], a, p, 1 / opt.number('temperature'), opt.boolean('normalize'), false, wantGrad);
    return { value: Tensor.scalar(value), grad: wantGrad ? { anchors: new Tensor(a.shape, dA), positives: new Tensor(p.shape, dB) } : NO_GRAD };
  },
});

export const clipLoss = defineLoss({
  id: 'clip_loss',
  title: 'CLIP contrastive loss',
  family: 'embedding',
  summary: 'Symmetric InfoNCE between image and text features: cross-entropy of logit_scale·I·Tᵀ over texts and over images, averaged.',
  formula: { unicode: 'L = s·I·Tᵀ;  ℓ = ½·(CE(L, arange) + CE(Lᵀ, arange))', latex: '\\ell = \\tfrac12\\bigl(\\mathrm{CE}(sIT^\\top, \\mathrm{diag}) + \\mathrm{CE}(sTI^\\top, \\mathrm{diag})\\bigr)' },
  args: [
    { name: 'image_features', shape: '(N, D)', dtype: 'float', differentiable: true, meaning: 'Image embeddings, already L2-normalised by the model.' },
    { name: 'text_features', shape: '(N, D)', dtype: 'float', differentiable: true, meaning: 'Text embeddings of the matching captions, already normalised.' },
  ],
  options: [numberOption('logit_scale', 1 / 0.07, 's = exp(learned log-scale): multiplies the similarities; CLIP starts at 1/0.07 and clamps at 100.', { range: { min: 0, exclusiveMin: true }, tunable: { min: 1, max: 100, step: 1 } })],
  shapes: { input: 'image_features (N, D)', target: 'text_features (N, D)', output: 'scalar' },
  spellings: [{ framework: 'other', kind: 'module', name: 'open_clip.loss.ClipLoss', argMap: { image_features: 'image_features', text_features: 'text_features', logit_scale: 'logit_scale' }, note: 'logit_scale is passed to forward() as a tensor (model.logit_scale.exp()); features are not normalised by the loss.' }],
  whenToUse: ['Image–text (or any two-modality) contrastive pre-training.'],
  pitfalls: [{ id: 'clip-unnormalised-features', title: 'Features must be normalised first', detail: 'ClipLoss uses raw dot products: unnormalised features make logit_scale meaningless and the loss scale-dependent.' }, { id: 'clip-batch-size', title: 'Batch size is the number of negatives', detail: 'Each pair is contrasted with N − 1 others: small batches give an easy task and weak representations.' }],
  gradient: '½·s·((softmax rows − I) + (softmax columns − I)ᵀ)/N with respect to I·Tᵀ, then dI = dS·T and dT = dSᵀ·I.',
  references: [{ title: 'Radford et al., Learning Transferable Visual Models From Natural Language Supervision, ICML 2021', url: 'https://arxiv.org/abs/2103.00020' }, { title: 'open_clip loss.py', url: 'https://github.com/mlfoundations/open_clip/blob/main/src/open_clip/loss.py' }],
  expects: { prediction: 'embeddings', target: 'none' },
  run({ arg, opt, wantGrad }) {
    const a = arg('image_features');
    const b = arg('text_features');
    const { value, dA, dB } = inBatchContrastive('clip_loss', ['image_features', 'text_features'], a, b, opt.number('logit_scale'), false, true, wantGrad);
    return { value: Tensor.scalar(value), grad: wantGrad ? { image_features: new Tensor(a.shape, dA), text_features: new Tensor(b.shape, dB) } : NO_GRAD };
  },
});

export const METRIC_LOSSES: readonly LossSpec[] = [cosfaceLoss, proxyNcaLoss, proxyAnchorLoss, liftedStructureLoss, npairsLoss, infonceLoss, clipLoss];
