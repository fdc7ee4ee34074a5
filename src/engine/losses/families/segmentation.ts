/** Segmentation losses as segmentation_models_pytorch (and kornia) define them: soft Jaccard,
 *  Lovász hinge and softmax, MCC, label-smoothed BCE and cross-entropy with ignore_index. */
import { LossError } from '../../errors';
import type { LossResult, LossSpec, OptionSpec, Pitfall, Reference, Spelling } from '../../catalog/types';
import { Tensor, formatShape, sameShape } from '../../tensor';
import { reductionOption } from '../option_specs';
import { OVERFITTING_TO_THE_LOSS } from '../shared_pitfalls';
import { requireSameShape } from '../common';
import { NO_GRAD, defineLoss } from './define';
import { backSoftmax } from '../../kernels/rows';
import { sigmoid } from '../../kernels/scalar_math';
import { enumOption, numberOption } from '../spec_options';
import { fastExp as fastExpImport } from '../../kernels/fast_exp';
import { SHAPES } from '../shapes';
import { log1pUnit as log1pUnitImport } from '../../kernels/fast_log1p';

// The hot loops' aliases (why: fast_exp.ts).
const fastExp = fastExpImport;
const log1pUnit = log1pUnitImport;

const SMP: Reference = { title: 'segmentation_models_pytorch losses', url: 'https://smp.readthedocs.io/en/latest/losses.html' };
const LOVASZ: Reference = { title: 'Berman et al., The Lovász-Softmax Loss: A Tractable Surrogate for the Optimization of the Intersection-Over-Union Measure, CVPR 2018', url: 'https://arxiv.org/abs/1705.08790' };
const smp = (name: string, argMap: Record<string, string>, note: string): Spelling => ({ framework: 'segmentation-models-pytorch', kind: 'module', name: `segmentation_models_pytorch.losses.${name}`, argMap, note });
const SMALL_OBJECTS: Pitfall = {
  id: 'segmentation-empty-masks',
  title: 'Empty masks and tiny objects',
  detail: 'Overlap losses are computed over the whole batch per class: an image without the class contributes only false positives, and a class absent from the batch is masked out. Combine with a pixel-wise loss (BCE/CE) for stable early training.',
};
const MODE: OptionSpec = enumOption('mode', 'binary', ['binary', 'multiclass', 'multilabel'], "smp's mode (required there): 'binary' (one channel, sigmoid), 'multiclass' (C channels, softmax, integer targets), 'multilabel' (C channels, sigmoid each).");

/** Predictions (N, C, *) as probabilities and one-hot targets in the same layout. */
interface Dense {
  N: number;
  C: number;
  K: number;
  p: Float64Array;
  t: Float64Array;
  /** d(loss)/d(p) back to d(loss)/d(logits). */
  back(dp: Float64Array): Float64Array;
}

