import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { Tensor } from '../tensor';
import { rejectUnknownNames } from './call_options';
import { sameShapePair } from './spec_kit';
import { SHAPES } from './shapes';

const ID = 'max_error';

export const spec: LossSpec = {
  id: ID,
  title: 'Max error',
  family: 'regression',
  summary: 'The largest |x − y| over all elements: the worst-case residual.',
  formula: { unicode: 'L = maxᵢ |xᵢ − yᵢ|', latex: 'L = \\max_i \\lvert x_i - y_i \\rvert' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Predictions x.' },
    { name: 'target', shape: '(*), same shape as input', dtype: 'float', differentiable: true, meaning: 'Targets y.' },
  ],
  options: [],
  shapes: SHAPES.elementwiseToScalar,
  spellings: [],
  whenToUse: ['Checking a worst-case tolerance (engineering limits, safety margins).', 'Minimax fitting, with the caveat that each step moves one element.'],
  pitfalls: [
    { id: 'max-error-single-element', title: 'One element decides', detail: 'The value and the gradient come from a single residual: one outlier or label error sets the whole loss.' },
  ],
  gradient: "±1 at the worst element (split equally among ties, as PyTorch's max reduction), 0 elsewhere.",
  references: [
    { title: 'sklearn.metrics.max_error — scikit-learn 1.2', url: 'https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.max_error.html' },
  ],
  expects: { prediction: 'values', target: 'values' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const { x, y } = sameShapePair(ID, args);
    if (x.size === 0) throw new LossError(ID, 'input', 'the maximum of no elements is undefined');
    let value = -Infinity;
    for (let i = 0; i < x.size; i++) value = Math.max(value, Math.abs(x.data[i]! - y.data[i]!));
    const grad: Record<string, Tensor> = {};
    if (wantGrad) {
      const tied: number[] = [];
      for (let i = 0; i < x.size; i++) if (Math.abs(x.data[i]! - y.data[i]!) === value) tied.push(i);
      const gx = new Float64Array(x.size);
      for (const i of tied) gx[i] = Math.sign(x.data[i]! - y.data[i]!) / tied.length;
      grad['input'] = new Tensor(x.shape, gx);
      grad['target'] = new Tensor(y.shape, gx.map((v) => -v));
    }
    return { value: Tensor.scalar(value), grad };
  },
};
