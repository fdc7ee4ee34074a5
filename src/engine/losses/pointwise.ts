/** The elementwise regression losses (l1, mse, huber, smooth_l1): f(input - target) with
 *  PyTorch's broadcasting of input against target, then a reduction; and the runner of any
 *  loss's elementwise form that their `compute`s and the other elementwise losses share. */
import { LossError } from '../errors';
import type { ElementwiseForm, LossResult, TensorArgs } from '../catalog/types';
import { Tensor, broadcastShapes, expandTo, formatShape, reduceGradTo, sameShape } from '../tensor';
import { requireArg } from './common';

export interface PointwiseCall extends ElementwiseForm {
  loss: string;
  /** l1_loss is a plain subtraction, which PyTorch refuses for bool tensors; the fused kernels
   *  read bools as 0/1 (and then follow the integer rules below). */
  boolOperands: 'rejected' | 'as-integers';
  /** Both arguments integer: l1_loss's plain subtraction works (no 'mean' of integers); the
   *  fused ATen kernels of mse/huber/smooth_l1 are not implemented for integers. */
  integerPair: 'sum-or-none' | 'rejected';
  /** An integer input with a floating target: huber's kernel cannot write its floating result
   *  into the integer input's dtype; the others promote. */
  integerInput: 'allowed' | 'rejected';
  /** PyTorch's mse/huber backward fails when one argument is an integer tensor ("Found dtype Long
   *  but expected Double"); l1 and smooth_l1 differentiate the float argument fine. */
  mixedDtypeBackward: 'allowed' | 'rejected';
}

/** Runs an elementwise form over same-length data of `shape`: the reduced value and, when asked,
 *  the gradient arrays of sum(value). */
export function applyElementwise(
  form: ElementwiseForm,
  x: Float64Array,
  y: Float64Array,
  shape: readonly number[],
  wantGrad: boolean,
): { value: Tensor; gx: Float64Array | null; gy: Float64Array | null } {
  const n = x.length;
  const values = form.reduction === 'none' ? new Float64Array(n) : null;
  const gx = wantGrad ? new Float64Array(n) : null;
  const gy = wantGrad ? new Float64Array(n) : null;
  const sum = form.kernel(x, y, values, gx, gy, form.reduction === 'mean' ? 1 / n : 1, form.param);
  const value = values ? new Tensor(shape, values) : Tensor.scalar(form.reduction === 'mean' ? sum / n : sum);
  return { value, gx, gy };
}

/** applyElementwise on a prediction and target of the same shape, as a LossResult whose gradients
 *  are keyed by the two arguments' names. */
export function computeSameShape(form: ElementwiseForm, input: readonly [string, Tensor], target: readonly [string, Tensor], wantGrad: boolean): LossResult {
  const [inputName, x] = input;
  const [targetName, y] = target;
  const { value, gx, gy } = applyElementwise(form, x.data, y.data, x.shape, wantGrad);
  const grad: Record<string, Tensor> = {};
  if (gx && gy) {
    grad[inputName] = new Tensor(x.shape, gx);
    grad[targetName] = new Tensor(y.shape, gy);
  }
  return { value, grad };
}

export function computePointwise(call: PointwiseCall, args: TensorArgs, wantGrad: boolean): LossResult {
  const { loss } = call;
  const input = requireArg(loss, args, 'input');
  const target = requireArg(loss, args, 'target');
  checkDtypes(call, input, target, wantGrad);

  const shape = broadcastShapes(input.shape, target.shape);
  if (!shape) {
    throw new LossError(loss, 'target', `shape ${formatShape(target.shape)} does not broadcast with input shape ${formatShape(input.shape)}`);
  }
  const x = sameShape(input.shape, shape) ? input.data : expandTo(input, shape).data;
  const y = sameShape(target.shape, shape) ? target.data : expandTo(target, shape).data;

  const gradInputWanted = wantGrad && input.isFloating;
  const gradTargetWanted = wantGrad && target.isFloating;
  const { value, gx, gy } = applyElementwise(call, x, y, shape, gradInputWanted || gradTargetWanted);

  const grad: Record<string, Tensor> = {};
  if (gx && gradInputWanted) grad['input'] = reduceGradTo(gx, shape, input.shape);
  if (gy && gradTargetWanted) grad['target'] = reduceGradTo(gy, shape, target.shape);
  return { value, grad };
}

function checkDtypes(call: PointwiseCall, input: Tensor, target: Tensor, wantGrad: boolean): void {
  const { loss } = call;
  for (const [name, t] of [['input', input], ['target', target]] as const) {
    if (t.dtype === 'bool' && call.boolOperands === 'rejected') throw new LossError(loss, name, 'is a bool tensor: PyTorch cannot subtract bool tensors; convert it to float');
  }
  if (!input.isFloating && !target.isFloating) {
    if (call.integerPair === 'rejected') {
      throw new LossError(loss, 'input', `not implemented for integer tensors (input is ${input.dtype}, target is ${target.dtype}); use floating-point tensors`);
    }
    if (call.reduction === 'mean') {
      throw new LossError(loss, 'reduction', `'mean' cannot average integer tensors (input and target are ${input.dtype}); use floating-point tensors or reduction 'sum'`);
    }
    return;
  }
  if (!input.isFloating && call.integerInput === 'rejected') {
    throw new LossError(loss, 'input', `is ${input.dtype}: ${loss} writes its floating-point result in the input's dtype; use a floating-point input`);
  }
  if (wantGrad && call.mixedDtypeBackward === 'rejected' && (!input.isFloating || !target.isFloating)) {
    const [name, t] = input.isFloating ? ['target', target] : ['input', input];
    throw new LossError(loss, name, `is ${t.dtype}: PyTorch's backward of ${loss} needs input and target of the same floating-point dtype`);
  }
}
