import { LossError } from '../errors';
import type { ElementwiseForm, LossSpec, Options, PointwiseKernel } from '../catalog/types';
import { Tensor, formatShape, sameShape } from '../tensor';
import { requireBroadcastsInto, valuesAt } from '../kernels/broadcast_operands';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { CLASS_IMBALANCE, PROBABILITIES_NOT_LOGITS } from './classification_pitfalls';
import { reduce, requireArg, requireFloat, sigmoid } from './common';
import { LEGACY_REDUCTION_OPTIONS, reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';
import { bceWithLogitsTerms } from '../kernels/logit_terms';
import { computeSameShape } from './pointwise';
import { SHAPES } from './shapes';

const ID = 'binary_cross_entropy_with_logits';

/** Without weight or pos_weight: (1 − y)·x + softplus(−x); d/dx = σ(x) − y, d/dy = −x. */
const unweighted: PointwiseKernel = (x, y, values, gx, gy, scale) => {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const l = bceWithLogitsTerms(x[i]!, y[i]!, 1, false);
    if (values !== null) values[i] = l;
    sum += l;
    if (gx !== null && gy !== null) {
      gx[i] = (sigmoid(x[i]!) - y[i]!) * scale;
      gy[i] = -x[i]! * scale;
    }
  }
  return sum;
};

function elementwise(options: Options): ElementwiseForm {
  return { kernel: unweighted, param: 0, reduction: readReduction(callOptions(spec, options), true) };
}

