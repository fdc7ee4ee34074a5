/** Losses that are, element by element, a function of several same-shape tensors (DPO's four
 *  log-probabilities, a GAN's logits, PPO's ratio and advantage), followed by a reduction. */
import { LossError } from '../errors';
import type { LossResult } from '../catalog/types';
import { Tensor, formatShape, sameShape } from '../tensor';
import type { Reduction } from '../losses/common';

/** One element's loss from its operands `x` (in the order of `names`); writes d(loss)/d(x[k]) into
 *  `g` when `g` is given. */
export type ElementFn = (x: Float64Array, g: Float64Array | null) => number;

export interface Operand {
  name: string;
  tensor: Tensor;
  /** Whether the result carries its gradient. */
  grad: boolean;
}

/** Every operand must have the first one's shape (LossError naming the one that differs). */
export function requireSameShapes(loss: string, operands: readonly Operand[]): void {
  const first = operands[0]!;
  for (const o of operands.slice(1)) {
    if (!sameShape(o.tensor.shape, first.tensor.shape)) {
      throw new LossError(loss, o.name, `shape ${formatShape(o.tensor.shape)} must equal ${first.name}'s shape ${formatShape(first.tensor.shape)}`);
    }
  }
}

/** A loss's own pass over same-shape operands: ℓ into `values` when given, scale·∂ℓ/∂(operand k) into
 *  `grads[k]` for the operands that carry a gradient (null for the others, and all null without
 *  gradients); returns Σℓ. */
export type ElementwisePass = (data: readonly Float64Array[], values: Float64Array | null, grads: readonly (Float64Array | null)[], scale: number) => number;

/** computeElementwise with the loss's own loop instead of a per-element callback: a loop shared by
 *  many losses calls a different function per loss at one site, which V8 does not inline. */
export function runElementwise(loss: string, operands: readonly Operand[], reduction: Reduction, wantGrad: boolean, pass: ElementwisePass): LossResult {
  requireSameShapes(loss, operands);
  const shape = operands[0]!.tensor.shape;
  const n = operands[0]!.tensor.size;
  const values = reduction === 'none' ? new Float64Array(n) : null;
  const grads = operands.map((o) => (wantGrad && o.grad ? new Float64Array(n) : null));
  const sum = pass(operands.map((o) => o.tensor.data), values, grads, reduction === 'mean' ? 1 / n : 1);
  return resultOf(operands, shape, values, grads, reduction === 'mean' ? sum / n : sum);
}

function resultOf(operands: readonly Operand[], shape: readonly number[], values: Float64Array | null, grads: readonly (Float64Array | null)[], reduced: number): LossResult {
  const value = values ? new Tensor(shape, values) : Tensor.scalar(reduced);
  const grad: Record<string, Tensor> = {};
  operands.forEach((o, j) => {
    if (grads[j]) grad[o.name] = new Tensor(shape, grads[j]!);
  });
  return { value, grad };
}

export function computeElementwise(loss: string, operands: readonly Operand[], reduction: Reduction, wantGrad: boolean, fn: ElementFn): LossResult {
  requireSameShapes(loss, operands);
  const shape = operands[0]!.tensor.shape;
  const n = operands[0]!.tensor.size;
  const k = operands.length;
  const data = operands.map((o) => o.tensor.data);
  const x = new Float64Array(k);
  const g = wantGrad ? new Float64Array(k) : null;
  // Fresh memory is most of the cost of a large elementwise loss: no per-element array unless
  // the caller keeps it (reduction 'none').
  const values = reduction === 'none' ? new Float64Array(n) : null;
  const grads = operands.map((o) => (wantGrad && o.grad ? new Float64Array(n) : null));
  const scale = reduction === 'mean' ? 1 / n : 1;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) x[j] = data[j]![i]!;
    const v = fn(x, g);
    if (values) values[i] = v;
    sum += v;
    if (g) {
      for (let j = 0; j < k; j++) {
        const gj = grads[j];
        if (gj) gj[i] = g[j]! * scale;
      }
    }
  }
  return resultOf(operands, shape, values, grads, reduction === 'mean' ? sum / n : sum);
}
