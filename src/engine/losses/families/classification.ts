/** Classification extras as timm, Hugging Face and T5X define them: label smoothing, soft targets,
 *  asymmetric focusing, AugMix's Jensen–Shannon consistency, token-level LM cross-entropy, z-loss. */
import { LossError } from '../../errors';
import type { LossSpec, Reference, TensorArgSpec } from '../../catalog/types';
import { Tensor, formatShape, sameShape } from '../../tensor';
import { reduce, type Reduction } from '../common';
import { CLASS_IMBALANCE, PROBABILITIES_NOT_LOGITS } from '../classification_pitfalls';
import { reductionOption } from '../option_specs';
import { OVERFITTING_TO_THE_LOSS } from '../shared_pitfalls';
import { requireSameShape } from '../common';
import { NO_GRAD, defineLoss } from './define';
import { powWhole as powWholeImport, sigmoid } from '../../kernels/scalar_math';
import { backLogSoftmax, backSoftmax, logitsAndIndices, requireRank, softmaxRow, softmaxRowsInto } from '../../kernels/rows';
import { numberOption } from '../spec_options';
import { scratch } from '../../kernels/scratch';
import { classIndexRows } from '../../kernels/softmax_cross_entropy';

// The hot loops' alias of powWhole (why: fast_exp.ts).
const powWhole = powWholeImport;

const LOGITS: TensorArgSpec = { name: 'input', shape: '(N, C)', dtype: 'float', differentiable: true, meaning: 'Unnormalised class scores (logits).' };
const INDICES: TensorArgSpec = { name: 'target', shape: '(N)', dtype: 'int', differentiable: false, meaning: 'Class indices in [0, C).' };
const TIMM_LOSS: Reference = { title: 'timm.loss source (pytorch-image-models)', url: 'https://github.com/huggingface/pytorch-image-models/tree/main/timm/loss' };
const SMOOTHING = numberOption('smoothing', 0.1, 'ε: the target keeps 1 − ε on the true class and spreads ε uniformly over all C classes.', { range: { min: 0, max: 1, exclusiveMin: false }, tunable: { min: 0, max: 0.5, step: 0.01 } });

/** timm's label-smoothed cross-entropy of the first N rows of (·, C) logits, mean over the rows:
 *  (1 − ε)·nll + ε·mean_c(−log p_c), which is PyTorch's label smoothing, so it runs cross_entropy's
 *  fused softmax pass; with the gradient of the first N·C logits when asked. */
function smoothedCrossEntropy(x: Float64Array, t: Float64Array, N: number, C: number, eps: number, wantGrad: boolean): { value: number; grad: Float64Array | null } {
  const rows = { logits: x.subarray(0, N * C), batch: N, classes: C, inner: 1, weight: null };
  const s = classIndexRows(rows, Int32Array.from(t.subarray(0, N)), eps, false, wantGrad ? { nllScale: -(1 - eps) / N, smoothScale: -eps / C / N } : null);
  return { value: ((1 - eps) * s.nllSum + (eps / C) * s.smoothSum) / N, grad: s.gradLogits };
}

