import type { LossSpec } from '../catalog/types';
import { callOptions } from './call_options';
import { reductionOption, fmt } from './option_specs';
import { elementwiseCompute, termKernel } from './spec_kit';
import { BROADCAST_SHAPE_MISMATCH } from './shared_pitfalls';
import { SHAPES } from './shapes';

/** The deviance for power p (with the limits p = 0, 1, 2 written out) and its partials in μ and y. */
function tweedie(mu: number, y: number, p: number, out: Float64Array): void {
  out[1] = 2 * Math.pow(mu, -p) * (mu - y);
  if (p === 0) {
    out[0] = (y - mu) ** 2;
    out[2] = 2 * (y - mu);
  } else if (p === 1) {
    out[0] = 2 * ((y === 0 ? 0 : y * Math.log(y / mu)) - y + mu);
    out[2] = y === 0 ? -Infinity : 2 * Math.log(y / mu);
  } else if (p === 2) {
    out[0] = 2 * (Math.log(mu / y) + y / mu - 1);
    out[2] = 2 * (1 / mu - 1 / y);
  } else {
    const yy = p < 0 ? Math.max(y, 0) : y;
    out[0] = 2 * (Math.pow(yy, 2 - p) / ((1 - p) * (2 - p)) - (y * Math.pow(mu, 1 - p)) / (1 - p) + Math.pow(mu, 2 - p) / (2 - p));
    out[2] = (2 * (Math.pow(yy, 1 - p) - Math.pow(mu, 1 - p))) / (1 - p);
  }
}

const kernel = termKernel((x, y, p, out) => {
    tweedie(x, y, p, out);
});

export const spec: LossSpec = {
  id: 'tweedie_deviance',
  title: 'Tweedie deviance',
  family: 'probabilistic',
  summary: 'The deviance of the Tweedie family with power p: 0 normal (squared error), 1 Poisson, 2 Gamma, 1 < p < 2 compound Poisson–Gamma for zero-inflated positive targets.',
  formula: { unicode: 'ℓᵢ = 2(yᵢ^(2−p)/((1−p)(2−p)) − yᵢ·μᵢ^(1−p)/(1−p) + μᵢ^(2−p)/(2−p))', latex: '\\ell_i = 2\\Bigl(\\frac{y_i^{2-p}}{(1-p)(2-p)} - \\frac{y_i\\,\\mu_i^{1-p}}{1-p} + \\frac{\\mu_i^{2-p}}{2-p}\\Bigr)' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'The predicted mean μ > 0 (not its log).' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Targets y.' },
  ],
  options: [
    reductionOption('over all elements'),
    { name: 'power', type: 'number', default: 1.5, meaning: 'Tweedie power p: 0 normal, 1 Poisson, 2 Gamma, 3 inverse Gaussian; 0 < p < 1 is not a distribution. scikit-learn defaults to 0.', explain: (v) => `power = ${typeof v === 'number' ? fmt(v) : String(v)}` },
  ],
  shapes: SHAPES.elementwise,
  spellings: [],
  whenToUse: ['Insurance claims, rainfall, sales: many exact zeros plus positive skewed amounts (1 < p < 2).', 'A single family interpolating between squared error, Poisson and Gamma losses.'],
  pitfalls: [
    { id: 'tweedie-power-range', title: 'Powers between 0 and 1', detail: 'No Tweedie distribution exists for 0 < p < 1: scikit-learn raises. For 1 ≤ p < 2 targets must be ≥ 0 and μ > 0; for p ≥ 2 both must be positive.' },
    { id: 'tweedie-default-power', title: 'Default power', detail: "scikit-learn's mean_tweedie_deviance defaults to power 0 (squared error); this entry defaults to 1.5, the usual compound Poisson–Gamma choice." },

    BROADCAST_SHAPE_MISMATCH,
  ],
  gradient: 'd/dμ = 2·μ^(−p)·(μ − y) for every power: the power sets how the pull scales with the size of the prediction.',
  references: [
    { title: 'sklearn.metrics.mean_tweedie_deviance — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.mean_tweedie_deviance.html' },
    { title: 'Jørgensen, B. (1987). Exponential Dispersion Models. J. R. Stat. Soc. B 49(2).' },

  ],
  expects: { prediction: 'values', target: 'values' },
  compute: elementwiseCompute(() => spec, kernel, (given) => callOptions(spec, given).number('power')),
};
