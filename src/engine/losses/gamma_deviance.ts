import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { elementwiseCompute, termKernel } from './spec_kit';
import { BROADCAST_SHAPE_MISMATCH } from './shared_pitfalls';
import { SHAPES } from './shapes';


const kernel = termKernel((x, y, _param, out) => {
    out[0] = 2 * (Math.log(x / y) + y / x - 1);
    out[1] = 2 * (1 / x - y / (x * x));
    out[2] = 2 * (1 / x - 1 / y);
});

export const spec: LossSpec = {
  id: 'gamma_deviance',
  title: 'Gamma deviance',
  family: 'probabilistic',
  summary: '2(log(μ/y) + y/μ − 1): the Gamma log-likelihood ratio; depends only on y/μ, so it measures relative error.',
  formula: { unicode: 'ℓᵢ = 2(log(μᵢ/yᵢ) + yᵢ/μᵢ − 1)', latex: '\\ell_i = 2\\bigl(\\log\\tfrac{\\mu_i}{y_i} + \\tfrac{y_i}{\\mu_i} - 1\\bigr)' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'The predicted mean μ > 0 (not its log).' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Targets y.' },
  ],
  options: [
    reductionOption('over all elements'),
  ],
  shapes: SHAPES.elementwise,
  spellings: [
    { framework: 'sklearn', kind: 'string', name: 'gamma', note: "HistGradientBoostingRegressor(loss='gamma'): the Gamma deviance." },
  ],
  whenToUse: ['Strictly positive, right-skewed targets (claim sizes, durations) where relative error matters.'],
  pitfalls: [
    { id: 'gamma-positive', title: 'y and μ must both be positive', detail: 'A zero target makes log(μ/y) infinite; scikit-learn rejects y ≤ 0 and μ ≤ 0.' },

    BROADCAST_SHAPE_MISMATCH,
  ],
  gradient: 'd/dμ = 2(μ − y)/μ²: scale-free, a 10 % error weighs the same for any size of target.',
  references: [
    { title: 'sklearn.metrics.mean_gamma_deviance — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.mean_gamma_deviance.html' },
    { title: 'McCullagh, P. & Nelder, J. A. (1989). Generalized Linear Models, 2nd ed., ch. 8.' },

  ],
  expects: { prediction: 'values', target: 'values' },
  compute: elementwiseCompute(() => spec, kernel, () => 0),
};
