/** The shape descriptions that several catalog entries share, each stated once; an entry whose
 *  shapes are its own states them in its file. A test holds entries with equal shapes to one
 *  statement here. */
import type { LossSpec } from '../catalog/types';

type Shapes = LossSpec['shapes'];

const SAME_SHAPE = '(*), same shape as input';
const PER_ELEMENT = "scalar; with reduction='none', the shape of input";
const PER_BROADCAST_ELEMENT = "scalar; with reduction='none', the broadcast shape of input and target";
const PER_EXAMPLE = "scalar; with reduction='none', (N)";

export const SHAPES = {
  /** Elementwise losses whose 'none' keeps the broadcast shape (poisson_nll_loss, the deviances…). */
  elementwise: { input: '(*)', target: SAME_SHAPE, output: PER_BROADCAST_ELEMENT },
  /** PyTorch's regression losses, which broadcast other shapes with a warning. */
  elementwiseBroadcastWarning: { input: '(*)', target: `${SAME_SHAPE} (other broadcastable shapes are broadcast with a warning)`, output: PER_BROADCAST_ELEMENT },
  /** Elementwise losses whose 'none' keeps input's shape (the binary cross-entropies). */
  elementwiseSameShape: { input: '(*)', target: SAME_SHAPE, output: PER_ELEMENT },
  /** Robust regression losses: any shape, reduced over all elements. */
  robust: { input: '(*), any shape', target: SAME_SHAPE, output: PER_ELEMENT },
  /** One number over every element (metrics, PSNR). */
  elementwiseToScalar: { input: '(*)', target: SAME_SHAPE, output: 'scalar' },
  /** optax's elementwise losses. */
  elementwiseAnyShape: { input: '(*)', target: '(*)', output: "scalar; (*) with reduction='none'" },
  /** Scores over C classes and one class index per example. */
  classIndices: { input: '(N, C)', target: '(N)', output: PER_EXAMPLE },
  /** Embeddings and one label per embedding (metric learning). */
  embeddingsLabels: { input: '(N, D)', target: '(N)', output: 'scalar' },
  /** L labels per example (multilabel metrics). */
  multilabel: { input: '(N, L)', target: '(N, L)', output: PER_EXAMPLE },
  /** Overlap losses per example (Dice, Tversky). */
  overlapPerExample: { input: '(N, *)', target: '(N, *), same shape as input', output: PER_EXAMPLE },
  /** Class scores per pixel against class indices per pixel. */
  segmentationIndices: { input: '(N, C, *)', target: '(N, *)', output: 'scalar' },
  /** Boxes (x1, y1, x2, y2), torchvision's box losses. */
  boxes: { input: '(N, 4)', target: '(N, 4)', output: "(N) with reduction='none' (default); scalar otherwise" },
  /** Learning-to-rank losses over lists of L items. */
  ranking: { input: '(N, L) scores', target: '(N, L) relevance labels', output: 'scalar' },
  /** GAN losses: the labels are implied by which batch a logit comes from. */
  gan: { input: 'fake_logits (N, *), real_logits (M, *)', target: 'none: the labels are implied by real/fake', output: 'scalar (each term averaged over its own batch)' },
  /** Pairwise preference losses against a reference model (DPO and its variants). */
  preference: { input: 'policy log-probabilities (B)', target: 'reference log-probabilities (B)', output: "scalar; with reduction='none', (B)" },
  /** Reference-free preference losses (SimPO, CPO). */
  preferenceReferenceFree: { input: 'policy log-probabilities (B)', target: 'none: no reference model', output: "scalar; with reduction='none', (B)" },
} as const satisfies Record<string, Shapes>;
