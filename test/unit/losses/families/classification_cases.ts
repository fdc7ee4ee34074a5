import { Tensor } from '../../../../src/engine/tensor';
import { type Case, type Rand, floats, ints } from './cases';

const labels = (rand: Rand, n: number, C: number): Tensor => ints([n], Array.from({ length: n }, () => Math.floor(rand() * C)));
const logitsIdx = (rand: Rand) => ({ input: floats([4, 5], rand, -3, 3), target: labels(rand, 4, 5) });
const idxRejects: Case['rejects'] = [
  { args: (rand) => ({ input: floats([4, 5], rand), target: ints([4], [0, 1, 5, 2]) }), argument: 'target' },
  { args: (rand) => ({ input: floats([4, 5], rand), target: floats([4], rand) }), argument: 'target' },
  { args: (rand) => ({ input: floats([4], rand), target: ints([4], [0, 1, 1, 2]) }), argument: 'input' },
];

/** Logits whose sigmoid stays away from the ASL clip point p = m (where the margin switches). */
function aslLogits(rand: Rand): Tensor {
  const out: number[] = [];
  while (out.length < 12) {
    const v = -4 + 8 * rand();
    const p = 1 / (1 + Math.exp(-v));
    if (Math.abs(p - 0.05) > 0.01 && Math.abs(p - 0.2) > 0.01) out.push(v);
  }
  return Tensor.from([3, 4], out);
}

export const CLASSIFICATION_CASES: Record<string, Case> = {
  label_smoothing_cross_entropy: { args: logitsIdx, options: [{}, { smoothing: 0 }, { smoothing: 0.3 }], rejects: [...idxRejects, { options: { smoothing: 1.5 }, argument: 'smoothing' }] },
  soft_target_cross_entropy: {
    args: (rand) => ({ input: floats([3, 4], rand), target: floats([3, 4], rand, 0, 1) }),
    options: [{}, { reduction: 'none' }, { reduction: 'sum' }],
    rejects: [{ args: (rand) => ({ input: floats([3, 4], rand), target: floats([3, 5], rand) }), argument: 'target' }],
  },
  asymmetric_loss: {
    args: (rand) => ({ input: aslLogits(rand), target: Tensor.from([3, 4], Array.from({ length: 12 }, () => (rand() < 0.4 ? 1 : 0))) }),
    options: [{}, { gamma_neg: 2, gamma_pos: 0, clip: 0.2 }, { clip: 0, gamma_neg: 0, gamma_pos: 0 }],
    rejects: [{ args: (rand) => ({ input: floats([3, 4], rand), target: floats([4, 3], rand) }), argument: 'target' }, { options: { clip: 2 }, argument: 'clip' }],
  },
  asymmetric_loss_single_label: { args: logitsIdx, options: [{}, { gamma_pos: 0, gamma_neg: 2, eps: 0 }, { reduction: 'none' }], rejects: [...idxRejects, { options: { reduction: 'sum' }, argument: 'reduction' }] },
  jsd_consistency_loss: {
    args: (rand) => ({ input: floats([6, 4], rand, -3, 3), target: labels(rand, 6, 4) }),
    options: [{}, { smoothing: 0, alpha: 1 }, { num_splits: 2, alpha: 5 }],
    rejects: [{ options: { num_splits: 4 }, argument: 'input' }, { options: { num_splits: 0 }, argument: 'num_splits' }, { args: (rand) => ({ input: floats([6, 4], rand), target: ints([1], [0]) }), argument: 'target' }],
  },
  z_loss: {
    args: (rand) => ({ input: floats([2, 3, 5], rand, -3, 3) }),
    options: [{}, { z_loss_coef: 0.1, reduction: 'none' }],
    rejects: [{ args: (rand) => ({ input: floats([2, 3], rand), target: floats([2], rand) }), argument: 'target' }, { options: { z_loss_coef: -1 }, argument: 'z_loss_coef' }],
  },
  token_cross_entropy: {
    args: (rand) => ({ input: floats([2, 4, 5], rand, -3, 3), target: ints([2, 4], [-100, 1, 4, 0, -100, -100, 2, 3]) }),
    options: [{}, { shift_labels: false }, { num_items_in_batch: 7 }],
    rejects: [
      { args: (rand) => ({ input: floats([2, 4, 5], rand), target: ints([2, 4], [0, 1, 9, 0, 1, 1, 2, 3]) }), argument: 'target' },
      { args: (rand) => ({ input: floats([2, 4, 5], rand), target: ints([2, 3], [0, 1, 1, 0, 1, 1]) }), argument: 'target' },
      { args: (rand) => ({ input: floats([8, 5], rand), target: ints([8], [0, 1, 1, 0, 1, 1, 0, 0]) }), argument: 'input' },
    ],
  },
};
