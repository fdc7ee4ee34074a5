import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { Tensor, broadcastShapes, expandTo, formatShape, numel, reduceGradTo, sameShape } from '../tensor';
import { logSigmoid, optionalArg, requireArg, sigmoid } from './common';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { LEGACY_REDUCTION_OPTIONS, reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';

const LOSS = 'multilabel_soft_margin_loss';

function broadcastAll(input: Tensor, target: Tensor, weight: Tensor | undefined): number[] {
  let shape = broadcastShapes(input.shape, target.shape);
  if (!shape) throw new LossError(LOSS, 'target', `shape ${formatShape(target.shape)} does not broadcast with input shape ${formatShape(input.shape)}`);
  if (weight) {
    const withWeight = broadcastShapes(shape, weight.shape);
    if (!withWeight) throw new LossError(LOSS, 'weight', `shape ${formatShape(weight.shape)} does not broadcast with the loss shape ${formatShape(shape)}`);
    shape = withWeight;
  }
  return shape;
}

function expanded(t: Tensor, shape: readonly number[]): Float64Array {
  return sameShape(t.shape, shape) ? t.data : expandTo(t, shape).data;
}

export const spec: LossSpec = {
  id: LOSS,
  title: 'Multi-label soft margin loss',
  family: 'classification',
  summary: 'Independent sigmoid cross-entropy for each of C labels, averaged over the labels of each sample: multi-label classification from logits and 0/1 targets.',
  formula: {
    unicode: 'ℓₙ = −(1/C) Σ_c w_c·[y_nc·log σ(x_nc) + (1 − y_nc)·log σ(−x_nc)]',
    latex:
      '\\ell_n = -\\frac{1}{C}\\sum_{c=1}^{C} w_c\\Bigl[y_{nc}\\log\\sigma(x_{nc}) + (1 - y_{nc})\\log\\sigma(-x_{nc})\\Bigr]',
  },
  args: [
    { name: 'input', shape: '(N, C) or (C); the last dimension holds the C classes', dtype: 'float', differentiable: true, meaning: 'Logits, one per class.' },
    { name: 'target', shape: 'same shape as input', dtype: 'float or int', differentiable: true, meaning: 'Multi-hot labels: 1 where the class is present, 0 elsewhere (probabilities in [0, 1] also work).' },
    { name: 'weight', shape: '(C), broadcastable with input', dtype: 'float', differentiable: true, optional: true, meaning: 'Per-class weights multiplying each class term.' },
  ],
  options: [
    {
      name: 'weight', type: 'tensor', default: null,
      meaning: 'Per-class rescaling weights of shape (C), multiplying each class term before the average over classes.',
      explain: () => 'each class term is multiplied by its weight, then divided by C (the weights are not normalised)',
    },
    ...LEGACY_REDUCTION_OPTIONS,
    reductionOption('over the samples'),
  ],
  shapes: { input: '(N, C) or (C)', target: '(N, C) or (C), same shape as input', output: "scalar; with reduction='none', (N) (or a 0-d tensor for (C) input)" },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.MultiLabelSoftMarginLoss', positional: ['weight', 'size_average', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.multilabel_soft_margin_loss', positional: ['input', 'target', 'weight', 'size_average', 'reduce', 'reduction'] },
  ],
  whenToUse: [
    'Multi-label classification (tags, attributes): any number of the C classes may be present in a sample.',
    'When you want one loss value per sample that does not grow with the number of classes (it is averaged over C).',
  ],
  pitfalls: [
    {
      id: 'class-imbalance',
      title: 'Rare labels are drowned out',
      detail:
        'When most labels are 0, predicting "absent" everywhere already gives a small loss. Use weight (or the pos_weight ' +
        'of binary_cross_entropy_with_logits) to up-weight rare classes, and track per-class recall.',
    },
    {
      id: 'multilabel-vs-softmax',
      title: 'Not for mutually exclusive classes',
      detail: 'Each class gets its own sigmoid, so probabilities do not sum to 1. If exactly one class is true, use cross_entropy.',
    },
    {
      id: 'multilabel-soft-margin-divides-by-c',
      title: 'Averaged over classes, unlike BCEWithLogits(sum)',
      detail:
        'The value equals binary_cross_entropy_with_logits with reduction mean over all N·C elements (for reduction mean), ' +
        'so gradients per logit are 1/(N·C): with many classes the effective learning rate is small.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx_nc = w_c·(σ(x_nc) − y_nc)/C (÷N for mean), stable for logits of any size; d/dy_nc = −w_c·x_nc/C; ' +
    'd/dw_c = the summed per-class terms. Bounded by w_c/C per logit.',
  references: [
    { title: 'torch.nn.MultiLabelSoftMarginLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.MultiLabelSoftMarginLoss.html' },
    { title: 'torch.nn.functional.multilabel_soft_margin_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.multilabel_soft_margin_loss.html' },
  ],
  expects: { prediction: 'logits', target: 'multilabel_binary' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const reduction = readReduction(callOptions(spec, options), true);
    const input = requireArg(LOSS, args, 'input');
    const target = requireArg(LOSS, args, 'target');
    const weight = optionalArg(args, 'weight');
    if (!input.isFloating) throw new LossError(LOSS, 'input', `expected a floating-point tensor, got ${input.dtype}`);
    if (target.dtype === 'bool') throw new LossError(LOSS, 'target', 'is a bool tensor: PyTorch cannot compute 1 − target for bool; convert it to float');
    if (input.ndim === 0) throw new LossError(LOSS, 'input', 'needs at least one dimension (the classes are its last dimension)');

    // PyTorch composes this loss from broadcasting ops and sums over dim input.dim() − 1 of the
    // broadcast result, so that is the class axis even when target or weight add leading dims.
    const shape = broadcastAll(input, target, weight);
    const classAxis = input.ndim - 1;
    const classes = input.shape[classAxis]!;
    const outShape = shape.filter((_, i) => i !== classAxis);
    const inner = numel(shape.slice(classAxis + 1));
    const outer = numel(shape.slice(0, classAxis));
    const axisLen = shape[classAxis]!;

    const x = expanded(input, shape);
    const y = expanded(target, shape);
    const w = weight ? expanded(weight, shape) : null;
    const rows = outer * inner;
    const rowLoss = new Float64Array(rows);
    const n = x.length;
    // each class term before weighting: d(loss)/d(weight) up to the constant factor
    const perElement = wantGrad && weight?.isFloating ? new Float64Array(n) : null;
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < axisLen; k++) {
        const base = (o * axisLen + k) * inner;
        for (let j = 0; j < inner; j++) {
          const i = base + j;
          const term = -(y[i]! * logSigmoid(x[i]!) + (1 - y[i]!) * logSigmoid(-x[i]!));
          if (perElement) perElement[i] = term;
          rowLoss[o * inner + j]! += w ? term * w[i]! : term;
        }
      }
    }
    for (let r = 0; r < rows; r++) rowLoss[r]! /= classes;

    let value: Tensor;
    let upstream = 1;
    if (reduction === 'none') value = new Tensor(outShape, rowLoss);
    else {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += rowLoss[r]!;
      if (reduction === 'mean') {
        value = Tensor.scalar(sum / rows);
        upstream = 1 / rows;
      } else value = Tensor.scalar(sum);
    }

    const grad: Record<string, Tensor> = {};
    if (!wantGrad) return { value, grad };
    const f = upstream / classes;
    const gx = new Float64Array(n);
    const gy = target.isFloating ? new Float64Array(n) : null;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i]! * f : f;
      gx[i] = wi * (sigmoid(x[i]!) - y[i]!);
      if (gy) gy[i] = wi * (logSigmoid(-x[i]!) - logSigmoid(x[i]!));
    }
    grad['input'] = reduceGradTo(gx, shape, input.shape);
    if (gy) grad['target'] = reduceGradTo(gy, shape, target.shape);
    if (weight && perElement) {
      for (let i = 0; i < n; i++) perElement[i]! *= f;
      grad['weight'] = reduceGradTo(perElement, shape, weight.shape);
    }
    return { value, grad };
  },
};
