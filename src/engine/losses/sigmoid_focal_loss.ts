import { LossError } from '../errors';
import type { ElementwiseForm, LossSpec, Options, OptionValue, PointwiseKernel } from '../catalog/types';
import { formatShape, sameShape } from '../tensor';
import { callOptions, rejectUnknownNames } from './call_options';
import { CLASS_IMBALANCE, PROBABILITIES_NOT_LOGITS } from './classification_pitfalls';
import { requireArg, requireFloat, sigmoid } from './common';
import { bceWithLogitsTerms } from '../kernels/logit_terms';
import { powWhole as powWholeImport } from '../kernels/scalar_math';
import { computeSameShape } from './pointwise';
import { fmt } from './option_specs';
import { percent } from './number_words';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';

const ID = 'sigmoid_focal_loss';
// The hot loop's alias of powWhole (why: fast_exp.ts).
const powWhole = powWholeImport;

/** The per-element focal loss; reverse mode through the same graph torchvision builds, so
 *  saturated logits give PyTorch's values. */
function focalKernel(alpha: number, gamma: number): PointwiseKernel {
  const weighted = alpha >= 0;
  return (x, y, values, gx, gy, g) => {
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const yi = y[i]!;
      const p = sigmoid(xi);
      const ce = bceWithLogitsTerms(xi, yi, 1, false);
      const pt = p * yi + (1 - p) * (1 - yi);
      const modulator = powWhole(1 - pt, gamma);
      const unweighted = ce * modulator;
      const at = weighted ? alpha * yi + (1 - alpha) * (1 - yi) : 1;
      const l = weighted ? at * unweighted : unweighted;
      if (values !== null) values[i] = l;
      sum += l;
      if (gx !== null && gy !== null) {
        const gUnweighted = weighted ? g * at : g;
        const gCe = gUnweighted * modulator;
        const gMod = gUnweighted * ce;
        const gPt = gamma === 0 ? 0 : -(gMod * (gamma * powWhole(1 - pt, gamma - 1)));
        const gP = gPt * yi - gPt * (1 - yi);
        gx[i] = gP * (1 - p) * p + (p - yi) * gCe;
        let dy = gPt * p - gPt * (1 - p) - xi * gCe;
        if (weighted) {
          const gAt = g * unweighted;
          dy += gAt * alpha - gAt * (1 - alpha);
        }
        gy[i] = dy;
      }
    }
    return sum;
  };
}

function elementwise(options: Options): ElementwiseForm {
  const read = callOptions(spec, options);
  const alpha = read.number('alpha');
  const gamma = read.number('gamma');
  const reductionName = read.string('reduction');
  // torchvision 0.14 reduces only for 'mean' and 'sum' and returns the elementwise losses otherwise.
  const reduction = reductionName === 'mean' || reductionName === 'sum' ? reductionName : 'none';
  return { kernel: focalKernel(alpha, gamma), param: 0, reduction };
}

