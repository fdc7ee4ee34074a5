import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { Tensor, formatShape } from '../tensor';
import { requireArg } from './common';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { LEGACY_REDUCTION_OPTIONS, reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';

const LOSS = 'multilabel_margin_loss';

/** Frames and classes as ATen's multilabel_margin_loss_shape_check reads them. */
function frameShape(input: Tensor, target: Tensor): { frames: number; classes: number } {
  const nd = input.ndim;
  const valid = (nd === 2 && input.shape[1] !== 0) || (nd === 1 && input.shape[0] !== 0) || nd === 0;
  if (!valid) throw new LossError(LOSS, 'input', `expected a non-empty (C) vector or (N, C) matrix, got shape ${formatShape(input.shape)}`);
  if (nd <= 1) {
    const classes = nd === 0 ? 1 : input.shape[0]!;
    if (!(target.ndim <= 1 && target.size === classes)) {
      throw new LossError(LOSS, 'target', `shape ${formatShape(target.shape)} is inconsistent with input shape ${formatShape(input.shape)} (expected (${classes}))`);
    }
    return { frames: 1, classes };
  }
  const [frames, classes] = [input.shape[0]!, input.shape[1]!];
  if (!(target.ndim === 2 && target.shape[0] === frames && target.shape[1] === classes)) {
    throw new LossError(LOSS, 'target', `shape ${formatShape(target.shape)} is inconsistent with input shape ${formatShape(input.shape)} (expected the same shape)`);
  }
  return { frames, classes };
}

export const spec: LossSpec = {
  id: LOSS,
  title: 'Multi-label margin loss (multi-label hinge)',
  family: 'margin',
  summary: 'Hinge loss for multi-label classification: every target class should score at least 1 above every non-target class.',
  formula: {
    unicode: 'ℓₙ = Σ_{j ∈ targets} Σ_{i ∉ targets} max(0, 1 − (x[y_j] − x[i])) / C',
    latex: '\\ell_n = \\sum_{j} \\sum_{i \\notin \\{y_j\\}} \\frac{\\max\\bigl(0,\\, 1 - (x_{y_j} - x_i)\\bigr)}{C}',
  },
  args: [
    { name: 'input', shape: '(C) or (N, C)', dtype: 'float', differentiable: true, meaning: 'Scores, one per class.' },
    {
      name: 'target', shape: 'same shape as input, int64', dtype: 'int', differentiable: false,
      meaning: 'For each sample, the indices of its target classes first, then −1 to end the list (entries after the first −1 are ignored but must still be in [−1, C)).',
    },
  ],
  options: [...LEGACY_REDUCTION_OPTIONS, reductionOption('over the samples')],
  shapes: { input: '(C) or (N, C)', target: '(C) or (N, C), int64, same shape as input', output: "scalar; with reduction='none', (N) (a 0-d tensor for (C) input)" },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.MultiLabelMarginLoss', positional: ['size_average', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.multilabel_margin_loss', positional: ['input', 'target', 'size_average', 'reduce', 'reduction'] },
  ],
  whenToUse: [
    'Multi-label classification where you care about ranking the true labels above the others, SVM style.',
    'When labels come as variable-length lists of class indices rather than multi-hot vectors.',
  ],
  pitfalls: [
    {
      id: 'multilabel-margin-target-format',
      title: 'The target is a −1-terminated index list, not a multi-hot vector',
      detail:
        'target [0, 1, 0, 1] means "classes 0 and 1" (then 0 and 1 again), not "classes 1 and 3". Write [1, 3, −1, −1]. ' +
        'A multi-hot vector gives a wrong loss without any error; for multi-hot targets use multilabel_soft_margin_loss.',
    },
    {
      id: 'multilabel-margin-duplicates',
      title: 'Repeated labels count twice',
      detail: 'Each entry before the −1 contributes its own hinge terms, so a label listed twice doubles its weight.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'Piecewise constant: each violated pair (target j, non-target i) adds +1/C to x[i] and −1/C to x[y_j] (÷N for mean). ' +
    'Zero once every target class beats every other class by the margin 1; exactly at the margin the pair counts as satisfied.',
  references: [
    { title: 'torch.nn.MultiLabelMarginLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.MultiLabelMarginLoss.html' },
    { title: 'torch.nn.functional.multilabel_margin_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.multilabel_margin_loss.html' },
  ],
  expects: { prediction: 'scores', target: 'multilabel_indices' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const reduction = readReduction(callOptions(spec, options), true);
    const input = requireArg(LOSS, args, 'input');
    const target = requireArg(LOSS, args, 'target');
    if (!input.isFloating) throw new LossError(LOSS, 'input', `expected a floating-point tensor, got ${input.dtype}`);
    if (target.dtype !== 'int64') throw new LossError(LOSS, 'target', `expected an int64 tensor of class indices, got ${target.dtype}`);
    const { frames, classes } = frameShape(input, target);
    const perSample = reduction === 'none' && target.ndim === 2;
    const x = input.data;
    const t = target.data;

    if (input.size === 0) {
      // N = 0: PyTorch returns an empty (0) tensor for 'none'; its reduced value is uninitialised memory.
      const value = perSample ? Tensor.zeros([0]) : Tensor.scalar(reduction === 'sum' ? 0 : NaN);
      const grad: Record<string, Tensor> = wantGrad ? { input: Tensor.zeros(input.shape) } : {};
      return { value, grad };
    }
    for (let i = 0; i < t.length; i++) {
      const label = t[i]!;
      if (label < -1 || label >= classes) {
        throw new LossError(LOSS, 'target', `label ${label} is out of range: use 0 ≤ label < ${classes}, or −1 to end the list`);
      }
    }

    const losses = new Float64Array(frames);
    const isTarget = new Uint8Array(classes);
    const gx = wantGrad ? new Float64Array(x.length) : null;
    const g = reduction === 'mean' ? 1 / (frames * classes) : 1 / classes;
    for (let f = 0; f < frames; f++) {
      const row = f * classes;
      isTarget.fill(0);
      for (let k = 0; k < classes && t[row + k]! >= 0; k++) isTarget[t[row + k]!] = 1;
      let sum = 0;
      for (let k = 0; k < classes && t[row + k]! >= 0; k++) {
        const j = t[row + k]!;
        const xj = x[row + j]!;
        for (let i = 0; i < classes; i++) {
          if (isTarget[i]) continue;
          const z = 1 - xj + x[row + i]!;
          if (z > 0) {
            sum += z;
            if (gx) {
              gx[row + j]! -= g;
              gx[row + i]! += g;
            }
          }
        }
      }
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
