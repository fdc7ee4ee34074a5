import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { Tensor, formatShape } from '../tensor';
import { reduce, requireArg } from './common';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { broadcastAll, gradFor, valuesAt } from '../kernels/broadcast_operands';
import { LEGACY_REDUCTION_OPTIONS, fmt, reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';

const LOSS = 'margin_ranking_loss';

export const spec: LossSpec = {
  id: LOSS,
  title: 'Margin ranking loss (pairwise hinge)',
  family: 'ranking',
  summary:
    'For pairs of scores (x₁, x₂) and a label y = +1 (x₁ should rank higher) or −1 (x₂ should), a hinge max(0, −y·(x₁ − x₂) + margin): ' +
    'zero once the right score leads by at least the margin.',
  formula: {
    unicode: 'ℓᵢ = max(0, −yᵢ·(x₁ᵢ − x₂ᵢ) + margin)',
    latex: '\\ell_i = \\max\\bigl(0,\\ -y_i\\,(x_{1,i} - x_{2,i}) + \\text{margin}\\bigr)',
  },
  args: [
    { name: 'input1', shape: '(N) or ()', dtype: 'float', differentiable: true, meaning: 'Score of the first item of each pair.' },
    { name: 'input2', shape: '(N) or (), same number of dimensions as input1', dtype: 'float', differentiable: true, meaning: 'Score of the second item of each pair.' },
    {
      name: 'target', shape: '(N) or (), same number of dimensions as input1', dtype: 'float or int', differentiable: true,
      meaning: '+1 where input1 should rank higher, −1 where input2 should. PyTorch differentiates it too: d/dy = −(x₁ − x₂) on active pairs.',
    },
  ],
  options: [
    {
      name: 'margin', type: 'number', default: 0,
      meaning: 'How far the preferred score must lead before a pair stops costing anything.',
      explain: (v) => {
        if (typeof v !== 'number') return 'margin must be a number';
        if (v === 0) return 'margin 0: any lead of the right item is enough (a tie still costs 0 but passes a gradient)';
        if (v > 0) return `the preferred item must score at least ${fmt(v)} higher for the pair to cost nothing`;
        return `margin ${fmt(v)} < 0: pairs ranked the wrong way by less than ${fmt(-v)} already cost nothing`;
      },
      tunable: { min: 0, max: 2, step: 0.05 },
    },
    ...LEGACY_REDUCTION_OPTIONS,
    reductionOption('over the pairs'),
  ],
  shapes: {
    input: 'input1, input2: (N) or 0-d, with the same number of dimensions (broadcast within that)',
    target: '(N) or 0-d, same number of dimensions as the inputs',
    output: "scalar; with reduction='none', the broadcast shape of the three",
  },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.MarginRankingLoss', positional: ['margin', 'size_average', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.margin_ranking_loss', positional: ['input1', 'input2', 'target', 'margin', 'size_average', 'reduce', 'reduction'] },
  ],
  whenToUse: [
    'Learning to rank from pairwise preferences: search results, recommendations, reward models that compare two answers.',
    'Any score that only has to order items correctly, not match a value (a siamese network scoring two inputs).',
    'As the pairwise building block of triplet-style objectives: ranking d(a, n) above d(a, p) with y = 1 is the triplet loss.',
  ],
  pitfalls: [
    {
      id: 'ranking-target-zero-one',
      title: 'Labels must be ±1, not 0/1',
      detail:
        'With y = 0 the loss is max(0, margin): a constant with no gradient for the scores, so those pairs teach nothing. Encode preferences ' +
        'as y = 2·t − 1, or swap the inputs so that y is always +1.',
    },
    {
      id: 'ranking-zero-margin',
      title: 'A zero margin is satisfied by ties',
      detail:
        'With the default margin 0 the loss is zero as soon as the order is right, by any amount: scores can end up nearly tied and the ranking ' +
        'is fragile on new data. Use a positive margin on the scale of your scores.',
    },
    {
      id: 'ranking-broadcast-pairs',
      title: 'Shapes (N, 1) and (1, N) broadcast to every pair against every label',
      detail:
        'PyTorch 1.13 requires the three tensors to have the same number of dimensions but then broadcasts them: scores of shape (N, 1) against ' +
        'a target of shape (1, N) silently compare every pair with every label. Give all three the same shape.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'On pairs inside the margin (including exactly on it): d/dx₁ = −y, d/dx₂ = +y, d/dy = −(x₁ − x₂), all ÷N for mean; zero elsewhere. ' +
    'The gradient does not shrink as the violation shrinks (a hinge), and stops abruptly at the margin.',
  references: [
    { title: 'Large Margin Rank Boundaries for Ordinal Regression (Herbrich, Graepel, Obermayer, 2000)' },
    { title: 'torch.nn.MarginRankingLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.MarginRankingLoss.html' },
    { title: 'torch.nn.functional.margin_ranking_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.margin_ranking_loss.html' },
  ],
  expects: { prediction: 'scores', target: 'plus_minus_one' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const read = callOptions(spec, options);
    const reduction = readReduction(read, true);
    const margin = read.number('margin');
    const x1 = requireArg(LOSS, args, 'input1');
    const x2 = requireArg(LOSS, args, 'input2');
    const y = requireArg(LOSS, args, 'target');
    if (x1.ndim !== x2.ndim || x1.ndim !== y.ndim) {
      throw new LossError(
        LOSS, x1.ndim !== x2.ndim ? 'input2' : 'target',
        `all input tensors should have the same number of dimensions, got input1 ${formatShape(x1.shape)}, input2 ${formatShape(x2.shape)}, target ${formatShape(y.shape)}`,
      );
    }
    const shape = broadcastAll(LOSS, [['input1', x1.shape], ['input2', x2.shape], ['target', y.shape]]);
    const a = valuesAt(x1, shape);
    const b = valuesAt(x2, shape);
    const t = valuesAt(y, shape);
    const pre = new Float64Array(a.length);
    const values = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) {
      pre[i] = -t[i]! * (a[i]! - b[i]!) + margin;
      values[i] = Math.max(pre[i]!, 0);
    }
    const { value, scale } = reduce(values, shape, reduction);
    if (!wantGrad) return { value, grad: {} };
    const g1 = new Float64Array(a.length);
    const g2 = new Float64Array(a.length);
    const gt = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) {
      if (!(pre[i]! >= 0)) continue; // clamp_min passes the gradient where its input is >= 0
      g1[i] = -t[i]! * scale;
      g2[i] = t[i]! * scale;
      gt[i] = -(a[i]! - b[i]!) * scale;
    }
    const grad: Record<string, Tensor> = {};
    if (x1.isFloating) grad['input1'] = gradFor(g1, shape, x1);
    if (x2.isFloating) grad['input2'] = gradFor(g2, shape, x2);
    if (y.isFloating) grad['target'] = gradFor(gt, shape, y);
    return { value, grad };
  },
};