function denseProbabilities(loss: string, x: Tensor, y: Tensor, mode: string, fromLogits: boolean): Dense {
  // smp views binary predictions as (N, 1, -1), so any shape with a batch dimension works there.
  if (x.ndim < (mode === 'binary' ? 1 : 2)) throw new LossError(loss, 'input', `expected (N, C, *) predictions, got shape ${formatShape(x.shape)}`);
  const N = x.shape[0]!;
  const C = mode === 'binary' ? 1 : x.shape[1]!;
  const K = N * C === 0 ? 0 : x.size / (N * C);
  const p = new Float64Array(x.size);
  const t = new Float64Array(x.size);
  if (mode === 'multiclass') {
    if (!sameShape(y.shape, [N, ...x.shape.slice(2)])) throw new LossError(loss, 'target', `expected class indices of shape ${formatShape([N, ...x.shape.slice(2)])}, got ${formatShape(y.shape)}`);
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) {
        const c = y.data[n * K + k]!;
        if (!Number.isInteger(c) || c < 0 || c >= C) throw new LossError(loss, 'target', `class index ${c} is out of range [0, ${C})`);
        t[(n * C + c) * K + k] = 1;
      }
    }
  } else {
    if (mode === 'binary' && x.ndim > 1 && x.shape[1] !== 1) throw new LossError(loss, 'input', `binary mode expects one channel (N, 1, *), got ${x.shape[1]}`);
    if (!sameShape(y.shape, x.shape)) throw new LossError(loss, 'target', `shape ${formatShape(y.shape)} must equal input shape ${formatShape(x.shape)}`);
    t.set(y.data);
  }
  const softmax = mode === 'multiclass';
  if (!fromLogits) p.set(x.data);
  else if (!softmax) for (let i = 0; i < x.size; i++) p[i] = sigmoid(x.data[i]!);
  else {
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) {
        let m = -Infinity;
        for (let c = 0; c < C; c++) m = Math.max(m, x.data[(n * C + c) * K + k]!);
        let s = 0;
        for (let c = 0; c < C; c++) s += Math.exp(x.data[(n * C + c) * K + k]! - m);
        for (let c = 0; c < C; c++) p[(n * C + c) * K + k] = Math.exp(x.data[(n * C + c) * K + k]! - m) / s;
      }
    }
  }
  const back = (dp: Float64Array): Float64Array => {
    if (!fromLogits) return dp;
    const g = new Float64Array(dp.length);
    if (!softmax) {
      for (let i = 0; i < dp.length; i++) g[i] = dp[i]! * p[i]! * (1 - p[i]!);
      return g;
    }
    const rowP = new Float64Array(C);
    const rowD = new Float64Array(C);
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) {
        for (let c = 0; c < C; c++) {
          rowP[c] = p[(n * C + c) * K + k]!;
          rowD[c] = dp[(n * C + c) * K + k]!;
        }
        backSoftmax(rowD, rowP, 0, C);
        for (let c = 0; c < C; c++) g[(n * C + c) * K + k] = rowD[c]!;
      }
    }
    return g;
  };
  return { N, C, K, p, t, back };
}

