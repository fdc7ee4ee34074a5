import type { LossSpec } from '../catalog/types';
import { callOptions } from './call_options';
import { reductionOption, fmt } from './option_specs';
import { elementwiseCompute, termKernel } from './spec_kit';
import { BROADCAST_SHAPE_MISMATCH } from './shared_pitfalls';
import { SHAPES } from './shapes';


const kernel = termKernel((x, y, q, out) => {
    const d = y - x;
    const under = d >= 0 ? 1 : 0;
    out[0] = under ? q * d : (q - 1) * d;
    out[1] = under ? -q : 1 - q;
    out[2] = -out[1];
});

export const spec: LossSpec = {
  id: 'quantile_loss',
  title: 'Quantile (pinball) loss',
  family: 'regression',
  summary: 'τ·(y − x) when under-predicting, (1 − τ)·(x − y) when over-predicting: its minimiser is the τ-quantile of the target.',
  formula: { unicode: 'ℓᵢ = max(τ(yᵢ − xᵢ), (τ − 1)(yᵢ − xᵢ))', latex: '\\ell_i = \\max\\bigl(\\tau (y_i - x_i),\\ (\\tau - 1)(y_i - x_i)\\bigr)' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Predictions x.' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Targets y.' },
  ],
  options: [
    reductionOption('over all elements'),
    { name: 'quantile', type: 'number', default: 0.5, meaning: 'The quantile τ in [0, 1]: under-predictions cost τ per unit, over-predictions 1 − τ (0.5 is half the absolute error).', explain: (v) => `quantile = ${typeof v === 'number' ? fmt(v) : String(v)}` },
  ],
  shapes: SHAPES.elementwise,
  spellings: [
    { framework: 'sklearn', kind: 'string', name: 'quantile', note: "GradientBoostingRegressor(loss='quantile', alpha=τ): the pinball loss." },
  ],
  whenToUse: ['Prediction intervals: train heads for τ = 0.05 and 0.95.', 'Asymmetric costs of over- and under-prediction (inventory, latency budgets).'],
  pitfalls: [
    { id: 'quantile-crossing', title: 'Separately trained quantiles can cross', detail: 'Heads for τ = 0.1 and 0.9 trained independently may predict q0.1 > q0.9 for some inputs; sort the outputs or predict increments.' },
    { id: 'quantile-name', title: 'alpha, tau, quantile', detail: 'scikit-learn calls τ alpha (mean_pinball_loss), others tau or quantile; alpha = 0.9 means the 90th percentile, not a weight of 0.9 on over-prediction.' },

    BROADCAST_SHAPE_MISMATCH,
  ],
  gradient: 'd/dx = −τ when x ≤ y, 1 − τ when x > y: constant pulls whose balance point is the τ-quantile.',
  references: [
    { title: 'Koenker, R. & Bassett, G. (1978). Regression Quantiles. Econometrica 46(1).' },
    { title: 'sklearn.metrics.mean_pinball_loss — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.mean_pinball_loss.html' },

  ],
  expects: { prediction: 'values', target: 'values' },
  compute: elementwiseCompute(() => spec, kernel, (given) => callOptions(spec, given).number('quantile')),
};