export const labelSmoothingCrossEntropy = defineLoss({
  id: 'label_smoothing_cross_entropy',
  title: 'Label-smoothing cross-entropy (timm)',
  family: 'classification',
  summary: "timm's LabelSmoothingCrossEntropy: (1 − ε)·NLL of the true class + ε·mean over classes of −log p, averaged over the batch (cross_entropy with label_smoothing=ε).",
  formula: { unicode: 'ℓᵢ = (1 − ε)·(−log p_{i,yᵢ}) + ε·(1/C)·Σ_c(−log p_{i,c}),  p = softmax(x);  ℓ = mean ℓᵢ', latex: '\\ell_i = (1-\\epsilon)(-\\log p_{i,y_i}) + \\frac{\\epsilon}{C}\\sum_c -\\log p_{i,c}' },
  args: [LOGITS, INDICES],
  options: [SMOOTHING],
  shapes: { input: '(N, C)', target: '(N) class indices', output: 'scalar (mean over the batch)' },
  spellings: [
    { framework: 'timm', kind: 'module', name: 'timm.loss.LabelSmoothingCrossEntropy', argMap: { x: 'input', target: 'target', smoothing: 'smoothing' }, note: 'smoothing=0.1 by default; always averages over the batch.' },
  ],
  whenToUse: ['ImageNet-style classifier training with label smoothing (timm recipes use 0.1).'],
  pitfalls: [{ id: 'smoothing-calibration-distillation', title: 'Smoothed teachers distil worse', detail: 'Label smoothing erases the information in the non-target logits; a teacher trained with it gives weaker knowledge distillation.' }, PROBABILITIES_NOT_LOGITS, OVERFITTING_TO_THE_LOSS],
  gradient: '∂/∂x_{i,c} = (p_{i,c} − (1 − ε)[c = yᵢ] − ε/C)/N.',
  references: [{ title: 'Szegedy et al., Rethinking the Inception Architecture (label smoothing), CVPR 2016', url: 'https://arxiv.org/abs/1512.00567' }, TIMM_LOSS],
  expects: { prediction: 'logits', target: 'class_indices' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    const t = arg('target');
    const { N, C } = logitsAndIndices('label_smoothing_cross_entropy', x, t);
    const eps = opt.number('smoothing');
    const { value, grad } = smoothedCrossEntropy(x.data, t.data, N, C, eps, wantGrad);
    return { value: Tensor.scalar(value), grad: grad ? { input: new Tensor(x.shape, grad) } : NO_GRAD };
  },
});

export const softTargetCrossEntropy = defineLoss({
  id: 'soft_target_cross_entropy',
  title: 'Soft-target cross-entropy (timm)',
  family: 'classification',
  summary: 'Cross-entropy against a full target distribution per sample, Σ −t·log softmax(x): the loss for Mixup/CutMix targets and distillation.',
  formula: { unicode: 'ℓᵢ = Σ_c −t_{i,c}·log softmax(xᵢ)_c', latex: '\\ell_i = -\\sum_c t_{i,c} \\log\\operatorname{softmax}(x_i)_c' },
  args: [LOGITS, { name: 'target', shape: '(N, C)', dtype: 'float', differentiable: true, meaning: 'Target distributions (rows summing to 1, e.g. mixed one-hot labels).' }],
  options: [reductionOption('over the batch')],
  shapes: { input: '(N, C)', target: '(N, C)', output: "scalar; with reduction='none', (N)" },
  spellings: [{ framework: 'timm', kind: 'module', name: 'timm.loss.SoftTargetCrossEntropy', argMap: { x: 'input', target: 'target' }, note: 'Always the mean over the batch.' }],
  whenToUse: ['Mixup/CutMix training (timm Mixup produces soft targets); distillation from a teacher\'s probabilities.'],
  pitfalls: [{ id: 'soft-target-rows-sum', title: 'Target rows must sum to 1', detail: 'Rows that do not sum to 1 scale the loss and shift its minimum: the logits are pulled towards t/Σt, with a gradient of p·Σt − t.' }, PROBABILITIES_NOT_LOGITS],
  gradient: '∂/∂x_{i,c} = p_{i,c}·Σt_i − t_{i,c}; ∂/∂t_{i,c} = −log p_{i,c} (÷ N for mean).',
  references: [{ title: 'Zhang et al., mixup: Beyond Empirical Risk Minimization, ICLR 2018', url: 'https://arxiv.org/abs/1710.09412' }, TIMM_LOSS],
  expects: { prediction: 'logits', target: 'class_probabilities' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    const t = arg('target');
    requireRank('soft_target_cross_entropy', 'input', x, 2, '(N, C) logits');
    requireSameShape('soft_target_cross_entropy', 'input', x, 'target', t);
    const [N, C] = x.shape as [number, number];
    // The gradients are written once, already scaled by the reduction; the softmax is one row of work array.
    const reduction = opt.reduction();
    const scale = reduction === 'mean' ? (N === 0 ? NaN : 1 / N) : 1;
    const p = scratch('soft_target_cross_entropy.softmax', N * C);
    const lses = scratch('soft_target_cross_entropy.lse', N);
    softmaxRowsInto(x.data, N, C, p, lses);
    const values = new Float64Array(N);
    const gx = wantGrad ? new Float64Array(x.size) : null;
    const gt = wantGrad ? new Float64Array(x.size) : null;
    for (let i = 0; i < N; i++) {
      const off = i * C;
      const lse = lses[i]!;
      let v = 0;
      let ts = 0;
      for (let c = 0; c < C; c++) {
        v += t.data[off + c]! * (lse - x.data[off + c]!);
        ts += t.data[off + c]!;
        if (gt) gt[off + c] = (lse - x.data[off + c]!) * scale;
      }
      if (gx) for (let c = 0; c < C; c++) gx[off + c] = (p[off + c]! * ts - t.data[off + c]!) * scale;
      values[i] = v;
    }
    const { value } = reduce(values, [N], reduction);
    return { value, grad: gx && gt ? { input: new Tensor(x.shape, gx), target: new Tensor(t.shape, gt) } : NO_GRAD };
  },
});