export const jaccardLoss = defineLoss({
  id: 'jaccard_loss',
  title: 'Jaccard (soft IoU) loss',
  family: 'segmentation',
  summary: 'One minus the soft intersection-over-union per class, computed over the whole batch, averaged over classes present in the target.',
  formula: { unicode: 'per class: I = Σ p·t, U = Σ p + Σ t − I;  J = (I + s)/max(U + s, eps);  ℓ = mean_c [t_c present]·(1 − J_c)  (or −log J_c)', latex: '\\ell = \\frac1C\\sum_c \\Bigl(1 - \\frac{I_c + s}{U_c + s}\\Bigr),\\quad I_c = \\sum p t,\\; U_c = \\sum p + \\sum t - I_c' },
  args: [
    { name: 'input', shape: '(N, C, *)', dtype: 'float', differentiable: true, meaning: 'Logits (or probabilities with from_logits=False); C = 1 in binary mode.' },
    { name: 'target', shape: '(N, C, *) masks, or (N, *) class indices in multiclass mode', dtype: 'float or int', differentiable: false, meaning: 'Ground-truth masks.' },
  ],
  options: [
    MODE,
    { name: 'from_logits', type: 'boolean', default: true, meaning: 'Apply sigmoid (binary/multilabel) or softmax over C (multiclass) first.' },
    { name: 'log_loss', type: 'boolean', default: false, meaning: 'Use −log(J) instead of 1 − J (stronger gradient when IoU is small).' },
    numberOption('smooth', 0, 'Added to intersection and union.', { range: { min: 0 } }),
    numberOption('eps', 1e-7, 'Lower bound of the denominator.', { range: { min: 0 } }),
  ],
  shapes: { input: '(N, C, *)', target: '(N, C, *) or (N, *)', output: 'scalar' },
  spellings: [smp('JaccardLoss', { y_pred: 'input', y_true: 'target' }, 'JaccardLoss(mode, classes=None, log_loss=False, from_logits=True, smooth=0.0, eps=1e-7); mode has no default.')],
  whenToUse: ['Semantic segmentation evaluated by IoU, especially with class imbalance; often added to BCE/CE.'],
  pitfalls: [SMALL_OBJECTS, { id: 'jaccard-probabilities-twice', title: 'from_logits=True expects logits', detail: 'Passing probabilities with the default from_logits=True applies sigmoid/softmax twice: predictions are squashed towards 0.5–0.73 and the loss cannot reach 0.' }, OVERFITTING_TO_THE_LOSS],
  gradient: '∂J/∂p = (t·(U + s) − (I + s)(1 − t))/(U + s)² per class, times −1 (or −1/J for log_loss) and the class mask, ÷ C; then through the sigmoid or softmax.',
  references: [{ title: 'Rahman & Wang, Optimizing Intersection-Over-Union in Deep Neural Networks for Image Segmentation, 2016' }, SMP],
  expects: { prediction: 'logits', target: 'binary' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    const d = denseProbabilities('jaccard_loss', x, arg('target'), opt.choice('mode'), opt.boolean('from_logits'));
    const smooth = opt.number('smooth');
    const eps = opt.number('eps');
    const logLoss = opt.boolean('log_loss');
    const { N, C, K, p, t } = d;
    const dp = new Float64Array(x.size);
    let total = 0;
    for (let c = 0; c < C; c++) {
      let I = 0;
      let sp = 0;
      let st = 0;
      for (let n = 0; n < N; n++) {
        for (let k = 0; k < K; k++) {
          const i = (n * C + c) * K + k;
          I += p[i]! * t[i]!;
          sp += p[i]!;
          st += t[i]!;
        }
      }
      if (!(st > 0)) continue;
      const U = sp + st - I;
      const den = Math.max(U + smooth, eps);
      const J = (I + smooth) / den;
      total += logLoss ? -Math.log(Math.max(J, eps)) : 1 - J;
      const outer = logLoss ? (J > eps ? -1 / J : 0) : -1;
      for (let n = 0; n < N; n++) {
        for (let k = 0; k < K; k++) {
          const i = (n * C + c) * K + k;
          const dU = 1 - t[i]!;
          const dJ = U + smooth >= eps ? (t[i]! * den - (I + smooth) * dU) / (den * den) : t[i]! / den;
          dp[i] = (outer * dJ) / C;
        }
      }
    }
    return { value: Tensor.scalar(total / C), grad: wantGrad ? { input: new Tensor(x.shape, d.back(dp)) } : NO_GRAD };
  },
});

