/** Reinforcement learning policy and value objectives (PPO's clipped surrogate and value loss,
 *  the vanilla policy gradient), as elementwise losses over a batch of transitions. */
import type { LossSpec, Reference } from '../../catalog/types';
import { reductionOption } from '../option_specs';
import { OVERFITTING_TO_THE_LOSS } from '../shared_pitfalls';
import { defineLoss } from './define';
import { computeElementwise, runElementwise } from '../../kernels/elementwise';
import { numberOption } from '../spec_options';
import { fastExp as fastExpImport } from '../../kernels/fast_exp';

// The hot loops' alias of fastExp (why: fast_exp.ts).
const fastExp = fastExpImport;

const PPO: Reference = { title: 'Schulman et al., Proximal Policy Optimization Algorithms, 2017', url: 'https://arxiv.org/abs/1707.06347' };
const CLEANRL: Reference = { title: 'CleanRL ppo.py (pg_loss, v_loss)', url: 'https://docs.cleanrl.dev/rl-algorithms/ppo/' };
const ADVANTAGE_NORMALISATION = {
  id: 'rl-advantage-scale',
  title: 'The loss scale follows the advantages',
  detail: 'Policy losses are proportional to the advantages: unnormalised returns in the hundreds give huge steps. Normalise advantages per minibatch (mean 0, std 1), and do not read the policy loss as a measure of progress — track the episodic return.',
};
const CLIP_COEF = numberOption('clip_coef', 0.2, 'ε: the probability ratio is clipped to [1 − ε, 1 + ε].', { range: { min: 0 }, tunable: { min: 0.05, max: 0.5, step: 0.01 } });

export const ppoClipLoss = defineLoss({
  id: 'ppo_clip_loss',
  title: 'PPO clipped surrogate loss',
  family: 'reinforcement',
  summary: 'The PPO policy loss: −min(ρ·A, clip(ρ, 1 − ε, 1 + ε)·A) with ρ = π(a|s)/π_old(a|s), which removes the incentive to move the ratio beyond the clip range.',
  formula: { unicode: 'ρ = exp(log π − log π_old);  ℓ = max(−A·ρ, −A·clip(ρ, 1 − ε, 1 + ε))', latex: '\\ell = -\\min\\bigl(\\rho A,\\ \\mathrm{clip}(\\rho, 1-\\epsilon, 1+\\epsilon) A\\bigr),\\quad \\rho = \\frac{\\pi_\\theta(a|s)}{\\pi_{old}(a|s)}' },
  args: [
    { name: 'log_probs', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'log π_θ(a|s) of the taken actions under the current policy.' },
    { name: 'old_log_probs', shape: '(*), same shape', dtype: 'float', differentiable: false, meaning: 'log π_old(a|s) recorded at rollout time (constant).' },
    { name: 'advantages', shape: '(*), same shape', dtype: 'float', differentiable: false, meaning: 'Advantage estimates A (e.g. GAE), constants.' },
  ],
  options: [CLIP_COEF, reductionOption('over the minibatch')],
  shapes: { input: 'log_probs (*)', target: 'old_log_probs and advantages, same shape', output: "scalar; with reduction='none', the shape of log_probs" },
  spellings: [
    { framework: 'trl', kind: 'module', name: 'trl.PPOTrainer', argMap: { logprobs: 'log_probs', cliprange: 'clip_coef' }, note: 'PPOConfig(cliprange=0.2); token-level ratios averaged with the response mask.' },
    { framework: 'other', kind: 'module', name: 'stable_baselines3.PPO', argMap: { clip_range: 'clip_coef' }, note: 'clip_range=0.2; the policy loss is this mean, added to vf_coef·value loss − ent_coef·entropy.' },
  ],
  whenToUse: ['On-policy actor-critic training (PPO) with several epochs over each rollout; RLHF policy updates.'],
  pitfalls: [ADVANTAGE_NORMALISATION, { id: 'ppo-stale-old-logprobs', title: 'old_log_probs must be detached and fixed for the update', detail: 'Recomputing them with the current policy makes ρ ≡ 1 and removes the clipping; store them at rollout time.' }, OVERFITTING_TO_THE_LOSS],
  gradient: '∂/∂log π = −A·ρ where the unclipped term is active (always when ρ is inside the clip range); 0 when the clipped term is the active maximum.',
  references: [PPO, CLEANRL],
  expects: { prediction: 'log_probabilities', target: 'none' },
  run({ arg, opt, wantGrad }) {
    const eps = opt.number('clip_coef');
    const operands = [
      { name: 'log_probs', tensor: arg('log_probs'), grad: true },
      { name: 'old_log_probs', tensor: arg('old_log_probs'), grad: false },
      { name: 'advantages', tensor: arg('advantages'), grad: false },
    ];
    // Its own loop, not computeElementwise's per-element callback (see elementwise.ts): the
    // policy loss runs over every token of a rollout.
    return runElementwise('ppo_clip_loss', operands, opt.reduction(), wantGrad, ([lp, old, adv], values, [g], scale) => {
      let sum = 0;
      for (let i = 0; i < lp!.length; i++) {
        const rho = fastExp(lp![i]! - old![i]!);
        const a = adv![i]!;
        const clipped = Math.min(Math.max(rho, 1 - eps), 1 + eps);
        const pg1 = -a * rho;
        const pg2 = -a * clipped;
        const v = Math.max(pg1, pg2);
        sum += v;
        if (values !== null) values[i] = v;
        if (g) g[i] = (pg1 >= pg2 ? -a * rho : clipped === rho ? -a * rho : 0) * scale;
      }
      return sum;
    });
  },
});