export const asymmetricLoss = defineLoss({
  id: 'asymmetric_loss',
  title: 'Asymmetric loss (multi-label, ASL)',
  family: 'classification',
  summary: 'Multi-label BCE with separate focusing for positives (γ+) and negatives (γ−) and a probability margin that discards very easy negatives: built for many-label problems with few positives.',
  formula: {
    unicode: 'p = σ(x), p_m = min(1 − p + m, 1);  ℓ = −Σ [y·(1 − p)^γ+·log p + (1 − y)·(1 − p_m)^γ−·log p_m]',
    latex: '\\ell = -\\sum\\Bigl[y (1-p)^{\\gamma_+}\\log p + (1-y)\\,p_m'+"'"+'^{\\gamma_-}\\log(p_m)\\Bigr],\\; p_m = \\min(1 - p + m, 1)',
  },
  args: [
    { name: 'input', shape: '(N, C)', dtype: 'float', differentiable: true, meaning: 'Logits, one per label.' },
    { name: 'target', shape: '(N, C)', dtype: 'float', differentiable: false, meaning: 'Multi-hot labels (1 present, 0 absent).' },
  ],
  options: [
    numberOption('gamma_neg', 4, 'γ−: focusing exponent of the negatives (larger ignores more easy negatives).', { range: { min: 0 } }),
    numberOption('gamma_pos', 1, 'γ+: focusing exponent of the positives.', { range: { min: 0 } }),
    numberOption('clip', 0.05, 'm: probability margin; negatives with p < m cost nothing. 0 disables it.', { range: { min: 0, max: 1 } }),
    numberOption('eps', 1e-8, 'Probabilities are clamped below at eps inside the logs.', { range: { min: 0 } }),
  ],
  shapes: { input: '(N, C)', target: '(N, C) multi-hot', output: 'scalar: the SUM over all elements (timm does not average)' },
  spellings: [{ framework: 'timm', kind: 'module', name: 'timm.loss.AsymmetricLossMultiLabel', argMap: { x: 'input', y: 'target' }, note: 'gamma_neg=4, gamma_pos=1, clip=0.05, eps=1e-8; returns −loss.sum() (not a mean). disable_torch_grad_focal_loss=True stops the gradient through the focusing weights (not modelled).' }],
  whenToUse: ['Multi-label classification with many labels and few positives per image (MS-COCO, Open Images, NUS-WIDE).'],
  pitfalls: [{ id: 'asl-sum-not-mean', title: 'The loss is a sum, not a mean', detail: 'timm returns the sum over the batch and all labels: its scale grows with batch size × labels, so the learning rate must be set accordingly.' }, CLASS_IMBALANCE, PROBABILITIES_NOT_LOGITS],
  gradient: 'Through σ, the clamps and the focusing weights: negatives with p < m get exactly 0; positives ∝ (1 − p)^γ+ (and its derivative), negatives ∝ p_m-shifted focusing.',
  references: [{ title: 'Ben-Baruch et al., Asymmetric Loss For Multi-Label Classification, ICCV 2021', url: 'https://arxiv.org/abs/2009.14119' }, TIMM_LOSS],
  expects: { prediction: 'logits', target: 'multilabel_binary' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    const y = arg('target');
    requireSameShape('asymmetric_loss', 'input', x, 'target', y);
    const gn = opt.number('gamma_neg');
    const gp = opt.number('gamma_pos');
    const m = opt.number('clip');
    const eps = opt.number('eps');
    const g = wantGrad ? new Float64Array(x.size) : null;
    let total = 0;
    for (let i = 0; i < x.size; i++) {
      const t = y.data[i]!;
      const p = sigmoid(x.data[i]!);
      const dp = p * (1 - p);
      let q = 1 - p;
      let dq = -dp;
      if (m > 0) {
        if (q + m < 1) q += m;
        else {
          q = 1;
          dq = 0;
        }
      }
      const lp = Math.log(Math.max(p, eps));
      const dlp = p > eps ? dp / p : 0;
      const lq = Math.log(Math.max(q, eps));
      const dlq = q > eps ? dq / q : 0;
      const L = t * lp + (1 - t) * lq;
      const dL = t * dlp + (1 - t) * dlq;
      const pt = p * t + q * (1 - t);
      const dpt = dp * t + dq * (1 - t);
      const gamma = gp * t + gn * (1 - t);
      const w = gamma === 0 ? 1 : powWhole(1 - pt, gamma);
      const dw = gamma === 0 ? 0 : -gamma * powWhole(1 - pt, gamma - 1) * dpt;
      total += -L * w;
      if (g) g[i] = -(dL * w + L * dw);
    }
    return { value: Tensor.scalar(total), grad: g ? { input: new Tensor(x.shape, g) } : NO_GRAD };
  },
});

