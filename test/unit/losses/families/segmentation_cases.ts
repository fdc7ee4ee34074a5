import { Tensor } from '../../../../src/engine/tensor';
import { type Case, type Rand, awayFrom, floats, ints } from './cases';

const mask = (shape: number[], rand: Rand): Tensor => Tensor.from(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rand() < 0.4 ? 1 : 0)));
const classes = (shape: number[], C: number, rand: Rand): Tensor => ints(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(rand() * C)));

export const SEGMENTATION_CASES: Record<string, Case> = {
  jaccard_loss: {
    args: (rand) => ({ input: floats([2, 1, 3, 3], rand), target: mask([2, 1, 3, 3], rand) }),
    options: [{}, { log_loss: true, smooth: 1 }],
    rejects: [
      { args: (rand) => ({ input: floats([2, 2, 3], rand), target: mask([2, 2, 3], rand) }), argument: 'input' },
      { args: (rand) => ({ input: floats([2, 1, 3], rand), target: mask([2, 1, 4], rand) }), argument: 'target' },
      { options: { mode: 'instance' }, argument: 'mode' },
    ],
  },
  mcc_loss: {
    args: (rand) => ({ input: floats([2, 1, 4], rand, 0.05, 0.95), target: mask([2, 1, 4], rand) }),
    options: [{}, { eps: 0.1 }],
    rejects: [{ args: (rand) => ({ input: floats([2, 1, 4], rand), target: mask([2, 4], rand) }), argument: 'target' }],
  },
  soft_bce_with_logits_loss: {
    args: (rand) => ({ input: floats([2, 5], rand), target: Tensor.from([2, 5], [1, 0, -100, 1, 0, 0, 1, 1, -100, 0]) }),
    options: [{}, { smooth_factor: 0.1, reduction: 'sum' }, { reduction: 'none' }],
    rejects: [{ args: (rand) => ({ input: floats([2, 5], rand), target: mask([5, 2], rand) }), argument: 'target' }, { options: { smooth_factor: 2 }, argument: 'smooth_factor' }],
  },
  soft_cross_entropy: {
    args: (rand) => ({ input: floats([2, 3, 4], rand), target: ints([2, 4], [0, 2, -100, 1, 1, 1, 0, -100]) }),
    options: [{}, { smooth_factor: 0.1 }, { smooth_factor: 0.2, reduction: 'sum' }],
    rejects: [{ args: (rand) => ({ input: floats([2, 3, 4], rand), target: ints([2, 4], [0, 3, 1, 1, 1, 1, 0, 0]) }), argument: 'target' }, { options: { reduction: 'none' }, argument: 'reduction' }],
  },
  lovasz_hinge_loss: {
    args: (rand) => {
      const target = mask([2, 1, 3, 2], rand);
      const margin = awayFrom([12], rand, [0], -2, 2, 0.05);
      // Keep errors 1 − x(2t − 1) apart from 0 and from each other (no reordering within h).
      return { input: new Tensor([2, 1, 3, 2], margin.data.map((m, i) => (1 - m - 0.01 * i) * (2 * target.data[i]! - 1))), target };
    },
    options: [{}, { per_image: true }],
    rejects: [{ args: (rand) => ({ input: floats([2, 3], rand), target: mask([3, 2], rand) }), argument: 'target' }],
  },
  lovasz_softmax_loss: {
    args: (rand) => ({ input: floats([2, 3, 4], rand), target: classes([2, 4], 3, rand) }),
    options: [{}, { per_image: true }, { classes: 'all' }],
    rejects: [{ args: (rand) => ({ input: floats([2, 3, 4], rand), target: ints([2, 4], [0, 1, 2, 3, 0, 0, 0, 0]) }), argument: 'target' }, { options: { classes: 'some' }, argument: 'classes' }],
  },
};
