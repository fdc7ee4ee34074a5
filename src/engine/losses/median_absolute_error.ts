import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { Tensor } from '../tensor';
import { rejectUnknownNames } from './call_options';
import { sameShapePair } from './spec_kit';
import { SHAPES } from './shapes';

const ID = 'median_absolute_error';

export const spec: LossSpec = {
  id: ID,
  title: 'Median absolute error',
  family: 'regression',
  summary: 'The median of |x − y| over all elements: one number that ignores up to half of the errors, however large.',
  formula: { unicode: 'L = median(|xᵢ − yᵢ|)', latex: 'L = \\operatorname{median}_i \\lvert x_i - y_i \\rvert' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Predictions x.' },
    { name: 'target', shape: '(*), same shape as input', dtype: 'float', differentiable: true, meaning: 'Targets y.' },
  ],
  options: [],
  shapes: SHAPES.elementwiseToScalar,
  spellings: [],
  whenToUse: ['Reporting a typical error that a few outliers cannot move.', 'Robust evaluation of regressors; as a training loss it is too sparse (one element per step).'],
  pitfalls: [
    { id: 'median-sparse-gradient', title: 'Gradient reaches one element', detail: 'Each step updates through the median element(s) only: training on it is slow and noisy. Use it as a metric, or train with Huber/L1.' },
    { id: 'median-weighted', title: 'Weighted medians differ', detail: 'With sample weights scikit-learn takes the smallest error whose cumulative weight reaches half, not an interpolated median.' },
  ],
  gradient: 'Only the median element(s) get a gradient, ±1 (½ each for an even count): the rest of the batch is ignored, as torch.median does.',
  references: [
    { title: 'sklearn.metrics.median_absolute_error — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.median_absolute_error.html' },
  ],
  expects: { prediction: 'values', target: 'values' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const { x, y } = sameShapePair(ID, args);
    const n = x.size;
    if (n === 0) throw new LossError(ID, 'input', 'the median of no elements is undefined');
    const d = Float64Array.from(x.data, (v, i) => v - y.data[i]!);
    const order = Array.from(d.keys()).sort((a, b) => Math.abs(d[a]!) - Math.abs(d[b]!));
    const mid = n % 2 ? [order[n >> 1]!] : [order[(n >> 1) - 1]!, order[n >> 1]!];
    const value = mid.reduce((s, i) => s + Math.abs(d[i]!), 0) / mid.length;
    const grad: Record<string, Tensor> = {};
    if (wantGrad) {
      const gx = new Float64Array(n);
      for (const i of mid) gx[i]! += Math.sign(d[i]!) / mid.length;
      grad['input'] = new Tensor(x.shape, gx);
      grad['target'] = new Tensor(y.shape, gx.map((v) => -v));
    }
    return { value: Tensor.scalar(value), grad };
  },
};