export const ppoValueLoss = defineLoss({
  id: 'ppo_value_loss',
  title: 'PPO clipped value loss',
  family: 'reinforcement',
  summary: "½·max((V − R)², (V_old + clip(V − V_old, −ε, ε) − R)²): the critic's squared error with the update of V limited like the policy's ratio.",
  formula: { unicode: 'ℓ = ½·max((V − R)², (V_old + clip(V − V_old, −ε, ε) − R)²);  ½(V − R)² when clip_coef is None', latex: '\\ell = \\tfrac12\\max\\bigl((V - R)^2, (V_{old} + \\mathrm{clip}(V - V_{old}, -\\epsilon, \\epsilon) - R)^2\\bigr)' },
  args: [
    { name: 'values', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'V(s) predicted by the current critic.' },
    { name: 'old_values', shape: '(*), same shape', dtype: 'float', differentiable: false, meaning: 'V(s) recorded at rollout time.' },
    { name: 'returns', shape: '(*), same shape', dtype: 'float', differentiable: false, meaning: 'Return targets R (advantages + old values with GAE).' },
  ],
  options: [numberOption('clip_coef', 0.2, 'ε for the value update; None disables value clipping (plain ½ squared error).', { range: { min: 0 } }), reductionOption('over the minibatch')],
  shapes: { input: 'values (*)', target: 'old_values and returns, same shape', output: "scalar; with reduction='none', the shape of values" },
  spellings: [{ framework: 'other', kind: 'module', name: 'stable_baselines3.common.on_policy_algorithm.OnPolicyAlgorithm', argMap: { clip_range_vf: 'clip_coef' }, note: 'SB3 PPO(clip_range_vf=None) by default: no value clipping and no ½ factor (F.mse_loss).' }],
  whenToUse: ['The critic loss of PPO (CleanRL clip_vloss=True); optional — several studies find clipping the value function unhelpful.'],
  pitfalls: [{ id: 'ppo-value-scale', title: 'Value clipping ε is in the units of the returns', detail: 'ε = 0.2 is tiny for returns in the hundreds: the critic can barely move each epoch. Normalise rewards or disable clipping.' }, OVERFITTING_TO_THE_LOSS],
  gradient: '∂/∂V = (V − R) when the unclipped error is the larger, (V_clip − R) when the clipped one is and V − V_old is inside [−ε, ε], else 0.',
  references: [CLEANRL, { title: 'Andrychowicz et al., What Matters in On-Policy Reinforcement Learning?, ICLR 2021', url: 'https://arxiv.org/abs/2006.05990' }],
  expects: { prediction: 'values', target: 'values' },
  run({ arg, opt, wantGrad }) {
    const eps = opt.numberOrNull('clip_coef');
    return computeElementwise(
      'ppo_value_loss',
      [
        { name: 'values', tensor: arg('values'), grad: true },
        { name: 'old_values', tensor: arg('old_values'), grad: false },
        { name: 'returns', tensor: arg('returns'), grad: false },
      ],
      opt.reduction(),
      wantGrad,
      (x, g) => {
        const [v, old, r] = [x[0]!, x[1]!, x[2]!];
        const un = (v - r) ** 2;
        if (eps === null) {
          if (g) g[0] = v - r;
          return 0.5 * un;
        }
        const delta = Math.min(Math.max(v - old, -eps), eps);
        const vc = old + delta;
        const cl = (vc - r) ** 2;
        if (g) g[0] = un >= cl ? v - r : Math.abs(v - old) < eps ? vc - r : 0;
        return 0.5 * Math.max(un, cl);
      },
    );
  },
});

