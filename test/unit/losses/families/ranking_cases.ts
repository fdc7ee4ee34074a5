import { Tensor } from '../../../../src/engine/tensor';
import { type Args, type Case, type Rand, floats } from './cases';

const RELEVANCE = [2, 0, 1, 0, 3, 0, 1, 1, 0, 2];
const lists: Case['args'] = (rand) => ({ input: floats([2, 5], rand, -2, 2), target: Tensor.from([2, 5], RELEVANCE) });
const rejects: Case['rejects'] = [
  { args: (rand) => ({ input: floats([2, 5], rand), target: floats([2, 4], rand) }), argument: 'target' },
  { args: (rand) => ({ input: floats([10], rand), target: Tensor.from([10], RELEVANCE) }), argument: 'input' },
];
/** Scores whose pairwise gaps stay away from the hinge margin and from ties (sort order changes). */
function spread(rand: Rand): Args {
  for (;;) {
    const t = floats([2, 5], rand, -2, 2);
    let ok = true;
    for (let r = 0; r < 2; r++) for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) {
      if (i === j) continue;
      const d = t.data[r * 5 + i]! - t.data[r * 5 + j]!;
      if (Math.abs(d) < 0.02 || Math.abs(d - 1) < 0.02 || Math.abs(d - 0.5) < 0.02) ok = false;
    }
    if (ok) return { input: t, target: Tensor.from([2, 5], RELEVANCE) };
  }
}

export const RANKING_CASES: Record<string, Case> = {
  ranknet_loss: { args: lists, options: [{}, { sigma: 2.5 }], rejects: [...rejects, { options: { sigma: 0 }, argument: 'sigma' }] },
  pairwise_hinge_loss: { args: spread, options: [{}, { margin: 0.5 }], rejects },
  lambdarank_loss: { args: spread, options: [{}, { sigma: 2 }], rejects },
  listmle_loss: { args: lists, options: [{}, { temperature: 0.5 }], rejects },
  approx_ndcg_loss: { args: lists, options: [{ temperature: 1 }, {}], rejects: [...rejects, { options: { temperature: -1 }, argument: 'temperature' }] },
};
