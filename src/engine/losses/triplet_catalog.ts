/** Catalog text shared by the two triplet losses (options and pitfalls that read the same). */
import type { OptionSpec, Pitfall } from '../catalog/types';
import { fmt } from './option_specs';

export function marginOption(note = ''): OptionSpec {
  return {
    name: 'margin',
    type: 'number',
    default: 1.0,
    meaning: `How much farther the negative must be from the anchor than the positive before a triplet stops costing anything.${note}`,
    explain: (v) => {
      if (typeof v !== 'number') return 'margin must be a number';
      if (v > 0) return `a triplet is satisfied once d(anchor, negative) ≥ d(anchor, positive) + ${fmt(v)}; the scale must match your embedding distances`;
      if (v === 0) return 'margin 0: any negative farther than the positive is enough, so embeddings may sit arbitrarily close together';
      return `margin ${fmt(v)} < 0: triplets count as satisfied even when the negative is up to ${fmt(-v)} closer than the positive`;
    },
    tunable: { min: 0, max: 5, step: 0.05 },
  };
}

export function swapOption(): OptionSpec {
  return {
    name: 'swap',
    type: 'boolean',
    default: false,
    meaning: 'Distance swap (Balntas et al. 2016): use min(d(anchor, negative), d(positive, negative)) as the negative distance.',
    explain: (v) =>
      v === true
        ? 'the negative is compared with whichever of anchor and positive it is closer to: a harder, symmetric triplet'
        : 'only d(anchor, negative) is used as the negative distance',
  };
}

export const TRIPLET_EASY_NEGATIVES: Pitfall = {
  id: 'triplet-easy-negatives',
  title: 'Random negatives are too easy: the loss goes to zero and learning stops',
  detail:
    'Most random negatives already lie beyond the margin, so their triplets have zero loss and zero gradient; the mean over the batch then ' +
    'shrinks towards 0 while the embedding is still poor. Mine hard or semi-hard negatives in each batch (FaceNet), or average over the ' +
    'active triplets only; sum/none reductions let you see how many triplets are still active.',
};

export const TRIPLET_MARGIN_SCALE: Pitfall = {
  id: 'triplet-margin-scale',
  title: 'The margin is in the units of your distances',
  detail:
    'With unnormalised embeddings the network can satisfy any margin by scaling its outputs up, and the margin loses its meaning. ' +
    'L2-normalise the embeddings (distances then lie in [0, 2]) and choose the margin on that scale, e.g. 0.2–0.5.',
};