export const mccLoss = defineLoss({
  id: 'mcc_loss',
  title: 'Matthews correlation coefficient loss',
  family: 'segmentation',
  summary: '1 − MCC of soft confusion counts over the whole batch: balanced between foreground and background, robust to class imbalance.',
  formula: { unicode: 'tp = Σpt + ε, tn = Σ(1−p)(1−t) + ε, fp = Σp(1−t) + ε, fn = Σ(1−p)t + ε;  ℓ = 1 − (tp·tn − fp·fn)/√((tp+fp)(tp+fn)(tn+fp)(tn+fn))', latex: '\\ell = 1 - \\frac{tp\\,tn - fp\\,fn}{\\sqrt{(tp+fp)(tp+fn)(tn+fp)(tn+fn)}}' },
  args: [
    { name: 'input', shape: '(N, 1, *)', dtype: 'float', differentiable: true, meaning: 'Foreground probabilities (after sigmoid).' },
    { name: 'target', shape: '(N, 1, *)', dtype: 'float', differentiable: false, meaning: 'Binary masks.' },
  ],
  options: [numberOption('eps', 1e-5, 'ε added to each soft count.', { range: { min: 0 } })],
  shapes: { input: '(N, 1, *) probabilities', target: 'same shape', output: 'scalar' },
  spellings: [smp('MCCLoss', { y_pred: 'input', y_true: 'target' }, 'MCCLoss(eps=1e-5) takes probabilities (no sigmoid inside).')],
  whenToUse: ['Binary segmentation with strong foreground/background imbalance (skin lesions, medical masks).'],
  pitfalls: [{ id: 'mcc-logits', title: 'Takes probabilities, not logits', detail: 'smp\'s MCCLoss does not apply a sigmoid: pass torch.sigmoid(logits).' }, SMALL_OBJECTS],
  gradient: '∂MCC/∂p = (t(tn + fp) − (1 − t)(tp + fn))/den − num·(tp+fn)(tn+fp)((tn+fn) − (tp+fp))/(2·den³); the loss gradient is its negative.',
  references: [{ title: 'Abhishek & Hamarneh, Matthews Correlation Coefficient Loss for Deep Convolutional Networks: Application to Skin Lesion Segmentation, ISBI 2021', url: 'https://arxiv.org/abs/2010.13454' }, SMP],
  expects: { prediction: 'probabilities', target: 'binary' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    const y = arg('target');
    requireSameShape('mcc_loss', 'input', x, 'target', y);
    const e = opt.number('eps');
    let tp = e;
    let tn = e;
    let fp = e;
    let fn = e;
    for (let i = 0; i < x.size; i++) {
      const p = x.data[i]!;
      const t = y.data[i]!;
      tp += p * t;
      tn += (1 - p) * (1 - t);
      fp += p * (1 - t);
      fn += (1 - p) * t;
    }
    const num = tp * tn - fp * fn;
    const den = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
    const k = (num * (tp + fn) * (tn + fp) * (tn + fn - tp - fp)) / (2 * den ** 3);
    const g = wantGrad ? Float64Array.from(y.data, (t) => -((t * (tn + fp) - (1 - t) * (tp + fn)) / den - k)) : null;
    return { value: Tensor.scalar(1 - num / den), grad: g ? { input: new Tensor(x.shape, g) } : NO_GRAD };
  },
});

export const softBceWithLogitsLoss = defineLoss({
  id: 'soft_bce_with_logits_loss',
  title: 'Soft BCE with logits (label smoothing, ignore_index)',
  family: 'segmentation',
  summary: 'Binary cross-entropy on logits against targets smoothed towards 0.5 by smooth_factor, with pixels whose target equals ignore_index contributing 0.',
  formula: { unicode: 't̃ = (1 − t)·s + t·(1 − s);  ℓᵢ = [tᵢ ≠ ignore]·(softplus(xᵢ) − xᵢ·t̃ᵢ)', latex: '\\ell_i = [t_i \\ne \\text{ignore}]\\bigl(\\log(1 + e^{x_i}) - x_i \\tilde t_i\\bigr),\\quad \\tilde t = (1-t)s + t(1-s)' },
  args: [
    { name: 'input', shape: '(N, *)', dtype: 'float', differentiable: true, meaning: 'Logits.' },
    { name: 'target', shape: '(N, *), same shape', dtype: 'float', differentiable: false, meaning: 'Binary targets (0/1), or ignore_index where no loss is wanted.' },
  ],
  options: [
    numberOption('smooth_factor', null, 's: targets become s and 1 − s; None means no smoothing.', { range: { min: 0, max: 1 } }),
    numberOption('ignore_index', -100, 'Target value whose pixels contribute 0 (they still count in the mean).', { type: 'integer' }),
    reductionOption('over all elements, ignored ones included'),
  ],
  shapes: { input: '(N, *)', target: '(N, *)', output: "scalar; with reduction='none', the shape of input" },
  spellings: [smp('SoftBCEWithLogitsLoss', { y_pred: 'input', y_true: 'target' }, "SoftBCEWithLogitsLoss(weight=None, ignore_index=-100, reduction='mean', smooth_factor=None, pos_weight=None); weight and pos_weight are not modelled here.")],
  whenToUse: ['Binary/multilabel segmentation with uncertain borders (smoothing) or unlabeled regions (ignore_index).'],
  pitfalls: [{ id: 'soft-bce-mean-includes-ignored', title: "'mean' divides by all pixels, ignored ones included", detail: 'Ignored pixels are zeroed but still counted: with many ignored pixels the loss and gradient shrink. Sum and divide by the number of valid pixels if that matters.' }, SMALL_OBJECTS],
  gradient: '∂/∂x = (σ(x) − t̃)·[t ≠ ignore] (÷ n for mean).',
  references: [SMP, { title: 'Müller et al., When Does Label Smoothing Help?, NeurIPS 2019', url: 'https://arxiv.org/abs/1906.02629' }],
  expects: { prediction: 'logits', target: 'binary' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    const y = arg('target');
    requireSameShape('soft_bce_with_logits_loss', 'input', x, 'target', y);
    const s = opt.numberOrNull('smooth_factor');
    const ignore = opt.number('ignore_index');
    // One pass, one exponential per pixel (softplus and sigmoid share e^−|x|, rounded as in
    // common.ts); the gradient is written scaled, and only 'none' keeps a per-pixel array.
    const reduction = opt.reduction();
    const n = x.size;
    const scale = reduction === 'mean' ? 1 / n : 1;
    const values = reduction === 'none' ? new Float64Array(n) : null;
    const g = wantGrad ? new Float64Array(n) : null;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const t = y.data[i]!;
      if (t === ignore) continue;
      const ts = s === null ? t : (1 - t) * s + t * (1 - s);
      const xi = x.data[i]!;
      const e = fastExp(xi > 0 ? -xi : xi);
      const v = (xi > 0 ? xi + log1pUnit(e) : log1pUnit(e)) - xi * ts;
      sum += v;
      if (values !== null) values[i] = v;
      if (g !== null) g[i] = ((xi >= 0 ? 1 / (1 + e) : e / (1 + e)) - ts) * scale;
    }
    const value = values ? new Tensor(x.shape, values) : Tensor.scalar(reduction === 'mean' ? (n === 0 ? NaN : sum / n) : sum);
    return { value, grad: g ? { input: new Tensor(x.shape, g) } : NO_GRAD };
  },
});