export const asymmetricLossSingleLabel = defineLoss({
  id: 'asymmetric_loss_single_label',
  title: 'Asymmetric loss (single-label, timm)',
  family: 'classification',
  summary: 'Softmax cross-entropy whose per-class log-probabilities are focused asymmetrically ((1 − p)^γ+ on the true class, p^γ− on the others), with label smoothing.',
  formula: {
    unicode: 'p = softmax(x);  wᵧ = (1 − pᵧ)^γ+, w_c = p_c^γ− (c ≠ y);  t̃ = (1 − ε)·onehot + ε/C;  ℓᵢ = −Σ_c t̃_c·w_c·log p_c',
    latex: '\\ell_i = -\\sum_c \\tilde t_c\\, w_c \\log p_c,\\quad w_y = (1-p_y)^{\\gamma_+},\\; w_{c \\ne y} = p_c^{\\gamma_-}',
  },
  args: [LOGITS, INDICES],
  options: [
    numberOption('gamma_pos', 1, 'γ+: focusing of the true class.', { range: { min: 0 } }),
    numberOption('gamma_neg', 4, 'γ−: focusing of the other classes.', { range: { min: 0 } }),
    numberOption('eps', 0.1, 'Label smoothing ε of the targets.', { range: { min: 0, max: 1 } }),
    { ...reductionOption('over the batch'), choices: ['mean', 'none'], meaning: "'mean' over the batch (timm's default) or 'none' (any other value in timm returns the per-sample losses)." },
  ],
  shapes: { input: '(N, C)', target: '(N) class indices', output: "scalar; with reduction='none', (N)" },
  spellings: [{ framework: 'timm', kind: 'module', name: 'timm.loss.AsymmetricLossSingleLabel', argMap: { inputs: 'input', target: 'target' }, note: 'gamma_pos=1, gamma_neg=4, eps=0.1 (label smoothing), reduction="mean".' }],
  whenToUse: ['Single-label classification with many confusable classes, where easy negatives dominate the softmax cross-entropy.'],
  pitfalls: [CLASS_IMBALANCE, PROBABILITIES_NOT_LOGITS, OVERFITTING_TO_THE_LOSS],
  gradient: 'Back through log-softmax of G_c = −t̃_c·w_c − t̃_c·log p_c·p_c·dw_c/dp_c (÷ N for mean).',
  references: [{ title: 'Ben-Baruch et al., Asymmetric Loss For Multi-Label Classification, ICCV 2021', url: 'https://arxiv.org/abs/2009.14119' }, TIMM_LOSS],
  expects: { prediction: 'logits', target: 'class_indices' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    const t = arg('target');
    const { N, C } = logitsAndIndices('asymmetric_loss_single_label', x, t);
    const gp = opt.number('gamma_pos');
    const gn = opt.number('gamma_neg');
    const eps = opt.number('eps');
    const reduction = opt.choice('reduction') as Reduction;
    const p = new Float64Array(x.size);
    const lses = new Float64Array(N);
    softmaxRowsInto(x.data, N, C, p, lses);
    const d = new Float64Array(x.size);
    const values = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const off = i * C;
      const lse = lses[i]!;
      const y = t.data[i]!;
      let v = 0;
      for (let c = 0; c < C; c++) {
        const pc = p[off + c]!;
        const lp = x.data[off + c]! - lse;
        const tt = (c === y ? 1 - eps : 0) + eps / C;
        const w = c === y ? powWhole(1 - pc, gp) : powWhole(pc, gn);
        const dw = c === y ? (gp === 0 ? 0 : -gp * powWhole(1 - pc, gp - 1)) : gn === 0 ? 0 : gn * powWhole(pc, gn - 1);
        v += -tt * w * lp;
        d[off + c] = -tt * w - tt * lp * dw * pc;
      }
      values[i] = v;
      backLogSoftmax(d, p, off, C);
    }
    const { value, scale } = reduce(values, [N], reduction);
    return { value, grad: wantGrad ? { input: new Tensor(x.shape, d.map((g) => g * scale)) } : NO_GRAD };
  },
});

