import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { requireArg } from './common';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { pairwiseDistance } from '../kernels/distance';
import { LEGACY_REDUCTION_OPTIONS, fmt, reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';
import { tripletLoss } from './triplet';
import { TRIPLET_EASY_NEGATIVES, TRIPLET_MARGIN_SCALE, marginOption, swapOption } from './triplet_catalog';

const LOSS = 'triplet_margin_loss';

export const spec: LossSpec = {
  id: LOSS,
  title: 'Triplet margin loss',
  family: 'embedding',
  summary:
    'Pulls an anchor embedding towards a positive (same identity) and pushes it away from a negative, until the negative is ' +
    'at least `margin` farther away than the positive in p-norm distance.',
  formula: {
    unicode: 'ℓᵢ = max(0, margin + d(aᵢ, pᵢ) − d(aᵢ, nᵢ)),  d(x, y) = ‖x − y + ε‖ₚ;  swap: d(aᵢ, nᵢ) → min(d(aᵢ, nᵢ), d(pᵢ, nᵢ))',
    latex:
      '\\ell_i = \\max\\bigl(0,\\ \\text{margin} + d(a_i, p_i) - d(a_i, n_i)\\bigr), \\qquad d(x, y) = \\lVert x - y + \\varepsilon \\rVert_p',
  },
  args: [
    { name: 'anchor', shape: '(N, D) or (D)', dtype: 'float', differentiable: true, meaning: 'Embeddings of the reference examples.' },
    { name: 'positive', shape: '(N, D) or (D), same number of dimensions as anchor', dtype: 'float', differentiable: true, meaning: 'Embeddings of examples of the same identity/class as each anchor.' },
    { name: 'negative', shape: '(N, D) or (D), same number of dimensions as anchor', dtype: 'float', differentiable: true, meaning: 'Embeddings of examples of a different identity/class.' },
  ],
  options: [
    marginOption(),
    {
      name: 'p', type: 'number', default: 2,
      meaning: 'Degree of the norm used as distance: 2 is Euclidean, 1 Manhattan, inf the largest coordinate difference.',
      explain: (v) => {
        if (v === 2) return 'Euclidean distance between embeddings';
        if (v === 1) return 'Manhattan (L1) distance: sum of absolute coordinate differences';
        if (v === 'inf' || v === Infinity) return 'Chebyshev distance: the largest coordinate difference';
        if (v === 0) return 'p = 0 counts differing coordinates: the distance is piecewise constant and has zero gradient';
        if (typeof v === 'number' && v < 1) return `p = ${fmt(v)} < 1 is not a norm (no triangle inequality); gradients blow up near equal coordinates`;
        return typeof v === 'number' ? `L${fmt(v)} distance between embeddings` : 'p must be a number';
      },
    },
    {
      name: 'eps', type: 'number', default: 1e-6,
      meaning: 'Added to every coordinate of the difference before the norm (‖a − p + eps‖), which keeps the gradient defined when two embeddings coincide.',
      explain: (v) => (typeof v === 'number' ? `distances are ‖x − y + ${fmt(v)}‖ₚ: identical embeddings are ${fmt(v)}·D^(1/p) apart, not 0` : 'eps must be a number'),
    },
    swapOption(),
    ...LEGACY_REDUCTION_OPTIONS,
    reductionOption('over the triplets'),
  ],
  shapes: {
    input: 'anchor, positive, negative: (N, D) or unbatched (D), all with the same number of dimensions (broadcastable)',
    target: 'none: the roles of the three tensors are the supervision',
    output: "scalar; with reduction='none', (N) (0-d for unbatched input)",
  },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.TripletMarginLoss', positional: ['margin', 'p', 'eps', 'swap', 'size_average', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.triplet_margin_loss', positional: ['anchor', 'positive', 'negative', 'margin', 'p', 'eps', 'swap', 'size_average', 'reduce', 'reduction'] },
  ],
  whenToUse: [
    'Metric learning: face recognition, person re-identification, image or text retrieval, where embeddings of the same identity must be closer than those of different ones.',
    'When you can form (anchor, positive, negative) triplets, ideally by mining hard or semi-hard negatives within each batch.',
    'Prefer triplet_margin_with_distance_loss when the natural distance is not a p-norm (e.g. cosine distance on normalised embeddings).',
  ],
  pitfalls: [
    TRIPLET_EASY_NEGATIVES,
    TRIPLET_MARGIN_SCALE,
    {
      id: 'triplet-collapse',
      title: 'All embeddings collapse to one point',
      detail:
        'If every embedding is the same, every triplet costs exactly the margin: a constant loss with zero gradient through the distances is a ' +
        'stable bad state, reached easily with too hard negatives early in training or too high a learning rate. Watch the spread of the embeddings, ' +
        'start with semi-hard negatives and warm up the learning rate.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'Zero for triplets that already satisfy the margin. For the others, with p = 2: d/da = (a − p)/‖a − p‖ − (a − n)/‖a − n‖, d/dp = −(a − p)/‖a − p‖, ' +
    'd/dn = (a − n)/‖a − n‖ — unit vectors, so the gradient does not shrink as the violation shrinks (÷N for mean). With swap, the smaller of ' +
    'd(a, n) and d(p, n) receives the negative term (a tie splits it in half). eps keeps the gradient finite when two embeddings coincide.',
  references: [
    { title: 'FaceNet: A Unified Embedding for Face Recognition and Clustering (Schroff, Kalenichenko, Philbin, 2015)' },
    { title: 'Learning local feature descriptors with triplets and shallow convolutional neural networks (Balntas, Riba, Ponsa, Mikolajczyk, 2016)' },
    { title: 'torch.nn.TripletMarginLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.TripletMarginLoss.html' },
    { title: 'torch.nn.functional.triplet_margin_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.triplet_margin_loss.html' },
  ],
  expects: { prediction: 'embeddings', target: 'none' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const read = callOptions(spec, options);
    const reduction = readReduction(read, true);
    const margin = read.number('margin');
    const p = read.number('p');
    const eps = read.number('eps');
    const swap = read.boolean('swap');
    const a = requireArg(LOSS, args, 'anchor');
    const pos = requireArg(LOSS, args, 'positive');
    const neg = requireArg(LOSS, args, 'negative');
    if (a.ndim !== pos.ndim || pos.ndim !== neg.ndim) {
      throw new LossError(LOSS, a.ndim !== pos.ndim ? 'positive' : 'negative', `all inputs should have the same number of dimensions, got anchor ${a.ndim}-D, positive ${pos.ndim}-D and negative ${neg.ndim}-D`);
    }
    return tripletLoss(LOSS, args, { distance: pairwiseDistance(p, eps), margin, swap, reduction, hinge: (dp, dn) => margin + dp - dn }, wantGrad);
  },
};