export const policyGradientLoss = defineLoss({
  id: 'policy_gradient_loss',
  title: 'Policy gradient loss (REINFORCE / A2C)',
  family: 'reinforcement',
  summary: '−log π(a|s)·A: minimising it follows the policy gradient; with A the return it is REINFORCE, with a learned baseline A2C.',
  formula: { unicode: 'ℓ = −log π(a|s)·A', latex: '\\ell = -\\log\\pi_\\theta(a\\mid s)\\,A' },
  args: [
    { name: 'log_probs', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'log π_θ(a|s) of the taken actions.' },
    { name: 'advantages', shape: '(*), same shape', dtype: 'float', differentiable: false, meaning: 'Returns or advantages A (constants: detach them).' },
  ],
  options: [reductionOption('over the batch of steps')],
  shapes: { input: 'log_probs (*)', target: 'advantages, same shape', output: "scalar; with reduction='none', the shape of log_probs" },
  spellings: [{ framework: 'other', kind: 'module', name: 'stable_baselines3.A2C', note: 'policy_loss = −(advantages · log_prob).mean(), plus vf_coef·value loss − ent_coef·entropy.' }],
  whenToUse: ['Simple on-policy RL, sequence-level rewards for language models (REINFORCE with a baseline, RLOO).'],
  pitfalls: [ADVANTAGE_NORMALISATION, { id: 'pg-detach-advantages', title: 'Advantages must not carry gradient', detail: 'If A comes from the critic without detach(), the policy loss also trains the critic to make advantages large.' }, OVERFITTING_TO_THE_LOSS],
  gradient: '∂/∂log π = −A (÷ n for mean): raises the log-probability of actions with positive advantage.',
  references: [{ title: 'Williams, Simple statistical gradient-following algorithms for connectionist reinforcement learning, 1992' }, { title: 'Mnih et al., Asynchronous Methods for Deep Reinforcement Learning, ICML 2016', url: 'https://arxiv.org/abs/1602.01783' }],
  expects: { prediction: 'log_probabilities', target: 'none' },
  run({ arg, opt, wantGrad }) {
    return computeElementwise(
      'policy_gradient_loss',
      [
        { name: 'log_probs', tensor: arg('log_probs'), grad: true },
        { name: 'advantages', tensor: arg('advantages'), grad: false },
      ],
      opt.reduction(),
      wantGrad,
      (x, g) => {
        if (g) g[0] = -x[1]!;
        return -x[0]! * x[1]!;
      },
    );
  },
});

export const RL_LOSSES: readonly LossSpec[] = [ppoClipLoss, ppoValueLoss, policyGradientLoss];
