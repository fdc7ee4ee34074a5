import { type Args, type Case, type Rand, floats } from './cases';

const B = 5;
const withReference = (rand: Rand): Args => ({
  policy_chosen_logps: floats([B], rand, -30, -5),
  policy_rejected_logps: floats([B], rand, -30, -5),
  reference_chosen_logps: floats([B], rand, -30, -5),
  reference_rejected_logps: floats([B], rand, -30, -5),
});
const shapeReject = { args: (rand: Rand): Args => ({ ...withReference(rand), policy_rejected_logps: floats([B + 1], rand, -9, -1) }), argument: 'policy_rejected_logps' };
const dpoLike = (options: Case['options'], more: Case['rejects'] = []): Case => ({
  args: withReference,
  options,
  rejects: [shapeReject, { options: { beta: 0 }, argument: 'beta' }, { options: { reduction: 'batchmean' }, argument: 'reduction' }, ...more],
});
const noReference = (rand: Rand): Args => ({ policy_chosen_logps: floats([B], rand, -3, -0.2), policy_rejected_logps: floats([B], rand, -3, -0.2) });

export const PREFERENCE_CASES: Record<string, Case> = {
  dpo_loss: dpoLike([{}, { beta: 0.5, label_smoothing: 0.2 }, { reference_free: true, reduction: 'none' }], [{ options: { label_smoothing: 0.7 }, argument: 'label_smoothing' }]),
  ipo_loss: dpoLike([{}, { beta: 0.3, reduction: 'sum' }]),
  dpo_hinge_loss: {
    ...dpoLike([{ beta: 0.05 }, { beta: 0.02, reduction: 'none' }]),
  },
  robust_dpo_loss: dpoLike([{}, { beta: 0.2, label_smoothing: 0.1 }], [{ options: { label_smoothing: 0.5 }, argument: 'label_smoothing' }]),
  exo_pair_loss: dpoLike([{}, { beta: 0.2, label_smoothing: 0.3 }], [{ options: { label_smoothing: 0 }, argument: 'label_smoothing' }]),
  nca_pair_loss: dpoLike([{}, { beta: 0.3, reduction: 'sum' }]),
  sppo_hard_loss: dpoLike([{}, { beta: 0.5, reduction: 'none' }]),
  simpo_loss: {
    args: noReference,
    options: [{}, { beta: 2, simpo_gamma: 1, label_smoothing: 0.1 }],
    rejects: [{ options: { simpo_gamma: -1 }, argument: 'simpo_gamma' }, { args: (rand) => ({ ...noReference(rand), reference_chosen_logps: floats([B], rand) }), argument: 'reference_chosen_logps' }],
  },
  cpo_loss: {
    args: (rand) => ({ ...noReference(rand), chosen_nll: floats([B], rand, 0.1, 3) }),
    options: [{}, { cpo_alpha: 0.5, beta: 1, reduction: 'sum' }],
    rejects: [{ args: (rand) => ({ ...noReference(rand), chosen_nll: floats([B, 2], rand) }), argument: 'chosen_nll' }],
  },
  orpo_loss: {
    args: (rand) => ({ ...noReference(rand), chosen_nll: floats([B], rand, 0.1, 3) }),
    options: [{}, { beta: 0.5, reduction: 'none' }],
    rejects: [{ args: (rand) => ({ policy_chosen_logps: floats([B], rand, 0.1, 1), policy_rejected_logps: floats([B], rand, -2, -1) }), argument: 'policy_chosen_logps' }],
  },
  kto_loss: {
    args: (rand) => ({
      policy_chosen_logps: floats([3], rand, -20, -5),
      policy_rejected_logps: floats([4], rand, -20, -5),
      reference_chosen_logps: floats([3], rand, -20, -5),
      reference_rejected_logps: floats([4], rand, -20, -5),
      kl: floats([], rand, 0, 2),
    }),
    options: [{}, { beta: 0.5, desirable_weight: 1.33, undesirable_weight: 0.5, reduction: 'sum' }, { reduction: 'none' }],
    rejects: [
      { args: (rand) => ({ policy_chosen_logps: floats([3], rand), policy_rejected_logps: floats([4], rand), reference_chosen_logps: floats([4], rand), reference_rejected_logps: floats([4], rand) }), argument: 'reference_chosen_logps' },
      { options: { desirable_weight: -1 }, argument: 'desirable_weight' },
    ],
  },
};
