import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { Tensor, formatShape } from '../tensor';
import { optionalArg, requireArg } from './common';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { LEGACY_REDUCTION_OPTIONS, fmt, reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';

const LOSS = 'multi_margin_loss';

/** Frames and classes as ATen's multi_margin_loss_shape_check reads them. */
function frameShape(input: Tensor, target: Tensor): { frames: number; classes: number } {
  const nd = input.ndim;
  const valid = (nd === 2 && input.shape[1] !== 0) || (nd === 1 && input.shape[0] !== 0) || nd === 0;
  if (!valid) throw new LossError(LOSS, 'input', `expected a non-empty (C) vector or (N, C) matrix, got shape ${formatShape(input.shape)}`);
  const frames = nd <= 1 ? 1 : input.shape[0]!;
  const classes = nd === 0 ? 1 : nd === 1 ? input.shape[0]! : input.shape[1]!;
  if (!(target.ndim <= 1 && target.size === frames)) {
    throw new LossError(LOSS, 'target', `shape ${formatShape(target.shape)} is inconsistent with input shape ${formatShape(input.shape)} (expected ${frames} class ${frames === 1 ? 'index' : 'indices'})`);
  }
  return { frames, classes };
}

export const spec: LossSpec = {
  id: LOSS,
  title: 'Multi-class margin loss (multi-class hinge, Weston–Watkins)',
  family: 'margin',
  summary: 'SVM-style hinge for single-label classification: the true class score should beat every other score by a margin; violations are averaged over the C classes.',
  formula: {
    unicode: 'ℓₙ = Σ_{i ≠ y} w[y]·max(0, margin − x[y] + x[i])ᵖ / C,  p ∈ {1, 2}',
    latex: '\\ell_n = \\frac{1}{C}\\sum_{i \\neq y_n} w_{y_n}\\,\\max\\bigl(0,\\ \\text{margin} - x_{n,y_n} + x_{n,i}\\bigr)^{p}',
  },
  args: [
    { name: 'input', shape: '(C) or (N, C)', dtype: 'float', differentiable: true, meaning: 'Scores, one per class (not probabilities).' },
    { name: 'target', shape: '(N), or () / (1) for (C) input; int64 in [0, C)', dtype: 'int', differentiable: false, meaning: 'The true class index of each sample.' },
    { name: 'weight', shape: '(C)', dtype: 'float', differentiable: false, optional: true, meaning: 'Per-class weights; a sample’s hinge terms are scaled by the weight of its true class.' },
  ],
  options: [
    {
      name: 'p', type: 'integer', default: 1, range: { min: 1, max: 2 },
      meaning: 'Exponent of each hinge term: 1 for the plain hinge, 2 for the squared hinge. Other values are rejected.',
      explain: (v) =>
        v === 1 ? 'plain hinge: each violation costs its size' : v === 2 ? 'squared hinge: small violations cost little, large ones grow quadratically' : `p = ${JSON.stringify(v)} is not supported (PyTorch accepts only 1 and 2)`,
    },
    {
      name: 'margin', type: 'number', default: 1.0,
      meaning: 'How far the true class score must exceed each other score before that pair stops costing anything.',
      explain: (v) => {
        if (typeof v !== 'number') return 'margin must be a number';
        if (v > 0) return `the true class must score at least ${fmt(v)} above every other class for the loss to be zero`;
        return `margin ${fmt(v)}: a wrong class costs only once it scores more than ${fmt(-v)} above the true class`;
      },
      tunable: { min: 0, max: 5, step: 0.1 },
    },
    {
      name: 'weight', type: 'tensor', default: null,
      meaning: 'Per-class weights of shape (C); every hinge term of a sample is multiplied by the weight of its true class.',
      explain: () => 'samples of class c count weight[c] times (the weights are not normalised away)',
    },
    ...LEGACY_REDUCTION_OPTIONS,
    reductionOption('over the samples'),
  ],
  shapes: { input: '(N, C) or (C)', target: '(N), or a 0-d tensor for (C) input', output: "scalar; with reduction='none', (N) (0-d when target is 0-d)" },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.MultiMarginLoss', positional: ['p', 'margin', 'weight', 'size_average', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.multi_margin_loss', positional: ['input', 'target', 'p', 'margin', 'weight', 'size_average', 'reduce', 'reduction'] },
    {
      framework: 'jax', kind: 'functional', name: 'optax.losses.multiclass_hinge_loss', argMap: { scores: 'input', labels: 'target' },
      note: 'Crammer–Singer: max_i(x[i] + 1 − [i = y]) − x[y], the largest violation only, per sample (no reduction).',
    },
  ],
  whenToUse: [
    'Single-label classification with a linear or deep scorer trained like a multi-class SVM.',
    'When you only need the true class to win by a margin and do not need calibrated probabilities.',
  ],
  pitfalls: [
    {
      id: 'multi-margin-no-probabilities',
      title: 'Scores are not probabilities',
      detail: 'Once every margin is met the loss is exactly zero and training stops pushing: the scores carry no calibrated confidence. Use cross_entropy when you need probabilities.',
    },
    {
      id: 'class-imbalance',
      title: 'Frequent classes dominate',
      detail: 'Every sample counts the same; with imbalanced classes pass weight (indexed by the true class) or resample.',
    },
    {
      id: 'multi-margin-weight-and-mean',
      title: "weight does not renormalise 'mean'",
      detail: "Unlike cross_entropy, reduction 'mean' divides by N, not by the sum of the weights of the targets: large weights scale the whole loss.",
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'For each violated wrong class i: +w[y]/C (p = 1) or +2·w[y]·(margin − x[y] + x[i])/C (p = 2) on x[i], and the negated sum on x[y] ' +
    '(÷N for mean). Zero once every margin is met; a pair exactly at the margin counts as met. No gradient for target or weight.',
  references: [
    { title: 'torch.nn.MultiMarginLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.MultiMarginLoss.html' },
    { title: 'torch.nn.functional.multi_margin_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.multi_margin_loss.html' },
    { title: 'Weston, J. and Watkins, C. (1999). Support Vector Machines for Multi-Class Pattern Recognition. ESANN.' },
  ],
  expects: { prediction: 'scores', target: 'class_indices' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const read = callOptions(spec, options);
    const reduction = readReduction(read, true);
    const p = read.number('p');
    if (p !== 1 && p !== 2) throw new LossError(LOSS, 'p', `only p = 1 and p = 2 are supported, got ${p}`);
    const margin = read.number('margin');
    const input = requireArg(LOSS, args, 'input');
    const target = requireArg(LOSS, args, 'target');
    const weight = optionalArg(args, 'weight');
    if (weight && weight.ndim !== 1) throw new LossError(LOSS, 'weight', `must be one-dimensional, got shape ${formatShape(weight.shape)}`);
    if (!input.isFloating) throw new LossError(LOSS, 'input', `expected a floating-point tensor, got ${input.dtype}`);
    if (target.dtype !== 'int64') throw new LossError(LOSS, 'target', `expected an int64 tensor of class indices, got ${target.dtype}`);
    if (weight && !weight.isFloating) throw new LossError(LOSS, 'weight', `expected a floating-point tensor like input, got ${weight.dtype}`);
    const { frames, classes } = frameShape(input, target);
    const perSample = reduction === 'none' && target.ndim > 0;

    if (input.size === 0) {
      // N = 0: PyTorch returns an empty (0) tensor for 'none'; its reduced value is uninitialised memory.
      const value = perSample ? Tensor.zeros([0]) : Tensor.scalar(reduction === 'sum' ? 0 : NaN);
      const grad: Record<string, Tensor> = wantGrad ? { input: Tensor.zeros(input.shape) } : {};
      return { value, grad };
    }
    const x = input.data;
    const t = target.data;
    for (let f = 0; f < frames; f++) {
      const y = t[f]!;
      if (!(y >= 0 && y < classes)) throw new LossError(LOSS, 'target', `class index ${y} is out of range for ${classes} classes`);
      if (weight && y >= weight.size) {
        throw new LossError(LOSS, 'weight', `has ${weight.size} entries, but target class ${y} needs weight[${y}] (give one weight per class, shape (${classes}))`);
      }
    }

    const losses = new Float64Array(frames);
    const gx = wantGrad ? new Float64Array(x.length) : null;
    const g = reduction === 'mean' ? 1 / (frames * classes) : 1 / classes;
    for (let f = 0; f < frames; f++) {
      const row = f * classes;
      const y = t[f]!;
      const wy = weight ? weight.data[y]! : 1;
      const xy = x[row + y]!;
      let sum = 0;
      let gTarget = 0;
      for (let i = 0; i < classes; i++) {
        if (i === y) continue;
        const z = margin - xy + x[row + i]!;
        if (z > 0) {
          sum += (p === 1 ? z : z * z) * wy;
          if (gx) {
            const h = (p === 1 ? g : 2 * g * z) * wy;
            gTarget -= h;
            gx[row + i] = h;
          }
        }
      }
      if (gx) gx[row + y] = gTarget;
      losses[f] = sum / classes;
    }

    let value: Tensor;
    if (perSample) value = new Tensor([frames], losses);
    else {
      let sum = 0;
      for (let f = 0; f < frames; f++) sum += losses[f]!;
      value = Tensor.scalar(reduction === 'mean' ? sum / frames : sum);
    }
    const grad: Record<string, Tensor> = gx ? { input: new Tensor(input.shape, gx) } : {};
    return { value, grad };
  },
};
