import { spec as binaryCrossEntropy } from '../losses/binary_cross_entropy';
import { spec as binaryCrossEntropyWithLogits } from '../losses/binary_cross_entropy_with_logits';
import { spec as poissonNllLoss } from '../losses/poisson_nll_loss';
import { spec as gaussianNllLoss } from '../losses/gaussian_nll_loss';
import { spec as klDiv } from '../losses/kl_div';
import { spec as crossEntropy } from '../losses/cross_entropy';
import { spec as nllLoss } from '../losses/nll_loss';
import { spec as l1Loss } from '../losses/l1_loss';
import { spec as mseLoss } from '../losses/mse_loss';
import { spec as huberLoss } from '../losses/huber_loss';
import { spec as smoothL1Loss } from '../losses/smooth_l1_loss';
import { spec as softMarginLoss } from '../losses/soft_margin_loss';
import { spec as multilabelSoftMarginLoss } from '../losses/multilabel_soft_margin_loss';
import { spec as multilabelMarginLoss } from '../losses/multilabel_margin_loss';
import { spec as multiMarginLoss } from '../losses/multi_margin_loss';
import { spec as marginRankingLoss } from '../losses/margin_ranking_loss';
import { spec as hingeEmbeddingLoss } from '../losses/hinge_embedding_loss';
import { spec as cosineEmbeddingLoss } from '../losses/cosine_embedding_loss';
import { spec as tripletMarginLoss } from '../losses/triplet_margin_loss';
import { spec as tripletMarginWithDistanceLoss } from '../losses/triplet_margin_with_distance_loss';
import { spec as ctcLoss } from '../losses/ctc_loss';
import { spec as sigmoidFocalLoss } from '../losses/sigmoid_focal_loss';
import { FAMILY_LOSSES } from './family_losses';
import { OPTAX_TV_PML_LOSSES } from './optax_tv_pml_losses';
import { KERAS_SKLEARN_LOSSES } from './keras_sklearn_losses';
import { FRAMEWORK_LOSSES } from '../frameworks';
import { canonicalName } from '../frameworks/names';
import type { LossSpec, Spelling } from './types';

/** Every loss Loss Lab knows, each described once. Everything else reads this list. */
export const LOSSES: readonly LossSpec[] = [
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  poissonNllLoss,
  gaussianNllLoss,
  klDiv,
  crossEntropy,
  nllLoss,
  l1Loss,
  mseLoss,
  huberLoss,
  smoothL1Loss,
  softMarginLoss,
  multilabelSoftMarginLoss,
  multilabelMarginLoss,
  multiMarginLoss,
  marginRankingLoss,
  hingeEmbeddingLoss,
  cosineEmbeddingLoss,
  tripletMarginLoss,
  tripletMarginWithDistanceLoss,
  ctcLoss,
  sigmoidFocalLoss,
  ...FAMILY_LOSSES,
  ...OPTAX_TV_PML_LOSSES,
  ...KERAS_SKLEARN_LOSSES,
];

const byId = new Map(LOSSES.map((l) => [l.id, l]));

export function getLoss(id: string): LossSpec | undefined {
  return byId.get(id);
}

export interface SpellingMatch {
  loss: LossSpec;
  spelling: Spelling;
}

/** The loss's spellings: those its entry lists, then each framework spelling (FRAMEWORK_LOSSES) that
 *  points at it and that no entry lists already under any name for the same object
 *  (`optax.huber_loss` listed covers `optax.losses.huber_loss`), its `differences` as the note. */
export function spellingsOf(loss: LossSpec): readonly Spelling[] {
  return [...loss.spellings, ...(derivedSpellings().get(loss.id) ?? [])];
}

let derived: Map<string, Spelling[]> | undefined;
function derivedSpellings(): Map<string, Spelling[]> {
  if (derived) return derived;
  const listed = new Set(LOSSES.flatMap((l) => l.spellings.map((s) => canonicalName(s.name))));
  derived = new Map();
  for (const f of FRAMEWORK_LOSSES) {
    if (listed.has(canonicalName(f.name)) || !byId.has(f.lossId)) continue;
    const list = derived.get(f.lossId) ?? [];
    list.push({ framework: f.framework, kind: f.kind, name: f.name, note: f.differences });
    derived.set(f.lossId, list);
  }
  return derived;
}

/** Every (loss, spelling) pair, for analysis and snippets. */
export function allSpellings(): SpellingMatch[] {
  return LOSSES.flatMap((loss) => spellingsOf(loss).map((spelling) => ({ loss, spelling })));
}

export type { LossSpec } from './types';
