import { Tensor } from '../../../../src/engine/tensor';
import { type Args, awayFrom, type Case, type Rand, floats } from './cases';

const gan = (kinks: readonly number[], extra: Case['options'] = []): Case => ({
  args: (rand) => ({ fake_logits: awayFrom([4, 1], rand, kinks), real_logits: awayFrom([3, 1], rand, kinks) }),
  options: [{}, { role: 'generator' }, ...extra],
  rejects: [
    { args: (rand) => ({ fake_logits: floats([3], rand) }), argument: 'real_logits' },
    { options: { role: 'critic' }, argument: 'role' },
  ],
});

/** Actions whose ratio stays away from the clip bounds. */
function rollout(rand: Rand, n = 8): Args {
  const old = floats([n], rand, -3, -0.5);
  const ratio = awayFrom([n], rand, [0.8, 1.2, 0.9, 1.1], 0.5, 1.6, 0.03);
  return { log_probs: new Tensor([n], old.data.map((o, i) => o + Math.log(ratio.data[i]!))), old_log_probs: old, advantages: awayFrom([n], rand, [0], -2, 2) };
}

export const GENERATIVE_RL_CASES: Record<string, Case> = {
  gan_minimax_loss: gan([]),
  gan_non_saturating_loss: gan([]),
  gan_hinge_loss: gan([1]),
  wgan_loss: gan([]),
  wgan_gp_loss: {
    args: (rand) => ({ fake_logits: floats([4], rand), real_logits: floats([3], rand), grad_norms: floats([5], rand, 0, 3) }),
    options: [{}, { lambda_gp: 1 }, { role: 'generator' }],
    rejects: [{ args: (rand) => ({ fake_logits: floats([4], rand), real_logits: floats([3], rand) }), argument: 'grad_norms' }, { options: { lambda_gp: -1 }, argument: 'lambda_gp' }],
  },
  lsgan_loss: gan([], [{ a: -1, b: 1, c: 0 }, { role: 'generator', c: 0.5 }]),
  vae_elbo_loss: {
    args: (rand) => ({ input: floats([3, 4], rand), target: floats([3, 4], rand, 0, 1), mu: floats([3, 2], rand), logvar: floats([3, 2], rand, -1, 1) }),
    options: [{}, { likelihood: 'gaussian', beta: 4, reduction: 'mean' }],
    rejects: [
      { args: (rand) => ({ input: floats([3, 4], rand), target: floats([3, 4], rand), mu: floats([2, 2], rand), logvar: floats([2, 2], rand) }), argument: 'mu' },
      { args: (rand) => ({ input: floats([3, 4], rand), target: floats([3, 4], rand), mu: floats([3, 2], rand), logvar: floats([3, 3], rand) }), argument: 'logvar' },
      { options: { likelihood: 'poisson' }, argument: 'likelihood' },
    ],
  },
  diffusion_eps_mse_loss: {
    args: (rand) => ({ model_output: floats([3, 2, 2], rand), target: floats([3, 2, 2], rand), snr: floats([3], rand, 0.1, 20) }),
    options: [{}, { snr_gamma: 5 }, { snr_gamma: 5, prediction_type: 'v_prediction' }],
    rejects: [
      { args: (rand) => ({ model_output: floats([3, 2], rand), target: floats([3, 2], rand) }), options: { snr_gamma: 5 }, argument: 'snr' },
      { args: (rand) => ({ model_output: floats([3, 2], rand), target: floats([3, 2], rand), snr: floats([2], rand) }), options: { snr_gamma: 5 }, argument: 'snr' },
      { options: { snr_gamma: 0 }, argument: 'snr_gamma' },
    ],
  },
  flow_matching_loss: {
    args: (rand) => ({ input: floats([2, 3], rand), x0: floats([2, 3], rand), x1: floats([2, 3], rand) }),
    options: [{}, { sigma_min: 0.1, reduction: 'sum' }, { reduction: 'none' }],
    rejects: [{ args: (rand) => ({ input: floats([2, 3], rand), x0: floats([3, 2], rand), x1: floats([2, 3], rand) }), argument: 'x0' }, { options: { sigma_min: 2 }, argument: 'sigma_min' }],
  },
  ppo_clip_loss: {
    args: (rand) => rollout(rand),
    options: [{}, { clip_coef: 0.1, reduction: 'sum' }],
    rejects: [{ args: (rand) => ({ ...rollout(rand), advantages: floats([7], rand) }), argument: 'advantages' }, { options: { clip_coef: -0.2 }, argument: 'clip_coef' }],
  },
  ppo_value_loss: {
    args: (rand) => {
      const old = floats([8], rand);
      const step = awayFrom([8], rand, [0.2, 0.1], -0.6, 0.6, 0.02);
      return { values: new Tensor([8], old.data.map((o, i) => o + step.data[i]!)), old_values: old, returns: floats([8], rand, -3, 3) };
    },
    options: [{}, { clip_coef: 0.1, reduction: 'none' }, { clip_coef: null }],
    rejects: [{ args: (rand) => ({ values: floats([8], rand), old_values: floats([8], rand), returns: floats([4], rand) }), argument: 'returns' }],
  },
  policy_gradient_loss: {
    args: (rand) => ({ log_probs: floats([6], rand, -4, 0), advantages: floats([6], rand) }),
    options: [{}, { reduction: 'sum' }],
    rejects: [{ args: (rand) => ({ log_probs: Tensor.from([2], [1, 2], 'int64'), advantages: floats([2], rand) }), argument: 'log_probs' }],
  },
};
