/** The declarative frame of the elementwise robust regression losses: an entry gives its per-element
 *  function (value and derivatives) and its texts; this fills the arguments, shapes, reduction,
 *  the elementwise form the training loops use, and the computation. */
import type { ElementwiseForm, LossSpec, OptionSpec, Options, Pitfall, PointwiseKernel, Reference, Spelling } from '../../catalog/types';
import { reductionOption } from '../option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from '../shared_pitfalls';
import { defineLoss } from './define';
import { computeElementwise, requireSameShapes } from './elementwise';
import { computeSameShape } from '../pointwise';
import { SpecOptions } from '../spec_options';
import { SHAPES } from '../shapes';

/** One element's loss at prediction x and target y with the entry's parameters `p` (in the order of
 *  its `params`); writes d/dx into d[0] and d/dy into d[1]. */
export type ElementLoss = (x: number, y: number, p: readonly number[], d: Float64Array) => number;

/** A loss of the residual r = x − y only: rho and its derivative. */
export function ofResidual(rho: (r: number, p: readonly number[]) => number, drho: (r: number, p: readonly number[]) => number): ElementLoss {
  return (x, y, p, d) => {
    const r = x - y;
    const g = drho(r, p);
    d[0] = g;
    d[1] = -g;
    return rho(r, p);
  };
}

export interface RobustDef {
  id: string;
  title: string;
  summary: string;
  formula: { unicode: string; latex: string };
  params: readonly OptionSpec[];
  loss: ElementLoss;
  /** Extra checks across parameters, throwing LossError. */
  check?: (p: readonly number[]) => void;
  /** False where the target's derivative is not given (adaptive wing's exponent). */
  targetDifferentiable?: boolean;
  spellings: readonly Spelling[];
  whenToUse: readonly string[];
  pitfalls: readonly Pitfall[];
  gradient: string;
  references: readonly Reference[];
}

export const ROBUST_SCALE: Pitfall = {
  id: 'robust-scale-units',
  title: 'The scale is in the units of the target',
  detail:
    'Residuals are compared with the scale (c, δ, ε, ω): with targets in thousands and the default scale of 1 almost every residual is an ' +
    '"outlier" and the loss stops learning from it. Normalise the targets or set the scale from the size of typical residuals (e.g. 1.4826 × median |r|).',
};

export const REDESCENDING: Pitfall = {
  id: 'robust-redescending',
  title: 'Far residuals get (almost) no gradient',
  detail:
    'The influence of a residual falls back towards zero far from the target (a redescending loss): good at ignoring outliers once the model is close, ' +
    'but from a poor initialisation most residuals are "far" and training stalls. Warm up with L2 or Huber, or anneal the scale from large to small.',
};

/** The shapes of a robust loss's arguments, stated once for its args and its summary. */
const INPUT_SHAPE = SHAPES.robust.input;
const TARGET_SHAPE = SHAPES.robust.target;

export function robustLoss(def: RobustDef): LossSpec {
  const targetGrad = def.targetDifferentiable !== false;
  const params = (opt: SpecOptions): readonly number[] => {
    const p = def.params.map((o) => opt.number(o.name));
    def.check?.(p);
    return p;
  };
  const spec: LossSpec = defineLoss({
    id: def.id,
    title: def.title,
    family: 'regression',
    summary: def.summary,
    formula: def.formula,
    args: [
      { name: 'input', shape: INPUT_SHAPE, dtype: 'float', differentiable: true, meaning: 'Predictions x.' },
      { name: 'target', shape: TARGET_SHAPE, dtype: 'float', differentiable: targetGrad, meaning: 'Targets y, in the units of input.' },
    ],
    options: [reductionOption('over all elements'), ...def.params],
    shapes: SHAPES.robust,
    spellings: def.spellings,
    whenToUse: def.whenToUse,
    pitfalls: [...def.pitfalls, NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS],
    gradient: def.gradient,
    references: def.references,
    expects: { prediction: 'values', target: 'values' },
    elementwise(options: Options): ElementwiseForm {
      const opt = new SpecOptions(spec, options);
      return { kernel: kernelOf(def.loss, params(opt), targetGrad), param: 0, reduction: opt.reduction() };
    },
    run({ arg, opt, wantGrad }) {
      const p = params(opt);
      const operands = [
        { name: 'input', tensor: arg('input'), grad: true },
        { name: 'target', tensor: arg('target'), grad: targetGrad },
      ];
      if (targetGrad) {
        // One fused pass of the entry's kernel (the training loops' form): no per-element array.
        requireSameShapes(def.id, operands);
        return computeSameShape({ kernel: kernelOf(def.loss, p, true), param: 0, reduction: opt.reduction() }, ['input', arg('input')], ['target', arg('target')], wantGrad);
      }
      const d = new Float64Array(2);
      return computeElementwise(def.id, operands, opt.reduction(), wantGrad, (x, g) => {
        const v = def.loss(x[0]!, x[1]!, p, d);
        if (g) {
          g[0] = d[0]!;
          g[1] = d[1]!;
        }
        return v;
      });
    },
  });
  return spec;
}

function kernelOf(loss: ElementLoss, p: readonly number[], targetGrad: boolean): PointwiseKernel {
  const d = new Float64Array(2);
  return (x, y, values, gx, gy, scale) => {
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const v = loss(x[i]!, y[i]!, p, d);
      sum += v;
      if (values !== null) values[i] = v;
      if (gx !== null && gy !== null) {
        gx[i] = d[0]! * scale;
        gy[i] = targetGrad ? d[1]! * scale : 0;
      }
    }
    return sum;
  };
}
