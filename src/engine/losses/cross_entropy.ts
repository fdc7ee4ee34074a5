import { LossError } from '../errors';
import type { LossResult, LossSpec, OptionValue } from '../catalog/types';
import { Tensor, formatShape, sameShape } from '../tensor';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { checkClassWeight, classIndexLayout, classIndexReductionOption, readClassTargets, totalTargetWeight } from './classes';
import { requireArg, requireFloat } from './common';
import { LEGACY_REDUCTION_OPTIONS, fmt } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';
import { classIndexRows, probabilityRows } from '../kernels/softmax_cross_entropy';
import { CLASS_IMBALANCE, IGNORE_INDEX_MEAN, TARGET_DTYPE_PICKS_MODE } from './classification_pitfalls';

const ID = 'cross_entropy';

export const spec: LossSpec = {
  id: ID,
  title: 'Cross-entropy (softmax + negative log-likelihood)',
  family: 'classification',
  summary:
    'Negative log of the softmax probability of the true class (or cross-entropy against target class probabilities), computed from raw logits: the standard loss for single-label classification.',
  formula: {
    unicode:
      'ℓₙ = −w[yₙ]·log softmax(xₙ)[yₙ];  with label smoothing ε: (1−ε)·ℓₙ − (ε/C)·Σc w[c]·log softmax(xₙ)[c];  mean: Σₙ ℓₙ / Σₙ w[yₙ].  Probability targets: ℓₙ = −Σc w[c]·yₙ,c·log softmax(xₙ)[c], mean over N',
    latex:
      '\\ell_n = -w_{y_n}\\log\\frac{e^{x_{n,y_n}}}{\\sum_{c=1}^{C} e^{x_{n,c}}}, \\qquad \\mathcal{L}_{\\text{mean}} = \\frac{\\sum_n \\ell_n}{\\sum_n w_{y_n}\\,[y_n \\ne \\text{ignore}]}; \\quad \\text{smoothing: } (1-\\varepsilon)\\,\\ell_n - \\frac{\\varepsilon}{C}\\sum_c w_c \\log p_{n,c}',
  },
  args: [
    { name: 'input', shape: '(C), (N, C) or (N, C, d1, ..., dK)', dtype: 'float', differentiable: true, meaning: 'Unnormalised scores (logits) for each class; class dimension is dim 1 (dim 0 when unbatched).' },
    {
      name: 'target',
      shape: 'class indices: (), (N) or (N, d1, ..., dK); probabilities: same shape as input',
      dtype: 'float or int',
      differentiable: true,
      meaning: 'Either int64 class indices in [0, C) (or ignore_index), or float class probabilities with the shape of input (differentiable only then).',
    },
    { name: 'weight', shape: '(C)', dtype: 'float', differentiable: true, optional: true, meaning: 'Rescaling weight per class (a tensor argument); differentiable only with probability targets, as in PyTorch.' },
  ],
  options: [
    ...LEGACY_REDUCTION_OPTIONS,
    {
      name: 'ignore_index',
      type: 'integer',
      default: -100,
      meaning: 'Targets equal to this class index contribute neither loss nor gradient and are left out of the mean; only for class-index targets (must stay negative with probability targets).',
      explain: (v: OptionValue) =>
        typeof v === 'number'
          ? `targets equal to ${v} are skipped: no loss, no gradient, and they are not counted in the mean${v >= 0 ? ' (PyTorch rejects a non-negative ignore_index with probability targets)' : ''}`
          : 'an integer class index whose targets are skipped',
    },
    classIndexReductionOption(true),
    {
      name: 'label_smoothing',
      type: 'number',
      default: 0,
      range: { min: 0, max: 1 },
      meaning: 'Mixes the target with the uniform distribution: the true class gets 1−ε+ε/C and every other class ε/C.',
      explain: (v: OptionValue) => {
        if (typeof v !== 'number') return 'a number between 0 and 1';
        if (v > 1) return `${fmt(v)} is above 1: PyTorch raises "label_smoothing must be between 0.0 and 1.0"`;
        if (v <= 0) return v < 0 ? 'negative values are silently treated as 0 by PyTorch 1.13 (no smoothing)' : 'no smoothing: the target is exactly the true class';
        return `targets become ${fmt(1 - v)} on the true class plus ${fmt(v)}/C spread over all classes, which keeps logits from growing without bound`;
      },
      tunable: { min: 0, max: 0.5, step: 0.01 },
    },
  ],
  shapes: {
    input: '(C), (N, C) or (N, C, d1, ..., dK) with K ≥ 1',
    target: 'class indices: () for (C) input, (N), or (N, d1, ..., dK); class probabilities: the shape of input',
    output: "scalar; with reduction='none': () for unbatched, (N) or (N, d1, ..., dK)",
  },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.CrossEntropyLoss', positional: ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.cross_entropy', positional: ['input', 'target', 'weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing'] },
    {
      framework: 'keras', kind: 'module', name: 'keras.losses.SparseCategoricalCrossentropy', argMap: { y_true: 'target', y_pred: 'input' },
      note: 'Integer labels. Expects probabilities unless from_logits=True (PyTorch always takes logits); loss(y_true, y_pred) puts the target first; class axis is the last one.',
    },
    {
      framework: 'keras', kind: 'functional', name: 'keras.losses.sparse_categorical_crossentropy', argMap: { y_true: 'target', y_pred: 'input' },
      note: 'Per-sample losses, no batch reduction; from_logits=False by default, so pass from_logits=True for logits.',
    },
    {
      framework: 'keras', kind: 'module', name: 'keras.losses.CategoricalCrossentropy', argMap: { y_true: 'target', y_pred: 'input' },
      note: 'One-hot or probability targets (PyTorch\'s probability-target mode); from_logits=False by default; label_smoothing smooths the one-hot targets the same way.',
    },
    {
      framework: 'keras', kind: 'functional', name: 'keras.losses.categorical_crossentropy', argMap: { y_true: 'target', y_pred: 'input' },
      note: 'Per-sample losses over the last axis; from_logits=False by default.',
    },
    { framework: 'keras', kind: 'string', name: 'sparse_categorical_crossentropy', note: "compile(loss=...) with integer labels; the model must output probabilities (softmax), since from_logits is False." },
    { framework: 'keras', kind: 'string', name: 'categorical_crossentropy', note: 'compile(loss=...) with one-hot labels; expects softmax probabilities.' },
    {
      framework: 'jax', kind: 'functional', name: 'optax.softmax_cross_entropy', argMap: { logits: 'input', labels: 'target' },
      note: "Probability labels over the last axis; returns per-example losses (reduction='none'); smooth labels with optax.smooth_labels.",
    },
    {
      framework: 'jax', kind: 'functional', name: 'optax.softmax_cross_entropy_with_integer_labels', argMap: { logits: 'input', labels: 'target' },
      note: 'Integer labels, classes on the last axis; per-example losses; no weight or ignore_index.',
    },
    {
      framework: 'keras', kind: 'functional', name: 'tensorflow.nn.sparse_softmax_cross_entropy_with_logits', argMap: { logits: 'input', labels: 'target' },
      note: 'TensorFlow: integer labels, logits, per-example losses.',
    },
    {
      framework: 'keras', kind: 'functional', name: 'tensorflow.nn.softmax_cross_entropy_with_logits', argMap: { logits: 'input', labels: 'target' },
      note: 'TensorFlow: probability labels, logits, per-example losses.',
    },
    {
      framework: 'sklearn', kind: 'functional', name: 'sklearn.metrics.log_loss', argMap: { y_true: 'target', y_pred: 'input' },
      note: 'A metric on predicted probabilities (not logits), clipped away from 0 and 1; normalize=True averages over samples; sample_weight weights samples, not classes.',
    },
  ],
  whenToUse: [
    'Single-label classification: exactly one correct class per sample (or per pixel for segmentation with (N, C, H, W) logits).',
    'When the model outputs raw logits: the softmax is applied inside, stably.',
    'Soft labels (distillation, mixup, label smoothing) through probability targets with the shape of input.',
    'Imbalanced classes: pass weight (C) to up-weight rare classes; the mean then divides by the total target weight.',
  ],
  pitfalls: [
    {
      id: 'softmax-before-cross-entropy',
      title: 'Softmax applied twice',
      detail:
        'cross_entropy applies log-softmax itself. Feeding it probabilities (the output of softmax) squashes the scores into [0, 1]: ' +
        'the loss can never go below about log(C) − 1 and gradients vanish. Pass raw logits, or use nll_loss on log_softmax output.',
    },
    CLASS_IMBALANCE,
    IGNORE_INDEX_MEAN,
    TARGET_DTYPE_PICKS_MODE,
    {
      id: 'label-smoothing-calibration',
      title: 'Label smoothing changes what the loss minimum means',
      detail:
        'With label_smoothing ε the loss cannot reach 0 and the optimum predicts 1−ε+ε/C for the true class, not 1: good for generalisation and calibration, ' +
        'but do not compare loss values across different ε, and do not combine it with distillation targets that are already soft.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx_c = p_c·Σ_k t_k − t_c with p = softmax(x) and t the (weighted, smoothed) target distribution: bounded in [−1, 1] per logit (times the weight), ' +
    'largest when the model is confidently wrong and vanishing as the predicted distribution matches the target; it never saturates like MSE on probabilities. ' +
    'Divided by Σ w[yₙ] for mean with class indices, by N for probability targets. Ignored targets get zero gradient. ' +
    'With probability targets the target and weight are differentiable: d/dt_c = −w_c·log p_c.',
  references: [
    { title: 'torch.nn.CrossEntropyLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.CrossEntropyLoss.html' },
    { title: 'torch.nn.functional.cross_entropy — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.cross_entropy.html' },
    { title: 'Szegedy et al., Rethinking the Inception Architecture for Computer Vision (label smoothing), 2016' },
    { title: 'Müller, Kornblith, Hinton, When Does Label Smoothing Help?, 2019' },
    { title: 'Keras probabilistic losses (CategoricalCrossentropy, SparseCategoricalCrossentropy)', url: 'https://keras.io/api/losses/probabilistic_losses/' },
    { title: 'optax losses (softmax_cross_entropy)', url: 'https://optax.readthedocs.io/en/latest/api/losses.html' },
  ],
  expects: { prediction: 'logits', target: 'class_indices' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const read = callOptions(spec, options);
    const reduction = readReduction(read, true);
    const ignoreIndex = read.integer('ignore_index');
    const smoothing = read.number('label_smoothing');
    const input = requireArg(ID, args, 'input');
    const target = requireArg(ID, args, 'target');
    requireFloat(ID, 'input', input);
    if (smoothing > 1) throw new LossError(ID, 'label_smoothing', `must be between 0.0 and 1.0, got ${smoothing}`);
    if (sameShape(input.shape, target.shape)) return probabilityTargets(input, target, args['weight'], reduction, ignoreIndex, smoothing, wantGrad);
    return classIndexTargets(input, target, args['weight'], reduction, ignoreIndex, smoothing, wantGrad);
  },
};

function probabilityTargets(
  input: Tensor,
  target: Tensor,
  weight: Tensor | undefined,
  reduction: 'none' | 'mean' | 'sum',
  ignoreIndex: number,
  smoothing: number,
  wantGrad: boolean,
): LossResult {
  // PyTorch reads same-shaped input and target as class probabilities.
  if (!target.isFloating) throw new LossError(ID, 'target', `same shape as input means class probabilities, which must be floating point, got ${target.dtype}`);
  if (ignoreIndex >= 0) throw new LossError(ID, 'ignore_index', `is not supported for probability targets (got ${ignoreIndex}; it must stay negative)`);
  if (input.ndim === 0) throw new LossError(ID, 'input', `needs a class dimension, got shape ${formatShape(input.shape)}`);
  const unbatched = input.ndim === 1;
  const classes = unbatched ? input.shape[0]! : input.shape[1]!;
  const batch = unbatched ? 1 : input.shape[0]!;
  const inner = unbatched ? 1 : input.shape.slice(2).reduce((a, b) => a * b, 1);
  const w = checkClassWeight(ID, weight, classes);
  const rows = batch * inner;
  const scale = reduction === 'mean' ? 1 / rows : 1;
  const r = probabilityRows({ logits: input.data, batch, classes, inner, weight: w }, target.data, smoothing, reduction === 'none', wantGrad ? scale : null);
  let value: Tensor;
  if (r.rows) value = new Tensor(unbatched ? [] : [batch, ...input.shape.slice(2)], r.rows);
  else if (reduction === 'sum') value = Tensor.scalar(r.sum);
  else value = Tensor.scalar(input.size === 0 ? NaN : r.sum / rows);
  const grad: Record<string, Tensor> = {};
  if (r.gradLogits) grad['input'] = new Tensor(input.shape, r.gradLogits);
  if (r.gradTarget) grad['target'] = new Tensor(target.shape, r.gradTarget);
  if (r.gradWeight && weight) grad['weight'] = new Tensor(weight.shape, r.gradWeight);
  return { value, grad };
}

function classIndexTargets(
  input: Tensor,
  target: Tensor,
  weight: Tensor | undefined,
  reduction: 'none' | 'mean' | 'sum',
  ignoreIndex: number,
  smoothing: number,
  wantGrad: boolean,
): LossResult {
  const layout = classIndexLayout(ID, input, target);
  const w = checkClassWeight(ID, weight, layout.classes);
  const targets = readClassTargets(ID, target, layout, ignoreIndex);
  const smoothed = smoothing > 0;
  const keep = smoothed ? 1 - smoothing : 1;
  const spread = smoothed ? smoothing / layout.classes : 0;
  const total = reduction === 'mean' ? totalTargetWeight(targets, w) : 1;
  // Factors as PyTorch's backward forms them: nll gets −(upstream / total weight), the smoothing sum upstream / total.
  const gradScales = wantGrad ? { nllScale: -(keep / total), smoothScale: smoothed ? -(spread / total) : 0 } : null;
  const s = classIndexRows({ logits: input.data, batch: layout.batch, classes: layout.classes, inner: layout.inner, weight: w }, targets, smoothing, reduction === 'none', gradScales);
  let value: Tensor;
  if (s.rows) value = new Tensor(layout.outShape, s.rows);
  else {
    const nll = reduction === 'mean' ? s.nllSum / total : s.nllSum;
    const smooth = reduction === 'mean' ? s.smoothSum / total : s.smoothSum;
    value = Tensor.scalar(smoothed ? keep * nll + smooth * spread : nll);
  }
  const grad: Record<string, Tensor> = {};
  if (s.gradLogits) grad['input'] = new Tensor(input.shape, s.gradLogits);
  return { value, grad };
}
