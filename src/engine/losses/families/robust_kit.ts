/** The declarative frame of the elementwise robust regression losses: an entry gives its per-element
 *  function (value and derivatives) and its texts; this fills the arguments, shapes, reduction,
 *  the elementwise form the training loops use, and the computation. */
import type { ElementwiseForm, LossSpec, OptionSpec, Options, Pitfall, PointwiseKernel, Reference, Spelling } from '../../catalog/types';
import { reductionOption } from '../option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from '../shared_pitfalls';
import { defineLoss } from './define';
import { requireSameShapes } from '../../kernels/elementwise';
import { computeSameShape } from '../pointwise';
import { SpecOptions } from '../spec_options';
import { SHAPES } from '../shapes';

/** An entry's pass over the elements: ρ at (x[i], y[i]) into `values` (when given), and, when
 *  `gx` is given, scale·dρ/dx into gx and scale·dρ/dy into gy; returns Σρ. `p`: the entry's
 *  parameters in the order of its `params`. Each entry writes its own loop, on purpose: one loop
 *  shared by every entry and calling each entry's ρ sees a different function at that call site
 *  per loss, so V8 inlines none of them and every loss ran 2–5× slower once a few had run. */
export type RobustKernel = (
  x: Float64Array,
  y: Float64Array,
  values: Float64Array | null,
  gx: Float64Array | null,
  gy: Float64Array | null,
  scale: number,
  p: readonly number[],
) => number;

export interface RobustDef {
  id: string;
  title: string;
  summary: string;
  formula: { unicode: string; latex: string };
  params: readonly OptionSpec[];
  kernel: RobustKernel;
  /** Extra checks across parameters, throwing LossError. */
  check?: (p: readonly number[]) => void;
  /** False where the target's derivative is not given (adaptive wing's exponent): the kernel
   *  writes zeros into gy and the computation returns no gradient for the target. */
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
      return { kernel: kernelOf(def, params(opt)), param: 0, reduction: opt.reduction() };
    },
    run({ arg, opt, wantGrad }) {
      const operands = [
        { name: 'input', tensor: arg('input'), grad: true },
        { name: 'target', tensor: arg('target'), grad: targetGrad },
      ];
      requireSameShapes(def.id, operands);
      // One fused pass of the entry's kernel (the training loops' form): no per-element array.
      const result = computeSameShape({ kernel: kernelOf(def, params(opt)), param: 0, reduction: opt.reduction() }, ['input', arg('input')], ['target', arg('target')], wantGrad);
      if (!targetGrad) delete result.grad['target'];
      return result;
    },
  });
  return spec;
}

function kernelOf(def: RobustDef, p: readonly number[]): PointwiseKernel {
  return (x, y, values, gx, gy, scale) => def.kernel(x, y, values, gx, gy, scale, p);
}