export const jsdConsistencyLoss = defineLoss({
  id: 'jsd_consistency_loss',
  title: 'Jensen–Shannon consistency loss (AugMix)',
  family: 'classification',
  summary: 'Cross-entropy on the clean split plus α times the Jensen–Shannon divergence between the predictions on the clean and the augmented splits of the batch.',
  formula: {
    unicode: 'splits x = [x⁽¹⁾; …; x⁽ˢ⁾], pₛ = softmax(x⁽ˢ⁾), M = clamp(mean pₛ, 1e-7, 1);  ℓ = CE_ε(x⁽¹⁾, y) + α·(1/S)·Σₛ KL(pₛ‖M)/N',
    latex: '\\ell = \\mathrm{CE}_\\epsilon(x^{(1)}, y) + \\frac{\\alpha}{S}\\sum_s \\mathrm{KL}(p_s \\Vert M),\\quad M = \\frac1S\\sum_s p_s',
  },
  args: [
    { name: 'input', shape: '(S·N, C)', dtype: 'float', differentiable: true, meaning: 'Logits of the clean batch followed by its S − 1 augmented copies.' },
    { name: 'target', shape: '(S·N) or (N)', dtype: 'int', differentiable: false, meaning: 'Class indices; only the first N (the clean split) are used.' },
  ],
  options: [
    numberOption('num_splits', 3, 'S: the batch holds the clean images and S − 1 augmentations of them.', { type: 'integer', range: { min: 1 } }),
    numberOption('alpha', 12, 'α: weight of the consistency (JS) term.', { range: { min: 0 } }),
    SMOOTHING,
  ],
  shapes: { input: '(S·N, C)', target: '(S·N) or (N)', output: 'scalar' },
  notPerExample: 'it needs each batch to hold the clean examples followed by their augmented copies (AugMix splits)',
  spellings: [{ framework: 'timm', kind: 'module', name: 'timm.loss.JsdCrossEntropy', argMap: { output: 'input', target: 'target' }, note: 'num_splits=3, alpha=12, smoothing=0.1; label-smoothed CE on the first split (plain CE when smoothing is 0).' }],
  whenToUse: ['AugMix / robustness training: makes predictions invariant to augmentations (ImageNet-C, CIFAR-C).'],
  pitfalls: [{ id: 'jsd-split-order', title: 'The batch must be ordered clean first, split by split', detail: 'The splits are consecutive blocks of N rows: [clean; aug1; aug2]. Interleaving images and their augmentations compares unrelated images.' }, PROBABILITIES_NOT_LOGITS],
  gradient: 'CE part on the clean split as label smoothing; the JS part gives ∂/∂pₛ = α/(S·N)·(log pₛ − log M), back through each softmax.',
  references: [{ title: 'Hendrycks et al., AugMix: A Simple Data Processing Method to Improve Robustness and Uncertainty, ICLR 2020', url: 'https://arxiv.org/abs/1912.02781' }, TIMM_LOSS],
  expects: { prediction: 'logits', target: 'class_indices' },
  run({ arg, opt, wantGrad }) {
    const id = 'jsd_consistency_loss';
    const x = arg('input');
    const t = arg('target');
    const S = opt.number('num_splits');
    const alpha = opt.number('alpha');
    const eps = opt.number('smoothing');
    requireRank(id, 'input', x, 2, '(S·N, C) logits');
    const [rows, C] = x.shape as [number, number];
    const N = rows / S;
    if (!Number.isInteger(N)) throw new LossError(id, 'input', `${rows} rows do not split into num_splits = ${S} equal parts`);
    if (t.ndim !== 1 || t.size < N) throw new LossError(id, 'target', `expected at least ${N} class indices, got shape ${formatShape(t.shape)}`);
    const clean = new Tensor([N, C], x.data.subarray(0, N * C));
    logitsAndIndices(id, clean, new Tensor([N], t.data.subarray(0, N), t.dtype));
    const p = new Float64Array(x.size);
    softmaxRowsInto(x.data, rows, C, p);
    const g = wantGrad ? new Float64Array(x.size) : null;
    const smoothed = smoothedCrossEntropy(x.data, t.data, N, C, eps, wantGrad);
    if (g && smoothed.grad) g.set(smoothed.grad);
    let value = smoothed.value;
    let js = 0;
    const d = new Float64Array(x.size);
    for (let i = 0; i < N; i++) {
      for (let c = 0; c < C; c++) {
        let m = 0;
        for (let s = 0; s < S; s++) m += p[(s * N + i) * C + c]!;
        m /= S;
        const clamped = m < 1e-7 || m > 1;
        const logM = Math.log(Math.min(Math.max(m, 1e-7), 1));
        for (let s = 0; s < S; s++) {
          const k = (s * N + i) * C + c;
          const ps = p[k]!;
          const lp = ps > 0 ? Math.log(ps) : 0;
          js += ps > 0 ? ps * (lp - logM) : 0;
          d[k] = ps > 0 ? lp + 1 - logM - (clamped ? 0 : 1) : 0;
        }
      }
    }
    value += (alpha * js) / (S * N);
    if (g) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < C; c++) d[r * C + c]! *= alpha / (S * N);
        backSoftmax(d, p, r * C, C);
        for (let c = 0; c < C; c++) g[r * C + c] = (r < N ? g[r * C + c]! : 0) + d[r * C + c]!;
      }
    }
    return { value: Tensor.scalar(value), grad: g ? { input: new Tensor(x.shape, g) } : NO_GRAD };
  },
});

