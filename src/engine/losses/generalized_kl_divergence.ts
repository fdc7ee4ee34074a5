import type { LossSpec } from '../catalog/types';
import { elementwiseEntry } from './margin_rows';
import { reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION } from './shared_pitfalls';
import { SHAPES } from './shapes';

export const spec: LossSpec = {
  id: 'generalized_kl_divergence',
  title: 'Generalized KL divergence',
  family: 'probabilistic',
  summary: 'KL divergence between unnormalised non-negative measures: t·(log t − log q) + q − t. It is the Poisson deviance in log space and equals KL when both sum to 1.',
  formula: { unicode: 'ℓᵢ = tᵢ(log tᵢ − xᵢ) + e^{xᵢ} − tᵢ,  x = log q, 0·log 0 = 0', latex: '\\ell_i = t_i (\\log t_i - x_i) + e^{x_i} - t_i' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Log of the (unnormalised) prediction.' },
    { name: 'target', shape: '(*), same shape', dtype: 'float', differentiable: false, meaning: 'Non-negative target measure.' },
  ],
  options: [reductionOption('over all elements')],
  shapes: SHAPES.elementwiseAnyShape,
  spellings: [
    { framework: 'jax', kind: 'functional', name: 'optax.losses.generalized_kl_divergence', argMap: { log_predictions: 'input', targets: 'target' }, note: 'Summed over axis (the last by default), not averaged.' },
    { framework: 'jax', kind: 'functional', name: 'optax.losses.convex_kl_divergence', argMap: { log_predictions: 'input', targets: 'target' }, note: 'Deprecated alias.' },
  ],
  whenToUse: ['Non-negative matrix factorisation and count or intensity models where the prediction is not normalised.', 'Comparing histograms or densities of different total mass.'],
  pitfalls: [
    { id: 'gkl-input-is-log', title: 'The input is a log-prediction', detail: 'Like kl_div, the first argument is log q; passing q itself makes e^q the prediction.' },
    { id: 'gkl-negative-target', title: 'Negative targets give NaN', detail: 't·log t is undefined for t < 0; targets must be non-negative (0 contributes nothing).' },
    NAIVE_LOSS_COMBINATION,
  ],
  gradient: 'd/dx = e^x − t: zero exactly when the prediction matches the target, like the Poisson NLL with log input.',
  references: [{ title: 'Lee & Seung, Algorithms for Non-negative Matrix Factorization, NIPS 2000' }, { title: 'optax.losses.generalized_kl_divergence', url: 'https://optax.readthedocs.io/en/latest/api/losses.html' }],
  expects: { prediction: 'log_probabilities', target: 'values' },
  compute: (args, options, wantGrad) =>
    elementwiseEntry(spec, args, options, wantGrad, (x, t) => {
      const e = Math.exp(x);
      return [t * ((t === 0 ? 0 : Math.log(t)) - x) + e - t, e - t];
    }),
};
