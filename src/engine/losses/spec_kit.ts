/** Building blocks for catalog entries whose math is an elementwise term or a per-row term:
 *  the kernel a (value, d/dinput, d/dtarget) function becomes, per-row losses with PyTorch's
 *  reduction. */
import { LossError } from '../errors';
import type { LossResult, LossSpec, Options, PointwiseKernel, TensorArgs } from '../catalog/types';
import { Tensor } from '../tensor';
import { reduce, reductionScale, requireArg, requireSameShape, type Reduction } from './common';
import { targetLogProbRows, type TargetTerm } from '../kernels/target_rows';
import { callOptions, rejectUnknownNames } from './call_options';
import { computePointwise } from './pointwise';

/** An element's loss and its partial derivatives, written into `out` = [value, d/dx, d/dy]. */
export type ElementTerm = (x: number, y: number, param: number, out: Float64Array) => void;

/** A PointwiseKernel from an element term. */
export function termKernel(term: ElementTerm): PointwiseKernel {
  const out = new Float64Array(3);
  return (x, y, values, gx, gy, scale, param) => {
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      term(x[i]!, y[i]!, param, out);
      sum += out[0]!;
      if (values !== null) values[i] = out[0]!;
      if (gx !== null && gy !== null) {
        gx[i] = out[1]! * scale;
        gy[i] = out[2]! * scale;
      }
    }
    return sum;
  };
}

/** compute() of an elementwise loss of input and target with one numeric parameter (or none). */
export function elementwiseCompute(spec: () => LossSpec, kernel: PointwiseKernel, param: (given: Options) => number) {
  return (args: TensorArgs, options: Options, wantGrad: boolean): LossResult => {
    const s = spec();
    rejectUnknownNames(s, args, options);
    const reduction = callOptions(s, options).reduction();
    return computePointwise(
      { loss: s.id, kernel, param: param(options), reduction, boolOperands: 'as-integers', integerPair: 'rejected', integerInput: 'allowed', mixedDtypeBackward: 'allowed' },
      args,
      wantGrad,
    );
  };
}

/** Per-row losses (one per sample) and their input gradients, reduced as PyTorch reduces (reduce);
 *  the gradient arrays are taken over (scaled in place). */
export function reduceRows(
  rowShape: readonly number[],
  values: Float64Array,
  grads: Record<string, { shape: readonly number[]; perRow: Float64Array }>,
  reduction: Reduction,
  wantGrad: boolean,
): LossResult {
  const { value, scale } = reduce(values, rowShape, reduction);
  const grad: Record<string, Tensor> = {};
  if (wantGrad) {
    // The per-row arrays are the caller's own: scaled in place, no second copy of the gradient.
    for (const [name, g] of Object.entries(grads)) {
      const data = g.perRow;
      if (scale !== 1) for (let i = 0; i < data.length; i++) data[i]! *= scale;
      grad[name] = new Tensor(g.shape, data);
    }
  }
  return { value, grad };
}

/** Per-row losses reduced as reduceRows does, for a loss whose gradient is one pass of per-row
 *  factors: it is built only when wanted, with the reduction's scale already known (folded into
 *  the factors, no second pass over the gradient). */
export function reduceRowsScaled(values: Float64Array, reduction: Reduction, wantGrad: boolean, grads: (scale: number) => Record<string, Tensor>): LossResult {
  const { value, scale } = reduce(values, [values.length], reduction);
  return { value, grad: wantGrad ? grads(scale) : {} };
}

/** The input gradient of a per-row loss of (N, M) masks whose derivative in row i is affine in the
 *  target, a_i + b_i·y_j (the overlap losses: Dice, Tversky); `coeff(i)` gives [a_i, b_i]. */
export function affineInTarget(shape: readonly number[], y: Float64Array, rows: number, coeff: (i: number) => readonly [number, number]): Record<string, Tensor> {
  const g = new Float64Array(y.length);
  const m = rows === 0 ? 0 : y.length / rows;
  for (let i = 0; i < rows; i++) {
    const [a, b] = coeff(i);
    for (let j = i * m, end = j + m; j < end; j++) g[j] = a + b * y[j]!;
  }
  return { input: new Tensor(shape, g) };
}

/** A classification loss of (N, C) logits through the target's log-probability alone
 *  (target_rows.ts): its rows, reduced, and the gradient when wanted. */
export function targetLogProbLoss(x: Tensor, targets: Tensor, reduction: Reduction, wantGrad: boolean, term: TargetTerm): LossResult {
  const [n, c] = x.shape as [number, number];
  const g = wantGrad ? new Float64Array(x.size) : null;
  const values = targetLogProbRows(x.data, n, c, targets.data, term, g, reductionScale(reduction, n));
  return { value: reduce(values, [n], reduction).value, grad: g ? { input: new Tensor(x.shape, g) } : {} };
}

/** The (N, C) floating input and (N,) class-index target of a classification loss. */
export function scoresAndIndices(id: string, args: TensorArgs): { x: Tensor; y: Tensor; n: number; c: number } {
  const x = requireArg(id, args, 'input');
  const y = requireArg(id, args, 'target');
  if (x.ndim !== 2) throw new LossError(id, 'input', `expected shape (N, C), got [${x.shape.join(', ')}]`);
  const [n, c] = x.shape as [number, number];
  if (y.ndim !== 1 || y.shape[0] !== n) throw new LossError(id, 'target', `expected shape (${n}), got [${y.shape.join(', ')}]`);
  if (y.isFloating) throw new LossError(id, 'target', 'expected class indices (an integer tensor)');
  for (const v of y.data) if (v < 0 || v >= c || !Number.isInteger(v)) throw new LossError(id, 'target', `class index ${v} is out of range for ${c} classes`);
  return { x, y, n, c };
}

/** Two same-shape (N, L) tensors: a score matrix and a 0/1 (or any) target matrix. */
export function sameShapeMatrices(id: string, args: TensorArgs): { x: Tensor; y: Tensor; n: number; l: number } {
  const x = requireArg(id, args, 'input');
  const y = requireArg(id, args, 'target');
  if (x.ndim !== 2) throw new LossError(id, 'input', `expected shape (N, L), got [${x.shape.join(', ')}]`);
  if (y.ndim !== 2 || y.shape[0] !== x.shape[0] || y.shape[1] !== x.shape[1]) throw new LossError(id, 'target', `shape [${y.shape.join(', ')}] does not match input [${x.shape.join(', ')}]`);
  return { x, y, n: x.shape[0]!, l: x.shape[1]! };
}

/** Input and target of the same shape (residual metrics). */
export function sameShapePair(id: string, args: TensorArgs): { x: Tensor; y: Tensor } {
  const x = requireArg(id, args, 'input');
  const y = requireArg(id, args, 'target');
  requireSameShape(id, 'input', x, 'target', y);
  return { x, y };
}

/** Same-shape (N, *) predictions and masks, one loss per sample (overlap losses). */
export function batchOfMasks(id: string, args: TensorArgs): { x: Tensor; y: Tensor } {
  const pair = sameShapePair(id, args);
  if (pair.x.ndim < 1) throw new LossError(id, 'input', 'expected a batch dimension (N, *)');
  return pair;
}
