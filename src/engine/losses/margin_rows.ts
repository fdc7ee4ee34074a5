/** Shared plumbing of the catalog's perceptron, sparsemax and poly-1 entries: PyTorch-style
 *  argument checks and the reduction of per-element (or per-row) losses with their gradients. */
import { LossError } from '../errors';
import type { LossResult, LossSpec, Options, TensorArgs } from '../catalog/types';
import { formatShape, type Tensor } from '../tensor';
import { callOptions, rejectUnknownNames } from './call_options';
import { requireArg, requireFloat, requireSameShape } from './common';
import { reduceRows } from './spec_kit';

/** Reduces per-item losses (reduceRows); `grad` (same layout as the differentiable argument, per
 *  item's loss) is scaled in place by the reduction. */
export function reduced(values: Float64Array, shape: readonly number[], grad: Float64Array | null, gradShape: readonly number[], gradName: string, options: Options, spec: Pick<LossSpec, 'id' | 'options'>): LossResult {
  const grads = grad ? { [gradName]: { shape: gradShape, perRow: grad } } : {};
  return reduceRows(shape, values, grads, callOptions(spec, options).reduction(), grad !== null);
}

/** input (*) against a same-shape target, one loss per element. */
export function elementwiseEntry(spec: LossSpec, args: TensorArgs, options: Options, wantGrad: boolean, f: (x: number, y: number) => readonly [number, number]): LossResult {
  rejectUnknownNames(spec, args, options);
  const input = requireArg(spec.id, args, 'input');
  const target = requireArg(spec.id, args, 'target');
  requireFloat(spec.id, 'input', input);
  requireSameShape(spec.id, 'input', input, 'target', target);
  const values = new Float64Array(input.size);
  const grad = wantGrad ? new Float64Array(input.size) : null;
  for (let i = 0; i < input.size; i++) {
    const [v, d] = f(input.data[i]!, target.data[i]!);
    values[i] = v;
    if (grad) grad[i] = d;
  }
  return reduced(values, input.shape, grad, input.shape, 'input', options, spec);
}

/** input (N, C) scores and (N,) class indices, checked as PyTorch checks them. */
export function classRowsArgs(spec: LossSpec, args: TensorArgs, options: Options): { input: Tensor; target: Tensor; N: number; C: number } {
  rejectUnknownNames(spec, args, options);
  const input = requireArg(spec.id, args, 'input');
  const target = requireArg(spec.id, args, 'target');
  requireFloat(spec.id, 'input', input);
  if (input.ndim !== 2) throw new LossError(spec.id, 'input', `expected (N, C), got ${formatShape(input.shape)}`);
  if (target.dtype !== 'int64') throw new LossError(spec.id, 'target', `expected class indices (int64), got ${target.dtype}`);
  const [N, C] = input.shape as [number, number];
  if (target.ndim !== 1 || target.shape[0] !== N) throw new LossError(spec.id, 'target', `expected shape [${N}], got ${formatShape(target.shape)}`);
  for (const y of target.data) if (!(y >= 0 && y < C)) throw new LossError(spec.id, 'target', `class index ${y} is out of range for ${C} classes`);
  return { input, target, N, C };
}

/** input (N, C) scores against (N,) class indices, one loss per row; `row` writes the row's gradient. */
export function rowEntry(spec: LossSpec, args: TensorArgs, options: Options, wantGrad: boolean, row: (s: Float64Array, y: number, g: Float64Array | null, r: number) => number): LossResult {
  const { input, target, N, C } = classRowsArgs(spec, args, options);
  const values = new Float64Array(N);
  const grad = wantGrad ? new Float64Array(N * C) : null;
  for (let r = 0; r < N; r++) {
    values[r] = row(input.data.subarray(r * C, (r + 1) * C), target.data[r]!, grad ? grad.subarray(r * C, (r + 1) * C) : null, r);
  }
  return reduced(values, [N], grad, input.shape, 'input', options, spec);
}
