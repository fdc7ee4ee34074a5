import { LossError } from '../errors';
import type { ElementwiseForm, LossSpec, Options, PointwiseKernel } from '../catalog/types';
import { Tensor, formatShape, sameShape } from '../tensor';
import { requireBroadcastsInto, valuesAt } from '../kernels/broadcast_operands';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { CLASS_IMBALANCE, PROBABILITIES_NOT_LOGITS } from './classification_pitfalls';
import { reduce, requireArg, requireFloat } from './common';
import { LEGACY_REDUCTION_OPTIONS, reductionOption } from './option_specs';
import { computeSameShape } from './pointwise';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';
import { SHAPES } from './shapes';

const ID = 'binary_cross_entropy';
/** PyTorch clamps each log term at −100 so that p = 0 or 1 gives a finite loss. */
const LOG_FLOOR = -100;
/** PyTorch's floor for x(1 − x) in the input gradient. */
const GRAD_EPSILON = 1e-12;

function notProbability(x: number, index: number): never {
  throw new LossError(ID, 'input', `all elements must be probabilities between 0 and 1, got ${x} at index ${index} (pass logits to binary_cross_entropy_with_logits)`);
}

/** One element's loss and its derivatives (before weight and reduction). */
const elementLoss = (x: number, y: number): number => (y - 1) * Math.max(Math.log(1 - x), LOG_FLOOR) - y * Math.max(Math.log(x), LOG_FLOOR);
const elementGradInput = (x: number, y: number): number => (x - y) / Math.max((1 - x) * x, GRAD_EPSILON);
const elementGradTarget = (x: number): number => -Math.log(x / (1 - x));

/** Without weight: every element checked to be a probability, then its clamped loss. */
const unweighted: PointwiseKernel = (x, y, values, gx, gy, scale) => {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (!(xi >= 0 && xi <= 1)) notProbability(xi, i);
    const l = elementLoss(xi, y[i]!);
    if (values !== null) values[i] = l;
    sum += l;
    if (gx !== null && gy !== null) {
      gx[i] = elementGradInput(xi, y[i]!) * scale;
      gy[i] = elementGradTarget(xi) * scale;
    }
  }
  return sum;
};

function elementwise(options: Options): ElementwiseForm {
  return { kernel: unweighted, param: 0, reduction: readReduction(callOptions(spec, options), true) };
}