export const softCrossEntropy = defineLoss({
  id: 'soft_cross_entropy',
  title: 'Soft cross-entropy (smp, label smoothing, ignore_index)',
  family: 'segmentation',
  summary: 'Cross-entropy over the class dimension with label smoothing (1 − ε on the true class, ε/C everywhere) and ignored positions contributing 0 but counted in the mean.',
  formula: { unicode: 'ℓ = (1 − ε)·mean(−log p_y·[y ≠ ignore]) + (ε/C)·mean(−Σ_c log p_c·[y ≠ ignore])', latex: '\\ell = (1-\\epsilon)\\,\\overline{-\\log p_y} + \\frac{\\epsilon}{C}\\,\\overline{-\\textstyle\\sum_c \\log p_c}' },
  args: [
    { name: 'input', shape: '(N, C, *)', dtype: 'float', differentiable: true, meaning: 'Logits with the classes in dimension 1.' },
    { name: 'target', shape: '(N, *)', dtype: 'int', differentiable: false, meaning: 'Class indices, or ignore_index.' },
  ],
  options: [
    numberOption('smooth_factor', null, 'ε of the label smoothing; None (smp\'s default in recent versions, 0.0 in older ones) means none.', { range: { min: 0, max: 1 } }),
    numberOption('ignore_index', -100, 'Target value whose positions contribute 0 (they still count in the mean).', { type: 'integer' }),
    { ...reductionOption('over all positions, ignored ones included'), choices: ['mean', 'sum'] },
  ],
  shapes: SHAPES.segmentationIndices,
  spellings: [smp('SoftCrossEntropyLoss', { y_pred: 'input', y_true: 'target' }, "SoftCrossEntropyLoss(reduction='mean', smooth_factor=None, ignore_index=-100, dim=1).")],
  whenToUse: ['Multi-class segmentation with label smoothing and void pixels (Cityscapes 255, −100).'],
  pitfalls: [{ id: 'soft-ce-mean-includes-ignored', title: "'mean' counts ignored positions", detail: 'Unlike torch cross_entropy(ignore_index=…), which divides by the number of valid positions, this divides by all positions: the loss shrinks with the share of ignored pixels.' }, SMALL_OBJECTS],
  gradient: '∂/∂x_c = (p_c − (1 − ε)[c = y] − ε/C)/M at valid positions (M = all positions for mean), 0 at ignored ones.',
  references: [SMP, { title: 'Szegedy et al., Rethinking the Inception Architecture (label smoothing), CVPR 2016', url: 'https://arxiv.org/abs/1512.00567' }],
  expects: { prediction: 'logits', target: 'class_indices' },
  run({ arg, opt, wantGrad }) {
    const id = 'soft_cross_entropy';
    const x = arg('input');
    const y = arg('target');
    if (x.ndim < 2) throw new LossError(id, 'input', `expected (N, C, *) logits, got shape ${formatShape(x.shape)}`);
    const [N, C] = x.shape as [number, number];
    if (!sameShape(y.shape, [N, ...x.shape.slice(2)])) throw new LossError(id, 'target', `expected shape ${formatShape([N, ...x.shape.slice(2)])}, got ${formatShape(y.shape)}`);
    const K = N * C === 0 ? 0 : x.size / (N * C);
    const smoothFactor = opt.numberOrNull('smooth_factor');
    const eps = smoothFactor === null ? 0 : smoothFactor; // None: no label smoothing
    const ignore = opt.number('ignore_index');
    const M = N * K;
    const scale = opt.choice('reduction') === 'mean' ? 1 / M : 1;
    const g = new Float64Array(x.size);
    let nll = 0;
    let smooth = 0;
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) {
        const label = y.data[n * K + k]!;
        if (label === ignore) continue;
        if (!Number.isInteger(label) || label < 0 || label >= C) throw new LossError(id, 'target', `class index ${label} is out of range [0, ${C})`);
        let m = -Infinity;
        for (let c = 0; c < C; c++) m = Math.max(m, x.data[(n * C + c) * K + k]!);
        let s = 0;
        for (let c = 0; c < C; c++) s += Math.exp(x.data[(n * C + c) * K + k]! - m);
        const lse = m + Math.log(s);
        for (let c = 0; c < C; c++) {
          const i = (n * C + c) * K + k;
          smooth += lse - x.data[i]!;
          g[i] = (Math.exp(x.data[i]! - lse) - (c === label ? 1 - eps : 0) - eps / C) * scale;
        }
        nll += lse - x.data[(n * C + label) * K + k]!;
      }
    }
    const value = ((1 - eps) * nll + (eps / C) * smooth) * scale;
    return { value: Tensor.scalar(value), grad: wantGrad ? { input: new Tensor(x.shape, g) } : NO_GRAD };
  },
});