export const zLoss = defineLoss({
  id: 'z_loss',
  title: 'z-loss (softmax normaliser penalty)',
  family: 'classification',
  summary: 'coef·(log Σ exp x)²: keeps the softmax normaliser near 1 (log Z ≈ 0), which stabilises large-model training in low precision.',
  formula: { unicode: 'ℓᵢ = coef·(logsumexp(xᵢ))²', latex: '\\ell_i = \\lambda\\,\\bigl(\\log\\textstyle\\sum_c e^{x_{i,c}}\\bigr)^2' },
  args: [{ name: 'input', shape: '(*, V)', dtype: 'float', differentiable: true, meaning: 'Logits over the vocabulary (or classes) in the last dimension.' }],
  options: [numberOption('z_loss_coef', 1e-4, 'λ: weight of the penalty (PaLM and T5X use 1e-4).', { range: { min: 0 } }), reductionOption('over all rows (tokens)')],
  shapes: { input: '(*, V)', target: 'none', output: "scalar; with reduction='none', the shape of input without its last dimension" },
  spellings: [{ framework: 'other', kind: 'functional', name: 't5x.losses.cross_entropy_with_logits', argMap: { logits: 'input', z_loss: 'z_loss_coef' }, note: 'T5X adds z_loss·logsumexp² to the cross-entropy (z_loss=1e-4 in its configs); this entry is that added term alone.' }],
  whenToUse: ['Auxiliary term for large language models and MoE routers (ST-MoE router z-loss), added to the main cross-entropy.'],
  pitfalls: [{ id: 'z-loss-coefficient', title: 'Large coefficients fight the cross-entropy', detail: 'The penalty pulls all logits down together; with λ much above 1e-3 it visibly slows the main loss. Track it separately.' }],
  gradient: '∂/∂x_{i,c} = 2λ·logsumexp(xᵢ)·softmax(xᵢ)_c (÷ rows for mean).',
  references: [{ title: 'Chowdhery et al., PaLM: Scaling Language Modeling with Pathways, 2022 (z-loss)', url: 'https://arxiv.org/abs/2204.02311' }, { title: 'Zoph et al., ST-MoE (router z-loss), 2022', url: 'https://arxiv.org/abs/2202.08906' }],
  expects: { prediction: 'logits', target: 'none' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    if (x.ndim < 1) throw new LossError('z_loss', 'input', 'needs a last (vocabulary) dimension');
    const V = x.shape[x.ndim - 1]!;
    const rows = V === 0 ? 0 : x.size / V;
    const coef = opt.number('z_loss_coef');
    const p = new Float64Array(x.size);
    const values = new Float64Array(rows);
    const g = new Float64Array(x.size);
    const lses = new Float64Array(rows);
    softmaxRowsInto(x.data, rows, V, p, lses);
    for (let r = 0; r < rows; r++) {
      const lse = lses[r]!;
      values[r] = coef * lse * lse;
      for (let c = 0; c < V; c++) g[r * V + c] = 2 * coef * lse * p[r * V + c]!;
    }
    const { value, scale } = reduce(values, x.shape.slice(0, -1), opt.reduction());
    return { value, grad: wantGrad ? { input: new Tensor(x.shape, g.map((v) => v * scale)) } : NO_GRAD };
  },
});