export const spec: LossSpec = {
  id: ID,
  title: 'Sigmoid focal loss (RetinaNet)',
  family: 'detection',
  summary: "Binary cross-entropy on logits scaled by (1 − p_t)^γ, which down-weights easy, well-classified examples, and by a class-balancing α (torchvision.ops).",
  formula: {
    unicode: 'p = σ(x);  p_t = p·y + (1 − p)(1 − y);  α_t = α·y + (1 − α)(1 − y);  ℓᵢ = α_t·BCEwithLogits(xᵢ, yᵢ)·(1 − p_t)^γ  (no α_t when α < 0)',
    latex: '\\ell_i = -\\alpha_t (1 - p_t)^{\\gamma} \\log p_t, \\quad p_t = \\sigma(x_i) y_i + (1-\\sigma(x_i))(1-y_i), \\quad \\alpha_t = \\alpha y_i + (1-\\alpha)(1-y_i)',
  },
  args: [
    { name: 'inputs', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Logits for each element (torchvision calls it inputs).' },
    { name: 'targets', shape: '(*), same shape as inputs', dtype: 'float', differentiable: true, meaning: 'Binary labels (0 negative, 1 positive) as floats, same shape as inputs.' },
  ],
  options: [
    {
      name: 'alpha',
      type: 'number',
      default: 0.25,
      range: { max: 1 },
      meaning: 'Weight of the positive class in [0, 1] (negatives get 1 − α); a negative value disables the weighting.',
      explain: (v: OptionValue) => {
        if (typeof v !== 'number') return 'a number in [0, 1], or negative to disable';
        if (v < 0) return 'no class weighting: positives and negatives count the same';
        return `positives are weighted ${fmt(v)} and negatives ${fmt(1 - v)}${v < 0.5 ? ' (the RetinaNet default 0.25 down-weights positives, because γ already removes most easy negatives)' : ''}`;
      },
      tunable: { min: 0, max: 1, step: 0.05 },
    },
    {
      name: 'gamma',
      type: 'number',
      default: 2,
      range: { min: 0 },
      meaning: 'Focusing exponent: the loss of an example is scaled by (1 − p_t)^γ; γ = 0 gives (α-weighted) binary cross-entropy.',
      explain: (v: OptionValue) => {
        if (typeof v !== 'number') return 'a non-negative exponent';
        if (v === 0) return 'no focusing: plain (α-weighted) binary cross-entropy';
        return `an example predicted right with p_t = 0.9 keeps ${percent(Math.pow(0.1, v))} of its cross-entropy, one with p_t = 0.5 keeps ${percent(Math.pow(0.5, v))}`;
      },
      tunable: { min: 0, max: 5, step: 0.1 },
    },
    {
      name: 'reduction',
      type: 'enum',
      default: 'none',
      choices: ['none', 'mean', 'sum'],
      meaning: "'none' (torchvision's default) keeps the per-element losses, 'mean' averages them, 'sum' adds them up (RetinaNet sums and divides by the number of positive anchors).",
      explain: (v: OptionValue) => {
        if (v === 'none') return 'returns one loss per element: reduce it yourself (RetinaNet: sum / number of positives)';
        if (v === 'mean') return 'averages over all elements, including the many easy negatives';
        if (v === 'sum') return 'adds all element losses; divide by the number of positives as RetinaNet does';
        return `${JSON.stringify(v)} is not 'mean' or 'sum', so torchvision 0.14 returns the unreduced losses`;
      },
    },
  ],
  shapes: { input: '(*)', target: '(*), same shape as inputs', output: "the shape of inputs with reduction='none' (default); scalar for 'mean' or 'sum'" },
  spellings: [
    { framework: 'torchvision', kind: 'functional', name: 'torchvision.ops.sigmoid_focal_loss', argMap: { inputs: 'inputs', targets: 'targets' } },
    {
      framework: 'jax', kind: 'functional', name: 'optax.sigmoid_focal_loss', argMap: { logits: 'inputs', labels: 'targets' },
      note: 'alpha defaults to None (no α weighting) instead of 0.25; elementwise output like reduction=\'none\'.',
    },
    {
      framework: 'keras', kind: 'module', name: 'keras.losses.BinaryFocalCrossentropy', argMap: { y_true: 'targets', y_pred: 'inputs' },
      note: 'Probabilities unless from_logits=True; alpha is only applied with apply_class_balancing=True; averages over the last axis.',
    },
    {
      framework: 'keras', kind: 'functional', name: 'keras.losses.binary_focal_crossentropy', argMap: { y_true: 'targets', y_pred: 'inputs' },
      note: 'Per-sample mean over the last axis; from_logits=False and apply_class_balancing=False by default.',
    },
  ],
  whenToUse: [
    'Dense detection or segmentation with extreme foreground/background imbalance (RetinaNet anchors, heatmaps).',
    'Multi-label problems where easy negatives swamp the loss.',
    'Start with α = 0.25, γ = 2 and reduction sum divided by the number of positives.',
  ],
  pitfalls: [
    CLASS_IMBALANCE,
    {
      id: 'focal-mean-reduction',
      title: "'mean' over all anchors makes the loss tiny",
      detail:
        "With thousands of easy negatives per positive, reduction='mean' divides by all of them and the loss (and gradient) shrink with image size. " +
        'RetinaNet normalises the summed loss by the number of positive anchors instead.',
    },
    {
      id: 'focal-alpha-direction',
      title: 'α weights positives, and 0.25 down-weights them',
      detail:
        'α is the weight of the positive class; the paper\'s 0.25 works together with γ = 2, which already removes most easy negatives. ' +
        'Raising γ usually needs a lower α, and α < 0 turns the weighting off entirely.',
    },
    PROBABILITIES_NOT_LOGITS,
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx = α_t·[(1 − p_t)^γ·(σ(x) − y) − γ(1 − p_t)^(γ−1)·(2y − 1)·σ(x)(1 − σ(x))·BCE]: close to the BCE gradient for hard examples and ' +
    'suppressed by (1 − p_t)^γ for easy ones, so confident correct predictions stop contributing. Targets are differentiable too. Finite for saturated logits when γ ≥ 1.',
  references: [
    { title: 'Lin et al., Focal Loss for Dense Object Detection, ICCV 2017' },
    { title: 'torchvision.ops.sigmoid_focal_loss — torchvision 0.14 documentation', url: 'https://pytorch.org/vision/0.14/generated/torchvision.ops.sigmoid_focal_loss.html' },
    { title: 'optax losses (sigmoid_focal_loss)', url: 'https://optax.readthedocs.io/en/latest/api/losses.html' },
  ],
  expects: { prediction: 'logits', target: 'binary' },
  elementwise,
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const form = elementwise(options);
    const inputs = requireArg(ID, args, 'inputs');
    const targets = requireArg(ID, args, 'targets');
    requireFloat(ID, 'inputs', inputs);
    requireFloat(ID, 'targets', targets);
    if (!sameShape(inputs.shape, targets.shape)) {
      throw new LossError(ID, 'targets', `size ${formatShape(targets.shape)} must be the same as inputs size ${formatShape(inputs.shape)}`);
    }
    return computeSameShape(form, ['inputs', inputs], ['targets', targets], wantGrad);
  },
};