export const spec: LossSpec = {
  id: ID,
  title: 'Binary cross-entropy (BCE) on probabilities',
  family: 'classification',
  summary: 'Log loss of independent yes/no predictions given as probabilities in [0, 1]; each log term is clamped at −100 as in PyTorch.',
  formula: {
    unicode: 'ℓᵢ = −wᵢ·[yᵢ·max(log xᵢ, −100) + (1 − yᵢ)·max(log(1 − xᵢ), −100)];  mean: (1/n) Σᵢ ℓᵢ',
    latex: '\\ell_i = -w_i\\left[y_i \\max(\\log x_i, -100) + (1-y_i)\\max(\\log(1-x_i), -100)\\right]',
  },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Predicted probabilities x in [0, 1] (after sigmoid).' },
    { name: 'target', shape: '(*), same shape as input', dtype: 'float', differentiable: true, meaning: 'Target probabilities y, usually 0 or 1 (soft labels allowed; PyTorch 1.13 does not check their range).' },
    { name: 'weight', shape: 'broadcastable to input', dtype: 'float', differentiable: false, optional: true, meaning: 'Rescaling weight per element (a tensor argument), e.g. (C) for per-label weights; not differentiable in PyTorch.' },
  ],
  options: [...LEGACY_REDUCTION_OPTIONS, reductionOption('over all elements')],
  shapes: SHAPES.elementwiseSameShape,
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.BCELoss', positional: ['weight', 'size_average', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.binary_cross_entropy', positional: ['input', 'target', 'weight', 'size_average', 'reduce', 'reduction'] },
    {
      framework: 'keras', kind: 'module', name: 'keras.losses.BinaryCrossentropy', argMap: { y_true: 'target', y_pred: 'input' },
      note: 'Probabilities by default (from_logits=False), like BCELoss; with from_logits=True it is binary_cross_entropy_with_logits. Clips probabilities to [ε, 1−ε] instead of clamping logs; averages over the last axis; target first.',
    },
    { framework: 'keras', kind: 'functional', name: 'keras.losses.binary_crossentropy', argMap: { y_true: 'target', y_pred: 'input' }, note: 'Per-sample mean over the last axis; from_logits=False by default.' },
    { framework: 'keras', kind: 'string', name: 'binary_crossentropy', note: "compile(loss='binary_crossentropy'): expects sigmoid outputs." },
  ],
  whenToUse: [
    'Binary or multi-label classification when the model already outputs probabilities (a final sigmoid).',
    'Reconstruction losses on [0, 1] data (e.g. binarised images in VAEs), with soft targets.',
    'Prefer binary_cross_entropy_with_logits whenever you have the logits: it is more stable and takes pos_weight.',
  ],
  pitfalls: [
    PROBABILITIES_NOT_LOGITS,
    {
      id: 'bce-log-clamp',
      title: 'Saturated probabilities give a flat loss of 100',
      detail:
        'When the sigmoid saturates (x rounds to exactly 0 or 1) the log term is clamped at −100: the loss stops growing and its gradient no longer reflects how wrong the logit is. ' +
        'Work with logits and binary_cross_entropy_with_logits instead.',
    },
    CLASS_IMBALANCE,
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx = w·(x − y) / max(x(1 − x), 1e-12): blows up near 0 and 1, which is why it is usually paired with a sigmoid whose derivative x(1 − x) cancels it. ' +
    'd/dy = −w·logit(x) = −w·log(x / (1 − x)), infinite at x = 0 or 1. Divided by n for mean.',
  references: [
    { title: 'torch.nn.BCELoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.BCELoss.html' },
    { title: 'torch.nn.functional.binary_cross_entropy — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.binary_cross_entropy.html' },
    { title: 'Keras probabilistic losses (BinaryCrossentropy)', url: 'https://keras.io/api/losses/probabilistic_losses/' },
  ],
  expects: { prediction: 'probabilities', target: 'binary' },
  elementwise,
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const form = elementwise(options);
    const input = requireArg(ID, args, 'input');
    const target = requireArg(ID, args, 'target');
    requireFloat(ID, 'input', input);
    requireFloat(ID, 'target', target);
    if (!sameShape(input.shape, target.shape)) {
      throw new LossError(ID, 'target', `shape ${formatShape(target.shape)} differs from input shape ${formatShape(input.shape)}; they must be the same`);
    }
    const weight = args['weight'];
    let w: Float64Array | null = null;
    if (weight) {
      requireFloat(ID, 'weight', weight);
      requireBroadcastsInto(ID, 'weight', weight, input.shape);
      w = valuesAt(weight, input.shape);
    }
    if (!w) return computeSameShape(form, ['input', input], ['target', target], wantGrad);
    const x = input.data;
    const y = target.data;
    const n = x.length;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      if (!(xi >= 0 && xi <= 1)) notProbability(xi, i);
      const yi = y[i]!;
      values[i] = elementLoss(xi, yi) * w[i]!;
    }
    const { value, scale } = reduce(values, input.shape, form.reduction);
    const grad: Record<string, Tensor> = {};
    if (wantGrad) {
      const gx = new Float64Array(n);
      const gy = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const xi = x[i]!;
        const wi = w[i]! * scale;
        gx[i] = elementGradInput(xi, y[i]!) * wi;
        gy[i] = elementGradTarget(xi) * wi;
      }
      grad['input'] = new Tensor(input.shape, gx);
      grad['target'] = new Tensor(target.shape, gy);
    }
    return { value, grad };
  },
};
