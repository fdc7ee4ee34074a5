import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { elementwiseCompute, termKernel } from './spec_kit';
import { BROADCAST_SHAPE_MISMATCH } from './shared_pitfalls';
import { SHAPES } from './shapes';


const kernel = termKernel((x, y, _param, out) => {
    out[0] = 2 * ((y === 0 ? 0 : y * Math.log(y / x)) - y + x);
    out[1] = 2 * (1 - y / x);
    out[2] = y === 0 ? -Infinity : 2 * Math.log(y / x);
});

export const spec: LossSpec = {
  id: 'poisson_deviance',
  title: 'Poisson deviance',
  family: 'probabilistic',
  summary: '2(y·log(y/μ) − y + μ): twice the Poisson log-likelihood ratio of the prediction μ to the perfect fit; zero when μ = y.',
  formula: { unicode: 'ℓᵢ = 2(yᵢ·log(yᵢ/μᵢ) − yᵢ + μᵢ)', latex: '\\ell_i = 2\\bigl(y_i \\log\\tfrac{y_i}{\\mu_i} - y_i + \\mu_i\\bigr)' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'The predicted mean μ > 0 (not its log).' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Observed counts y ≥ 0.' },
  ],
  options: [
    reductionOption('over all elements'),
  ],
  shapes: SHAPES.elementwise,
  spellings: [],
  whenToUse: ['Count targets (events, visits) with a positive mean prediction μ, e.g. an exp or softplus output.', 'Evaluating Poisson regressors: it is 0 for a perfect fit, unlike the negative log-likelihood.'],
  pitfalls: [
    { id: 'deviance-positive-mu', title: 'μ must be positive', detail: 'μ ≤ 0 is invalid (scikit-learn raises): predict log μ and exponentiate, or use poisson_nll_loss with log_input=True.' },
    { id: 'deviance-vs-nll', title: 'Deviance vs negative log-likelihood', detail: 'The deviance differs from poisson_nll_loss by terms that depend only on y (and a factor 2): same minimiser, different values.' },

    BROADCAST_SHAPE_MISMATCH,
  ],
  gradient: 'd/dμ = 2(1 − y/μ): pushes μ towards y with a force relative to μ.',
  references: [
    { title: 'sklearn.metrics.mean_poisson_deviance — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.mean_poisson_deviance.html' },
    { title: 'McCullagh, P. & Nelder, J. A. (1989). Generalized Linear Models, 2nd ed., ch. 2.3.' },

  ],
  expects: { prediction: 'values', target: 'counts' },
  compute: elementwiseCompute(() => spec, kernel, () => 0),
};