/** Lovász extension gradient of the Jaccard loss for labels sorted by decreasing error. */
function lovaszGrad(gtSorted: readonly number[]): Float64Array {
  const p = gtSorted.length;
  const gts = gtSorted.reduce((a, b) => a + b, 0);
  const jac = new Float64Array(p);
  let cumGt = 0;
  let cumNeg = 0;
  for (let i = 0; i < p; i++) {
    cumGt += gtSorted[i]!;
    cumNeg += 1 - gtSorted[i]!;
    jac[i] = 1 - (gts - cumGt) / (gts + cumNeg);
  }
  for (let i = p - 1; i > 0; i--) jac[i] = jac[i]! - jac[i - 1]!;
  return jac;
}

/** Σ f(errors sorted descending)·lovaszGrad(labels in that order); d/d(error) into `dErr` (scaled). */
function lovaszFlat(errors: readonly number[], labels: readonly number[], relu: boolean, dErr: Float64Array, at: readonly number[], scale: number): number {
  const perm = errors.map((_, i) => i).sort((a, b) => errors[b]! - errors[a]! || a - b);
  const grad = lovaszGrad(perm.map((i) => labels[i]!));
  let v = 0;
  perm.forEach((i, r) => {
    const e = errors[i]!;
    const active = !relu || e > 0;
    v += (active ? e : 0) * grad[r]!;
    if (active) dErr[at[i]!]! += grad[r]! * scale;
  });
  return v;
}