export const spec: LossSpec = {
  id: ID,
  title: 'Binary cross-entropy with logits (sigmoid + BCE)',
  family: 'classification',
  summary: 'Binary cross-entropy computed directly from logits with the log-sum-exp trick: stable for any logit, with per-element weight and per-class pos_weight.',
  formula: {
    unicode: 'ℓᵢ = wᵢ·[(1 − yᵢ)·xᵢ + (1 + (pᵢ − 1)·yᵢ)·log(1 + e^(−xᵢ))]  = −wᵢ·[pᵢ·yᵢ·log σ(xᵢ) + (1 − yᵢ)·log(1 − σ(xᵢ))];  mean: (1/n) Σᵢ ℓᵢ',
    latex: '\\ell_i = -w_i\\left[p_i\\,y_i\\log\\sigma(x_i) + (1-y_i)\\log\\bigl(1-\\sigma(x_i)\\bigr)\\right], \\quad \\sigma(x) = \\frac{1}{1+e^{-x}}',
  },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Logits x (any real number; the sigmoid is applied inside).' },
    { name: 'target', shape: '(*), same shape as input', dtype: 'float', differentiable: true, meaning: 'Target probabilities y, usually 0 or 1.' },
    { name: 'weight', shape: 'broadcastable to input', dtype: 'float', differentiable: false, optional: true, meaning: 'Rescaling weight per element (a tensor argument); not differentiable in PyTorch.' },
    {
      name: 'pos_weight', shape: 'broadcastable to input, typically (C)', dtype: 'float', differentiable: false, optional: true,
      meaning: 'Weight p of the positive term per class (a tensor argument): p > 1 raises recall, p < 1 precision; not differentiable in PyTorch.',
    },
  ],
  options: [...LEGACY_REDUCTION_OPTIONS, reductionOption('over all elements')],
  shapes: SHAPES.elementwiseSameShape,
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.BCEWithLogitsLoss', positional: ['weight', 'size_average', 'reduce', 'reduction', 'pos_weight'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.binary_cross_entropy_with_logits', positional: ['input', 'target', 'weight', 'size_average', 'reduce', 'reduction', 'pos_weight'] },
    {
      framework: 'jax', kind: 'functional', name: 'optax.sigmoid_binary_cross_entropy', argMap: { logits: 'input', labels: 'target' },
      note: "Elementwise losses (reduction='none'); no weight or pos_weight.",
    },
    {
      framework: 'keras', kind: 'functional', name: 'tensorflow.nn.sigmoid_cross_entropy_with_logits', argMap: { logits: 'input', labels: 'target' },
      note: "TensorFlow: elementwise losses (reduction='none').",
    },
    {
      framework: 'keras', kind: 'functional', name: 'tensorflow.nn.weighted_cross_entropy_with_logits', argMap: { logits: 'input', labels: 'target', pos_weight: 'pos_weight' },
      note: "TensorFlow: elementwise losses with pos_weight on the positive term, as here.",
    },
    {
      framework: 'sklearn', kind: 'string', name: 'log_loss',
      note: "SGDClassifier(loss='log_loss') fits logistic regression: this loss on the decision function (labels as 0/1 per one-vs-rest class), averaged, plus a penalty.",
    },
  ],
  whenToUse: [
    'Binary classification or multi-label classification (several independent yes/no labels per sample) with a linear last layer.',
    'Imbalanced positives: pos_weight = (#negatives / #positives) per class rebalances the positive term.',
    'Soft binary targets (knowledge distillation, label smoothing done by hand).',
  ],
  pitfalls: [
    PROBABILITIES_NOT_LOGITS,
    CLASS_IMBALANCE,
    {
      id: 'bce-for-single-label',
      title: 'Independent sigmoids for mutually exclusive classes',
      detail:
        'With exactly one correct class per sample, per-class sigmoids do not make the probabilities sum to 1 and treat every wrong class as a separate negative example. ' +
        'Use cross_entropy on the logits instead; keep this loss for multi-label problems.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx = w·[(p·y + 1 − y)·σ(x) − p·y] (σ(x) − y without pos_weight): bounded by w·max(1, p), never vanishing while the prediction is wrong and finite for logits of any size. ' +
    'd/dy = w·[log σ(−x) − p·log σ(x)] (−x without pos_weight). Divided by n for mean.',
  references: [
    { title: 'torch.nn.BCEWithLogitsLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.BCEWithLogitsLoss.html' },
    { title: 'torch.nn.functional.binary_cross_entropy_with_logits — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.binary_cross_entropy_with_logits.html' },
    { title: 'optax losses (sigmoid_binary_cross_entropy)', url: 'https://optax.readthedocs.io/en/latest/api/losses.html' },
    { title: 'tf.nn.weighted_cross_entropy_with_logits — TensorFlow API', url: 'https://www.tensorflow.org/api_docs/python/tf/nn/weighted_cross_entropy_with_logits' },
  ],
  expects: { prediction: 'logits', target: 'binary' },
  elementwise,
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const form = elementwise(options);
    const input = requireArg(ID, args, 'input');
    const target = requireArg(ID, args, 'target');
    requireFloat(ID, 'input', input);
    requireFloat(ID, 'target', target);
    if (!sameShape(input.shape, target.shape)) {
      throw new LossError(ID, 'target', `size ${formatShape(target.shape)} must be the same as input size ${formatShape(input.shape)}`);
    }
    const extra = (name: string): Float64Array | null => {
      const t = args[name];
      if (!t) return null;
      requireFloat(ID, name, t);
      requireBroadcastsInto(ID, name, t, input.shape);
      return valuesAt(t, input.shape);
    };
    const pw = extra('pos_weight');
    const w = extra('weight');
    if (!pw && !w) return computeSameShape(form, ['input', input], ['target', target], wantGrad);
    const x = input.data;
    const y = target.data;
    const n = x.length;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const l = bceWithLogitsTerms(x[i]!, y[i]!, pw ? pw[i]! : 1, pw !== null);
      values[i] = w ? l * w[i]! : l;
    }
    const { value, scale } = reduce(values, input.shape, form.reduction);
    const grad: Record<string, Tensor> = {};
    if (wantGrad) {
      const gx = new Float64Array(n);
      const gy = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const xi = x[i]!;
        const yi = y[i]!;
        const wi = w ? w[i]! * scale : scale;
        if (pw) {
          const py = pw[i]! * yi;
          gx[i] = ((py + 1 - yi) * sigmoid(xi) - py) * wi;
          gy[i] = (logSigmoidTorch(-xi) - logSigmoidTorch(xi) * pw[i]!) * wi;
        } else {
          gx[i] = (sigmoid(xi) - yi) * wi;
          gy[i] = -xi * wi;
        }
      }
      grad['input'] = new Tensor(input.shape, gx);
      grad['target'] = new Tensor(target.shape, gy);
    }
    return { value, grad };
  },
};

/** log σ(x) as PyTorch's log_sigmoid computes it: min(0, x) − log1p(e^(−|x|)). */
function logSigmoidTorch(x: number): number {
  return Math.min(0, x) - Math.log1p(Math.exp(-Math.abs(x)));
}
