import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { cosineDistance, pairwiseDistance, type Distance } from '../kernels/distance';
import { reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';
import { tripletLoss } from './triplet';
import { TRIPLET_EASY_NEGATIVES, TRIPLET_MARGIN_SCALE, marginOption, swapOption } from './triplet_catalog';

const LOSS = 'triplet_margin_with_distance_loss';

/** The distances a JSON call can name, in place of PyTorch's callable. */
/** PyTorch's distance_function=None. */
const PAIRWISE = pairwiseDistance(2, 1e-6);
const DISTANCES: Readonly<Record<string, Distance>> = {
  pairwise_distance: PAIRWISE,
  cosine: cosineDistance(1e-8),
};

export const spec: LossSpec = {
  id: LOSS,
  title: 'Triplet margin loss with a custom distance',
  family: 'embedding',
  summary:
    'The triplet loss max(0, margin + d(a, p) − d(a, n)) for any distance d: pairwise (Euclidean) distance by default, ' +
    'or e.g. the cosine distance 1 − cos(x, y).',
  formula: {
    unicode: 'ℓᵢ = max(0, d(aᵢ, pᵢ) − d(aᵢ, nᵢ) + margin);  swap: d(aᵢ, nᵢ) → min(d(aᵢ, nᵢ), d(pᵢ, nᵢ))',
    latex: '\\ell_i = \\max\\bigl(0,\\ d(a_i, p_i) - d(a_i, n_i) + \\text{margin}\\bigr)',
  },
  args: [
    { name: 'anchor', shape: '(N, D) or (D)', dtype: 'float', differentiable: true, meaning: 'Embeddings of the reference examples.' },
    { name: 'positive', shape: '(N, D) or (D), broadcastable with anchor', dtype: 'float', differentiable: true, meaning: 'Embeddings of examples of the same identity/class as each anchor.' },
    { name: 'negative', shape: '(N, D) or (D), broadcastable with anchor', dtype: 'float', differentiable: true, meaning: 'Embeddings of examples of a different identity/class.' },
  ],
  options: [
    {
      name: 'distance_function', type: 'callable', default: null, choices: ['pairwise_distance', 'cosine'],
      meaning:
        'The distance d(x, y) between two batches of vectors. PyTorch takes a callable (None means torch.pairwise_distance: Euclidean, eps 1e-6); ' +
        "Loss Lab also accepts a name: 'pairwise_distance' (the default) or 'cosine' = 1 − F.cosine_similarity(x, y, eps=1e-8) over the last dimension.",
      explain: (v) => {
        if (v === null || v === 'pairwise_distance') return 'Euclidean distance ‖x − y + 1e-6‖₂ (torch.pairwise_distance)';
        if (v === 'cosine') return 'cosine distance 1 − cos(x, y) ∈ [0, 2]: only the directions of the embeddings matter, so keep the margin below 2';
        return `${JSON.stringify(v)}: a custom callable; it must be non-negative and differentiable and return one distance per row`;
      },
    },
    marginOption(' PyTorch documents it as non-negative; the functional form does not check it.'),
    swapOption(),
    reductionOption('over the triplets'),
  ],
  shapes: {
    input: 'anchor, positive, negative: (N, D) or unbatched (D), broadcastable (the default distance works over the last dimension)',
    target: 'none: the roles of the three tensors are the supervision',
    output: "scalar; with reduction='none', (N) (0-d for unbatched input)",
  },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.TripletMarginWithDistanceLoss', positional: [] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.triplet_margin_with_distance_loss', positional: ['anchor', 'positive', 'negative'] },
  ],
  whenToUse: [
    'Metric learning with a distance that is not a p-norm, most often cosine distance on embeddings that are compared by angle (retrieval, sentence embeddings).',
    'Any triplet setting where you already have a differentiable distance (a learned metric, a distance on normalised embeddings).',
  ],
  pitfalls: [
    TRIPLET_EASY_NEGATIVES,
    TRIPLET_MARGIN_SCALE,
    {
      id: 'triplet-distance-not-a-distance',
      title: 'The distance function must be a distance, not a similarity',
      detail:
        'Passing F.cosine_similarity itself (larger = closer) inverts the objective: the loss then pushes positives away and pulls negatives in. ' +
        'Use 1 − cosine_similarity, and make sure the function returns one non-negative value per row.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'Zero for triplets beyond the margin; otherwise ∂d(a, p) − ∂d(a, n) flows into the three embeddings (÷N for mean). With the default Euclidean ' +
    'distance the gradients are unit vectors along a − p and a − n; with the cosine distance they are orthogonal to the embedding and shrink as its ' +
    'norm grows. With swap, the smaller negative distance receives the gradient (a tie splits it).',
  references: [
    { title: 'FaceNet: A Unified Embedding for Face Recognition and Clustering (Schroff, Kalenichenko, Philbin, 2015)' },
    { title: 'Learning local feature descriptors with triplets and shallow convolutional neural networks (Balntas, Riba, Ponsa, Mikolajczyk, 2016)' },
    { title: 'torch.nn.TripletMarginWithDistanceLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.TripletMarginWithDistanceLoss.html' },
    { title: 'torch.nn.functional.triplet_margin_with_distance_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.triplet_margin_with_distance_loss.html' },
  ],
  expects: { prediction: 'embeddings', target: 'none' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const read = callOptions(spec, options);
    const name = read.stringOrNull('distance_function');
    const distance = name === null ? PAIRWISE : Object.prototype.hasOwnProperty.call(DISTANCES, name) ? DISTANCES[name] : undefined;
    if (!distance) throw new LossError(LOSS, 'distance_function', `unknown distance ${JSON.stringify(name)} (use 'pairwise_distance' or 'cosine')`);
    const margin = read.number('margin');
    const swap = read.boolean('swap');
    // PyTorch 1.13 resolves the reduction only after computing the distances; any order rejects the same calls.
    const reduction = readReduction(read, false);
    return tripletLoss(LOSS, args, { distance, margin, swap, reduction, hinge: (dp, dn) => dp - dn + margin }, wantGrad);
  },
};