const PER_IMAGE: OptionSpec = { name: 'per_image', type: 'boolean', default: false, meaning: 'Compute the loss per image and average (true), or over the whole batch at once (false, smp\'s default).' };

export const lovaszHingeLoss = defineLoss({
  id: 'lovasz_hinge_loss',
  title: 'Lovász hinge loss (binary)',
  family: 'segmentation',
  summary: 'A convex surrogate of 1 − IoU for binary segmentation: the Lovász extension of the Jaccard loss applied to the hinge errors max(0, 1 − x·(2t − 1)) sorted in decreasing order.',
  formula: { unicode: 'eᵢ = 1 − xᵢ·(2tᵢ − 1);  π sorts e descending;  ℓ = Σ_k max(0, e_{π(k)})·gₖ,  g = Δ of the Jaccard loss along π', latex: '\\ell = \\overline{\\Delta_J}\\bigl(\\max(0, 1 - x \\odot (2t - 1))\\bigr)' },
  args: [
    { name: 'input', shape: '(N, 1, *) or (N, *)', dtype: 'float', differentiable: true, meaning: 'Logits (scores), one per pixel.' },
    { name: 'target', shape: 'same shape', dtype: 'float', differentiable: false, meaning: 'Binary masks (0/1).' },
  ],
  options: [PER_IMAGE],
  shapes: { input: '(N, 1, *)', target: 'same shape', output: 'scalar' },
  spellings: [
    smp('LovaszLoss', { y_pred: 'input', y_true: 'target' }, "LovaszLoss(mode='binary', per_image=False, ignore_index=None, from_logits=True); mode 'multiclass' is lovasz_softmax_loss."),
    { framework: 'kornia', kind: 'module', name: 'kornia.losses.LovaszHingeLoss', argMap: { pred: 'input', target: 'target' }, note: 'Always per image (per_image=True) and averaged; pred (B, 1, H, W).' },
  ],
  whenToUse: ['Fine-tuning binary segmentation for IoU once a BCE-trained model is reasonable.'],
  pitfalls: [{ id: 'lovasz-from-scratch', title: 'Slow from scratch', detail: 'The Lovász hinge optimises the IoU of the current ranking of pixels; starting from random weights it converges slowly. Pre-train with BCE, then switch or mix.' }, SMALL_OBJECTS],
  gradient: '∂/∂xᵢ = −(2tᵢ − 1)·g_{rank(i)} where eᵢ > 0, else 0; the Lovász weights g depend only on the sorted labels (piecewise linear in x).',
  references: [LOVASZ, SMP],
  expects: { prediction: 'logits', target: 'binary' },
  run({ arg, opt, wantGrad }): LossResult {
    const x = arg('input');
    const y = arg('target');
    requireSameShape('lovasz_hinge_loss', 'input', x, 'target', y);
    if (x.ndim < 1) throw new LossError('lovasz_hinge_loss', 'input', 'needs a batch dimension');
    const groups = opt.boolean('per_image') ? x.shape[0]! : 1;
    const per = groups === 0 ? 0 : x.size / groups;
    const dErr = new Float64Array(x.size);
    let total = 0;
    for (let gI = 0; gI < groups; gI++) {
      const idx = Array.from({ length: per }, (_, k) => gI * per + k);
      const errors = idx.map((i) => 1 - x.data[i]! * (2 * y.data[i]! - 1));
      total += lovaszFlat(errors, idx.map((i) => y.data[i]!), true, dErr, idx, 1 / groups);
    }
    const g = dErr.map((d, i) => -d * (2 * y.data[i]! - 1));
    return { value: Tensor.scalar(total / groups), grad: wantGrad ? { input: new Tensor(x.shape, g) } : NO_GRAD };
  },
});

