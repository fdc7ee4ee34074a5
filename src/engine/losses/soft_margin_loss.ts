import { LossError } from '../errors';
import type { ElementwiseForm, LossSpec, Options, PointwiseKernel } from '../catalog/types';
import { Tensor, broadcastShapes, expandTo, formatShape, reduceGradTo, sameShape } from '../tensor';
import { requireArg, sigmoid, softplus } from './common';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { applyElementwise } from './pointwise';
import { LEGACY_REDUCTION_OPTIONS, reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';
import { SHAPES } from './shapes';

const LOSS = 'soft_margin_loss';

/** softplus(−y·x) per element: d/dx = −y·σ(−y·x), d/dy = −x·σ(−y·x). */
const softMargin: PointwiseKernel = (x, y, values, gx, gy, scale) => {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const m = -y[i]! * x[i]!;
    const v = softplus(m);
    sum += v;
    if (values !== null) values[i] = v;
    if (gx !== null && gy !== null) {
      const s = sigmoid(m) * scale;
      gx[i] = -y[i]! * s;
      gy[i] = -x[i]! * s;
    }
  }
  return sum;
};

function elementwise(options: Options): ElementwiseForm {
  return { kernel: softMargin, param: 0, reduction: readReduction(callOptions(spec, options), true) };
}

export const spec: LossSpec = {
  id: LOSS,
  title: 'Soft margin loss (logistic loss with ±1 labels)',
  family: 'margin',
  summary: 'log(1 + exp(−y·x)) for scores x and labels y ∈ {−1, +1}: the smooth version of the hinge loss, i.e. logistic regression written with ±1 labels.',
  formula: {
    unicode: 'ℓᵢ = log(1 + exp(−yᵢ·xᵢ));  mean: (1/n) Σᵢ ℓᵢ',
    latex: '\\ell_i = \\log\\bigl(1 + e^{-y_i x_i}\\bigr), \\qquad \\mathcal{L}_{\\text{mean}} = \\frac{1}{n}\\sum_i \\log\\bigl(1 + e^{-y_i x_i}\\bigr)',
  },
  args: [
    { name: 'input', shape: '(*), any shape', dtype: 'float', differentiable: true, meaning: 'Real-valued scores x (positive means class +1).' },
    {
      name: 'target', shape: '(*), same shape as input (or broadcastable to it)', dtype: 'float or int', differentiable: true,
      meaning: 'Labels y, normally −1 or +1. The engine returns d/dy = −x·σ(−y·x); PyTorch 1.13 itself refuses requires_grad on target.',
    },
  ],
  options: [...LEGACY_REDUCTION_OPTIONS, reductionOption('over all elements')],
  shapes: SHAPES.elementwiseSameShape,
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.SoftMarginLoss', positional: ['size_average', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.soft_margin_loss', positional: ['input', 'target', 'size_average', 'reduce', 'reduction'] },
  ],
  whenToUse: [
    'Binary classification with labels coded as −1/+1 and a single score per example.',
    'As a smooth, everywhere-differentiable replacement for the hinge (SVM) loss.',
    "It is logistic regression's loss (sklearn SGDClassifier(loss='log_loss')) written for ±1 labels: with 0/1 labels use binary_cross_entropy_with_logits.",
  ],
  pitfalls: [
    {
      id: 'soft-margin-zero-one-labels',
      title: 'Labels must be −1/+1, not 0/1',
      detail:
        'With y = 0 the loss is log 2 whatever the score and the gradient is zero: those examples teach nothing. Map 0/1 labels ' +
        'with y = 2·t − 1, or use binary_cross_entropy_with_logits, which takes 0/1 targets.',
    },
    {
      id: 'soft-margin-overflow',
      title: 'PyTorch overflows for very wrong scores',
      detail:
        'PyTorch 1.13 evaluates log(1 + exp(−y·x)) literally: for −y·x > 709 it returns inf and a NaN gradient. Loss Lab computes ' +
        'the same function stably (softplus), so its values stay finite there; keep scores in a sane range in PyTorch.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx = −y·σ(−y·x) (÷n for mean): close to −y for badly classified points, decaying exponentially once y·x is large, ' +
    'so confident correct examples stop contributing. d/dy = −x·σ(−y·x).',
  references: [
    { title: 'torch.nn.SoftMarginLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.SoftMarginLoss.html' },
    { title: 'torch.nn.functional.soft_margin_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.soft_margin_loss.html' },
  ],
  expects: { prediction: 'scores', target: 'plus_minus_one' },
  elementwise,
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const form = elementwise(options);
    const input = requireArg(LOSS, args, 'input');
    const target = requireArg(LOSS, args, 'target');
    if (!input.isFloating) throw new LossError(LOSS, 'input', `expected a floating-point tensor, got ${input.dtype}`);
    // ATen writes the result into a tensor shaped like input, so target may broadcast to input but not beyond it.
    const shape = broadcastShapes(input.shape, target.shape);
    if (!shape || !sameShape(shape, input.shape)) {
      throw new LossError(LOSS, 'target', `shape ${formatShape(target.shape)} does not broadcast to input shape ${formatShape(input.shape)}`);
    }
    const x = input.data;
    const y = sameShape(target.shape, input.shape) ? target.data : expandTo(target, input.shape).data;
    const { value, gx, gy } = applyElementwise(form, x, y, input.shape, wantGrad);
    const grad: Record<string, Tensor> = {};
    if (gx) grad['input'] = new Tensor(input.shape, gx);
    if (gy && target.isFloating) grad['target'] = reduceGradTo(gy, input.shape, target.shape);
    return { value, grad };
  },
};
