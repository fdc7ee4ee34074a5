import type { LossSpec } from '../catalog/types';
import type { Tensor } from '../tensor';
import { reduce, requireArg } from './common';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { broadcastAll, gradFor, valuesAt } from '../kernels/broadcast_operands';
import { LEGACY_REDUCTION_OPTIONS, fmt, reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';

const LOSS = 'hinge_embedding_loss';

export const spec: LossSpec = {
  id: LOSS,
  title: 'Hinge embedding loss',
  family: 'embedding',
  summary:
    'For a distance (or dissimilarity) x between two items and y = +1 (similar) or −1 (dissimilar): similar pairs pay x, dissimilar pairs pay ' +
    'max(0, margin − x), so they are pushed at least `margin` apart.',
  formula: {
    unicode: 'ℓᵢ = xᵢ if yᵢ = 1;  max(0, margin − xᵢ) if yᵢ = −1  (any other y: both terms)',
    latex: '\\ell_i = \\begin{cases} x_i & y_i = 1 \\\\ \\max(0,\\ \\text{margin} - x_i) & y_i = -1 \\end{cases}',
  },
  args: [
    {
      name: 'input', shape: '(*), any shape', dtype: 'float', differentiable: true,
      meaning: 'A non-negative distance between the two items of each pair, e.g. ‖f(a) − f(b)‖ (not a similarity).',
    },
    {
      name: 'target', shape: '(*), broadcastable with input', dtype: 'float or int', differentiable: false,
      meaning: '+1 for similar pairs, −1 for dissimilar ones. Only compared with ±1, so it has no gradient.',
    },
  ],
  options: [
    {
      name: 'margin', type: 'number', default: 1.0,
      meaning: 'Distance beyond which a dissimilar pair stops costing anything.',
      explain: (v) => {
        if (typeof v !== 'number') return 'margin must be a number';
        if (v <= 0) return `margin ${fmt(v)}: dissimilar pairs at any non-negative distance cost nothing, so only similar pairs are trained`;
        return `dissimilar pairs closer than ${fmt(v)} are pushed apart; beyond ${fmt(v)} they cost nothing`;
      },
      tunable: { min: 0, max: 5, step: 0.05 },
    },
    ...LEGACY_REDUCTION_OPTIONS,
    reductionOption('over all elements'),
  ],
  shapes: { input: '(*)', target: '(*), broadcastable with input', output: "scalar; with reduction='none', the broadcast shape of input and target" },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.HingeEmbeddingLoss', positional: ['margin', 'size_average', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.hinge_embedding_loss', positional: ['input', 'target', 'margin', 'size_average', 'reduce', 'reduction'] },
  ],
  whenToUse: [
    'Siamese networks trained on pairs labelled similar/dissimilar, with the network producing the distance between the two embeddings (a contrastive loss with a linear pull).',
    'Semi-supervised embedding learning and nonlinear dimensionality reduction from pair labels.',
  ],
  pitfalls: [
    {
      id: 'hinge-embedding-needs-distance',
      title: 'Input must be a distance, not a score or similarity',
      detail:
        'Similar pairs pay x itself, so a negative input lowers the loss without bound: feed a non-negative distance such as an L1/L2 norm of ' +
        'the embedding difference (or 1 − cosine similarity), never raw logits or a similarity.',
    },
    {
      id: 'hinge-embedding-zero-one-labels',
      title: 'Labels must be ±1, not 0/1',
      detail:
        'PyTorch applies the margin term wherever y ≠ 1 and the linear term wherever y ≠ −1: a label 0 gets both, x + max(0, margin − x), ' +
        'which is never below the margin. Encode similar as +1 and dissimilar as −1.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx = 1 for similar pairs (constant pull, however close they already are); −1 for dissimilar pairs closer than the margin (including exactly ' +
    'at it), 0 beyond it; ÷n for mean. No gradient for the target.',
  references: [
    { title: 'Dimensionality Reduction by Learning an Invariant Mapping (Hadsell, Chopra, LeCun, 2006)' },
    { title: 'torch.nn.HingeEmbeddingLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.HingeEmbeddingLoss.html' },
    { title: 'torch.nn.functional.hinge_embedding_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.hinge_embedding_loss.html' },
  ],
  expects: { prediction: 'values', target: 'plus_minus_one' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const read = callOptions(spec, options);
    const reduction = readReduction(read, true);
    const margin = read.number('margin');
    const input = requireArg(LOSS, args, 'input');
    const target = requireArg(LOSS, args, 'target');
    const shape = broadcastAll(LOSS, [['input', input.shape], ['target', target.shape]]);
    const x = valuesAt(input, shape);
    const y = valuesAt(target, shape);
    const values = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const pull = y[i] !== -1 ? x[i]! : 0;
      const push = y[i] !== 1 ? Math.max(margin - x[i]!, 0) : 0;
      values[i] = push + pull;
    }
    const { value, scale } = reduce(values, shape, reduction);
    if (!wantGrad) return { value, grad: {} };
    const g = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      let d = 0;
      if (y[i] !== -1) d += 1;
      if (y[i] !== 1 && margin - x[i]! >= 0) d -= 1;
      g[i] = d * scale;
    }
    const grad: Record<string, Tensor> = {};
    if (input.isFloating) grad['input'] = gradFor(g, shape, input);
    return { value, grad };
  },
};