export const lovaszSoftmaxLoss = defineLoss({
  id: 'lovasz_softmax_loss',
  title: 'Lovász-softmax loss (multi-class)',
  family: 'segmentation',
  summary: 'The Lovász extension of the per-class Jaccard loss applied to the softmax errors |[y = c] − p_c|, averaged over the classes present.',
  formula: { unicode: 'p = softmax(x) over C;  per class c: e = |[y = c] − p_c| sorted descending;  ℓ_c = Σ_k e_k·g_k(c);  ℓ = mean over present classes', latex: '\\ell = \\frac{1}{|C_{present}|}\\sum_c \\overline{\\Delta_{J_c}}\\bigl(\\lvert [y = c] - p_c \\rvert\\bigr)' },
  args: [
    { name: 'input', shape: '(N, C, *)', dtype: 'float', differentiable: true, meaning: 'Logits with classes in dimension 1.' },
    { name: 'target', shape: '(N, *)', dtype: 'int', differentiable: false, meaning: 'Class indices.' },
  ],
  options: [PER_IMAGE, enumOption('classes', 'present', ['present', 'all'], "Average over the classes present in the target ('present') or over all C classes.")],
  shapes: SHAPES.segmentationIndices,
  spellings: [{ framework: 'kornia', kind: 'module', name: 'kornia.losses.LovaszSoftmaxLoss', argMap: { pred: 'input', target: 'target' }, note: "Per image and averaged over all classes; smp's LovaszLoss(mode='multiclass') computes this over the batch with classes present." }],
  whenToUse: ['Semantic segmentation evaluated by mean IoU (DeepLab/Cityscapes fine-tuning).'],
  pitfalls: [{ id: 'lovasz-softmax-from-scratch', title: 'Pre-train with cross-entropy', detail: 'Like the hinge version it optimises the current ranking; mix with cross-entropy or switch after a few epochs.' }, SMALL_OBJECTS],
  gradient: '∂/∂p_c = sign(p_c − [y = c])·g_{rank} per class (÷ number of classes averaged), then back through the softmax.',
  references: [LOVASZ, SMP],
  expects: { prediction: 'logits', target: 'class_indices' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    const d = denseProbabilities('lovasz_softmax_loss', x, arg('target'), 'multiclass', true);
    const { N, C, K, p, t } = d;
    const groups = opt.boolean('per_image') ? N : 1;
    const present = opt.choice('classes') === 'present';
    const dp = new Float64Array(x.size);
    let total = 0;
    for (let gI = 0; gI < groups; gI++) {
      const images = groups === 1 ? Array.from({ length: N }, (_, n) => n) : [gI];
      const chosen: number[][] = [];
      for (let c = 0; c < C; c++) {
        const idx = images.flatMap((n) => Array.from({ length: K }, (_, k) => (n * C + c) * K + k));
        if (present && !idx.some((i) => t[i] === 1)) continue;
        chosen.push(idx);
      }
      if (chosen.length === 0) continue;
      let imageLoss = 0;
      const dErr = new Float64Array(x.size);
      for (const idx of chosen) imageLoss += lovaszFlat(idx.map((i) => Math.abs(t[i]! - p[i]!)), idx.map((i) => t[i]!), false, dErr, idx, 1 / (chosen.length * groups));
      total += imageLoss / chosen.length;
      for (let i = 0; i < x.size; i++) if (dErr[i] !== 0) dp[i]! += dErr[i]! * Math.sign(p[i]! - t[i]!);
    }
    return { value: Tensor.scalar(total / groups), grad: wantGrad ? { input: new Tensor(x.shape, d.back(dp)) } : NO_GRAD };
  },
});

export const SEGMENTATION_LOSSES: readonly LossSpec[] = [jaccardLoss, mccLoss, softBceWithLogitsLoss, softCrossEntropy, lovaszHingeLoss, lovaszSoftmaxLoss];
