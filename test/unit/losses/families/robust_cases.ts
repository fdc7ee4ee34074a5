import { Tensor } from '../../../../src/engine/tensor';
import { awayFrom, type Case, floats, ints } from './cases';

/** input = target + a residual kept away from the loss's kinks. */
function residualCase(kinks: readonly number[], options: Case['options'], lo = -3, hi = 3): Case {
  return {
    args: (rand) => {
      const target = floats([3, 4], rand);
      const r = awayFrom([3, 4], rand, [0, ...kinks], lo, hi);
      return { input: new Tensor([3, 4], target.data.map((t, i) => t + r.data[i]!)), target };
    },
    options,
    rejects: [
      { args: (rand) => ({ input: floats([3, 4], rand), target: floats([4, 3], rand) }), argument: 'target' },
      { args: (rand) => ({ input: ints([2], [1, 2]), target: floats([2], rand) }), argument: 'input' },
      { options: { reduction: 'avg' }, argument: 'reduction' },
    ],
  };
}

export const ROBUST_CASES: Record<string, Case> = {
  pseudo_huber_loss: { ...residualCase([], [{}, { delta: 0.3, reduction: 'sum' }, { reduction: 'none' }]), rejects: [...residualCase([], []).rejects, { options: { delta: 0 }, argument: 'delta' }] },
  charbonnier_loss: { ...residualCase([], [{}, { scale: 0.5, reduction: 'none' }]), rejects: [...residualCase([], []).rejects, { options: { scale: -1 }, argument: 'scale' }] },
  cauchy_loss: residualCase([], [{}, { scale: 2, reduction: 'sum' }]),
  geman_mcclure_loss: residualCase([], [{}, { scale: 0.7 }]),
  welsch_loss: residualCase([], [{}, { scale: 1.5, reduction: 'none' }]),
  tukey_biweight_loss: residualCase([1.5, 4.685], [{}, { c: 1.5, reduction: 'sum' }], -6, 6),
  barron_loss: residualCase([], [{}, { alpha: 2 }, { alpha: 0 }, { alpha: -2, scale: 0.5 }, { alpha: '-inf' }, { alpha: 3.5, reduction: 'sum' }]),
  wing_loss: { ...residualCase([1, 10], [{}, { omega: 1, epsilon: 0.5 }], -14, 14), rejects: [...residualCase([], []).rejects, { options: { epsilon: 0 }, argument: 'epsilon' }] },
  soft_wing_loss: residualCase([1, 2], [{}, { omega1: 1, omega2: 5, epsilon: 0.2 }], -5, 5),
  adaptive_wing_loss: {
    args: (rand) => {
      const target = floats([2, 6], rand, 0, 1);
      const r = awayFrom([2, 6], rand, [0, 0.3, 0.5], -1, 1);
      return { input: new Tensor([2, 6], target.data.map((t, i) => t + r.data[i]!)), target };
    },
    options: [{}, { theta: 0.3, omega: 5, reduction: 'sum' }],
    rejects: [{ options: { theta: 0 }, argument: 'theta' }, { args: (rand) => ({ input: floats([2], rand), target: floats([3], rand) }), argument: 'target' }],
  },
  epsilon_insensitive_loss: residualCase([0.1, 0.5], [{}, { epsilon: 0.5, reduction: 'none' }]),
  squared_epsilon_insensitive_loss: { ...residualCase([0.1, 0.5], [{}, { epsilon: 0.5 }]), rejects: [{ options: { epsilon: -0.1 }, argument: 'epsilon' }] },
  balanced_l1_loss: residualCase([1, 0.5], [{}, { alpha: 1, gamma: 2, beta: 0.5, reduction: 'sum' }]),
  psnr_loss: {
    args: (rand) => ({ input: floats([2, 3, 2], rand, 0, 1), target: floats([2, 3, 2], rand, 0, 1) }),
    options: [{}, { max_val: 255 }],
    rejects: [{ args: (rand) => ({ input: floats([2, 3], rand), target: floats([3, 2], rand) }), argument: 'target' }, { options: { max_val: 0 }, argument: 'max_val' }],
  },
};
