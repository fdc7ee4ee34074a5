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
  const value = values ? new Tensor(shape, values) : Tensor.scalar(reduction === 'mean' ? sum / n : sum);
  const grad: Record<string, Tensor> = {};
  operands.forEach((o, j) => {
    if (grads[j]) grad[o.name] = new Tensor(shape, grads[j]!);
  });
  return { value, grad };
}
