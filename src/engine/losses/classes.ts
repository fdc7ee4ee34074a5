/** Class-index targets as cross_entropy and nll_loss read them (PyTorch 1.13's nll_loss_nd):
 *  input (C), (N, C) or (N, C, d1, ..., dK); target (), (N) or (N, d1, ..., dK) of int64. */
import { LossError } from '../errors';
import type { OptionSpec, OptionValue } from '../catalog/types';
import { Tensor, formatShape, sameShape } from '../tensor';

/** Where the class scores of one target sit: row `r = n·inner + j` reads
 *  `input[n·classes·inner + c·inner + j]` for c = 0..classes-1. */
export interface ClassLayout {
  batch: number;
  classes: number;
  /** d1·...·dK, 1 without extra dimensions. */
  inner: number;
  /** Shape of the per-target losses (reduction 'none'). */
  outShape: number[];
  /** Flat index into target.data of row r's class, for r = 0..batch·inner-1 (identity except
   *  for PyTorch's quirk of a 1-D input with a 1-D target, which reads target[0]). */
  targetIndex: (row: number) => number;
}

export function classIndexLayout(loss: string, input: Tensor, target: Tensor): ClassLayout {
  const dims = input.shape;
  if (dims.length < 1) throw new LossError(loss, 'input', 'expected 1 or more dimensions (got 0)');
  if (target.dtype !== 'int64') {
    throw new LossError(loss, 'target', `class indices must be an int64 tensor, got ${target.dtype} (expected scalar type Long)`);
  }
  if (dims.length === 1) {
    // Unbatched (C) with a 0-d target; PyTorch also takes a 1-D target of length C and reads its first entry.
    if (target.ndim > 1) throw new LossError(loss, 'target', `0-D or 1-D target expected for 1-D input, got shape ${formatShape(target.shape)}`);
    if (target.ndim === 1 && target.shape[0] !== dims[0]) {
      throw new LossError(loss, 'target', `size mismatch (got input: ${formatShape(dims)}, target: ${formatShape(target.shape)})`);
    }
    if (target.size === 0) throw new LossError(loss, 'target', 'empty target for a 1-D input');
    return { batch: 1, classes: dims[0]!, inner: 1, outShape: [], targetIndex: () => 0 };
  }
  const batch = dims[0]!;
  const targetBatch = target.ndim === 0 ? 0 : target.shape[0]!;
  if (targetBatch !== batch) {
    throw new LossError(loss, 'target', `expected input batch_size (${batch}) to match target batch_size (${targetBatch})`);
  }
  const outShape = [batch, ...dims.slice(2)];
  if (!sameShape(target.shape, outShape)) {
    throw new LossError(loss, 'target', `expected target size ${formatShape(outShape)} for input ${formatShape(dims)}, got ${formatShape(target.shape)}`);
  }
  let inner = 1;
  for (let i = 2; i < dims.length; i++) inner *= dims[i]!;
  return { batch, classes: dims[1]!, inner, outShape, targetIndex: (row) => row };
}

/** `weight` must hold one entry per class (PyTorch: "weight tensor should be defined either for
 *  all C classes or no classes"). */
export function checkClassWeight(loss: string, weight: Tensor | undefined, classes: number): Float64Array | null {
  if (!weight) return null;
  if (!weight.isFloating) throw new LossError(loss, 'weight', `expected a floating-point tensor, got ${weight.dtype}`);
  if (weight.ndim !== 1 || weight.size !== classes) {
    throw new LossError(loss, 'weight', `should be defined either for all ${classes} classes or no classes, but got shape ${formatShape(weight.shape)}`);
  }
  return weight.data;
}

/** The class of each row as an integer, -1 for rows equal to ignore_index; throws PyTorch's
 *  "Target K is out of bounds" for any other value outside [0, C). */
export function readClassTargets(loss: string, target: Tensor, layout: ClassLayout, ignoreIndex: number): Int32Array {
  const rows = layout.batch * layout.inner;
  const out = new Int32Array(rows);
  const data = target.data;
  for (let r = 0; r < rows; r++) {
    const k = data[layout.targetIndex(r)]!;
    if (k === ignoreIndex) {
      out[r] = -1;
      continue;
    }
    if (!(k >= 0 && k < layout.classes)) {
      throw new LossError(loss, 'target', `Target ${k} is out of bounds (classes are 0..${layout.classes - 1}; ignore_index is ${ignoreIndex})`);
    }
    out[r] = k;
  }
  return out;
}

/** Sum over non-ignored rows of weight[class] (the count of them without weight): the divisor of
 *  PyTorch's 'mean' for class-index targets. Zero when every target is ignored, giving NaN. */
export function totalTargetWeight(classes: Int32Array, weight: Float64Array | null): number {
  let total = 0;
  for (let r = 0; r < classes.length; r++) {
    const k = classes[r]!;
    if (k >= 0) total += weight ? weight[k]! : 1;
  }
  return total;
}

/** `reduction` for class-index losses, whose 'mean' is a weighted mean over the counted targets. */
export function classIndexReductionOption(probabilityTargets: boolean): OptionSpec {
  const meanOver = probabilityTargets
    ? 'Σ weight[target] over the non-ignored class-index targets (over the number of samples for probability targets)'
    : 'Σ weight[target] over the non-ignored targets (their count without weight)';
  return {
    name: 'reduction',
    type: 'enum',
    default: 'mean',
    choices: ['none', 'mean', 'sum'],
    meaning: `How the per-target losses are combined: 'none' keeps them, 'sum' adds them, 'mean' divides the sum by ${meanOver}.`,
    explain: (v: OptionValue) => {
      if (v === 'none') return 'one loss per target (0 for ignored ones), shape (N) or (N, d1, ...); reduce it yourself';
      if (v === 'sum') return 'adds the losses of all counted targets: value and gradients grow with the batch (and image) size';
      if (v === 'mean' || v === 'elementwise_mean') return `divides the sum by ${meanOver}; NaN when every target is ignored`;
      return `${JSON.stringify(v)} is not a valid reduction (PyTorch raises ValueError): use 'none', 'mean' or 'sum'`;
    },
  };
}
