import type { LossSpec } from '../catalog/types';
import { callOptions } from './call_options';
import { reductionOption, fmt } from './option_specs';
import { elementwiseCompute, termKernel } from './spec_kit';
import { BROADCAST_SHAPE_MISMATCH } from './shared_pitfalls';
import { SHAPES } from './shapes';


const kernel = termKernel((x, y, eps, out) => {
    const d = x - y;
    const m = Math.max(Math.abs(y), eps);
    out[0] = Math.abs(d) / m;
    out[1] = Math.sign(d) / m;
    out[2] = -Math.sign(d) / m - (Math.abs(y) > eps ? (Math.abs(d) * Math.sign(y)) / (m * m) : 0);
});

export const spec: LossSpec = {
  id: 'mean_absolute_percentage_error',
  title: 'Mean absolute percentage error',
  family: 'regression',
  summary: '|x − y| / |y|: the error relative to the target, as a fraction (scikit-learn) or a percentage (Keras).',
  formula: { unicode: 'ℓᵢ = |xᵢ − yᵢ| / max(|yᵢ|, ε)', latex: '\\ell_i = \\frac{\\lvert x_i - y_i \\rvert}{\\max(\\lvert y_i \\rvert, \\varepsilon)}' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Predictions x.' },
    { name: 'target', shape: '(*), broadcastable with input (same shape expected)', dtype: 'float', differentiable: true, meaning: 'Targets y.' },
  ],
  options: [
    reductionOption('over all elements'),
    { name: 'epsilon', type: 'number', default: 2.220446049250313e-16, meaning: 'Lower bound of |y| in the denominator (float64 machine epsilon, as scikit-learn; Keras uses 1e-7).', explain: (v) => `epsilon = ${typeof v === 'number' ? fmt(v) : String(v)}` },
  ],
  shapes: SHAPES.elementwise,
  spellings: [
    { framework: 'keras', kind: 'string', name: 'mape', note: "compile(loss='mape'): keras.losses.MeanAbsolutePercentageError (×100)." },
  ],
  whenToUse: ['Reporting errors relative to the size of the target (forecasting, demand).', 'Targets that are all far from zero and of different scales.'],
  pitfalls: [
    { id: 'mape-near-zero', title: 'Explodes for targets near zero', detail: 'A target of 0 divides by ε ≈ 2e-16 (1e-7 in Keras): one such sample dominates the mean. Use sMAPE, MAE or a log-space loss when targets can be 0.' },
    { id: 'mape-asymmetric', title: 'Penalises over-prediction more than under-prediction', detail: 'For positive targets an under-prediction costs at most 100 %, an over-prediction without bound: models trained on MAPE are biased low.' },
    { id: 'mape-percent-or-fraction', title: 'Percent in Keras, fraction in scikit-learn', detail: 'keras.losses.MeanAbsolutePercentageError returns 100× the value of sklearn.metrics.mean_absolute_percentage_error.' },

    BROADCAST_SHAPE_MISMATCH,
  ],
  gradient: 'd/dx = sign(x − y)/|y|: predictions for small targets get huge gradients; d/dy adds −|x − y|·sign(y)/y².',
  references: [
    { title: 'sklearn.metrics.mean_absolute_percentage_error — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.mean_absolute_percentage_error.html' },
    { title: 'de Myttenaere, A. et al. (2016). Mean Absolute Percentage Error for regression models. Neurocomputing 192.' },

  ],
  expects: { prediction: 'values', target: 'values' },
  compute: elementwiseCompute(() => spec, kernel, (given) => callOptions(spec, given).number('epsilon')),
};