export const tokenCrossEntropy = defineLoss({
  id: 'token_cross_entropy',
  title: 'Causal LM token cross-entropy (shifted, ignore_index)',
  family: 'sequence',
  summary: 'The language-modelling loss of Hugging Face models: logits at position t predict the label at t + 1; labels equal to ignore_index (−100: prompt, padding) are skipped and the mean runs over the remaining tokens.',
  formula: { unicode: 'ℓ = Σ_{b,t: y_{b,t+1} ≠ ignore} −log softmax(x_{b,t})[y_{b,t+1}] / (number of such tokens, or num_items_in_batch)', latex: '\\ell = \\frac{1}{|\\mathcal{T}|}\\sum_{(b,t) \\in \\mathcal{T}} -\\log\\operatorname{softmax}(x_{b,t})_{y_{b,t+1}}' },
  args: [
    { name: 'input', shape: '(B, T, V)', dtype: 'float', differentiable: true, meaning: 'Logits for every position.' },
    { name: 'target', shape: '(B, T)', dtype: 'int', differentiable: false, meaning: 'Token ids aligned with the input ids (labels = input_ids, with −100 where no loss is wanted).' },
  ],
  options: [
    numberOption('ignore_index', -100, 'Label value that contributes no loss and is not counted.', { type: 'integer' }),
    { name: 'shift_labels', type: 'boolean', default: true, meaning: 'Shift so that position t predicts label t + 1 (as Hugging Face causal LMs do); false when labels are already shifted.' },
    numberOption('num_items_in_batch', null, 'Divide by this count instead of the number of non-ignored tokens (gradient accumulation across micro-batches).', { range: { min: 0, exclusiveMin: true } }),
  ],
  shapes: { input: '(B, T, V)', target: '(B, T)', output: 'scalar' },
  spellings: [{ framework: 'other', kind: 'functional', name: 'transformers.loss.loss_utils.ForCausalLMLoss', argMap: { logits: 'input', labels: 'target' }, note: 'ignore_index=-100; shifts the labels itself; sums and divides by num_items_in_batch when the Trainer passes it.' }],
  whenToUse: ['Pre-training and supervised fine-tuning of decoder-only language models; mask the prompt with −100 for SFT.'],
  pitfalls: [
    { id: 'lm-double-shift', title: 'Shifting twice (or not at all)', detail: 'Hugging Face models shift internally: passing already-shifted labels trains the model to predict two tokens ahead; passing unshifted labels to a loss that does not shift trains it to copy its input.' },
    { id: 'lm-accumulation-mean', title: 'Mean per micro-batch is not the mean per token', detail: 'With gradient accumulation, averaging each micro-batch\'s mean over-weights short sequences; divide the summed loss by num_items_in_batch instead.' },
  ],
  gradient: '∂/∂x_{b,t,v} = (softmax(x_{b,t})_v − [v = y_{b,t+1}])/count for counted positions, 0 elsewhere (and at the last position when shifting).',
  references: [{ title: 'Hugging Face transformers, loss_utils.ForCausalLMLoss', url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/loss/loss_utils.py' }],
  expects: { prediction: 'logits', target: 'sequences' },
  run({ arg, opt, wantGrad }) {
    const id = 'token_cross_entropy';
    const x = arg('input');
    const y = arg('target');
    requireRank(id, 'input', x, 3, '(B, T, V) logits');
    const [B, T, V] = x.shape as [number, number, number];
    if (!sameShape(y.shape, [B, T])) throw new LossError(id, 'target', `expected shape [${B}, ${T}], got ${formatShape(y.shape)}`);
    const ignore = opt.number('ignore_index');
    const shift = opt.boolean('shift_labels') ? 1 : 0;
    const items = opt.numberOrNull('num_items_in_batch');
    const p = new Float64Array(x.size);
    const g = new Float64Array(x.size);
    let sum = 0;
    let count = 0;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t + shift < T; t++) {
        const label = y.data[b * T + t + shift]!;
        if (label === ignore) continue;
        if (!Number.isInteger(label) || label < 0 || label >= V) throw new LossError(id, 'target', `token id ${label} is out of range [0, ${V})`);
        const off = (b * T + t) * V;
        const lse = softmaxRow(x.data, off, V, p);
        sum += lse - x.data[off + label]!;
        for (let v = 0; v < V; v++) g[off + v] = p[off + v]! - (v === label ? 1 : 0);
        count++;
      }
    }
    const denom = items ?? count;
    return { value: Tensor.scalar(sum / denom), grad: wantGrad ? { input: new Tensor(x.shape, g.map((v) => v / denom)) } : NO_GRAD };
  },
});

export const CLASSIFICATION_LOSSES: readonly LossSpec[] = [labelSmoothingCrossEntropy, softTargetCrossEntropy, asymmetricLoss, asymmetricLossSingleLabel, jsdConsistencyLoss, zLoss, tokenCrossEntropy];
