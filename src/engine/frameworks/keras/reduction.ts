/** What every `keras.losses.<Class>` does after its function: Keras' reduce_weighted_values with
 *  apply_mask and the sample_weight ~rank rule, as a value and the upstream gradient for the
 *  function's output. */
import { LossError } from '../../errors';
import type { OptionSpec, OptionValue } from '../../catalog/types';
import { Tensor, numel } from '../../tensor';
import { broadcastPair, sameRank, scatterAdd } from './shapes';

export const KERAS_REDUCTIONS = ['sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none'] as const;
export type KerasReduction = (typeof KERAS_REDUCTIONS)[number];

export const KERAS_REDUCTION_OPTION: OptionSpec = {
  name: 'reduction',
  type: 'enum',
  default: 'sum_over_batch_size',
  choices: KERAS_REDUCTIONS,
  meaning:
    "How the per-sample losses are combined: 'sum_over_batch_size' and 'mean' divide the (weighted) sum by the number of " +
    "losses, 'mean_with_sample_weight' by the sum of the weights, 'sum' adds them, 'none' (or None) keeps them.",
};

/** The constructor's check: anything but Keras' reduction names (or None) raises ValueError. */
export function readKerasReduction(loss: string, raw: OptionValue | undefined): KerasReduction {
  if (raw === undefined) return KERAS_REDUCTION_OPTION.default as KerasReduction;
  if (raw === null) return 'none';
  if (typeof raw === 'string' && (KERAS_REDUCTIONS as readonly string[]).includes(raw)) return raw as KerasReduction;
  throw new LossError(loss, 'reduction', `Invalid value for argument \`reduction\`: ${JSON.stringify(raw)} (expected one of ${KERAS_REDUCTIONS.join(', ')} or None)`);
}

/** An `a·b` product with NumPy broadcasting: the product and, for the backward pass, b's value
 *  at each product element and where each element came from in a. */
function weighted(loss: string, a: Tensor, b: Tensor): { product: Tensor; bAt: Float64Array; ia: Int32Array } {
  const [ra, rb] = sameRank(a, b);
  const bc = broadcastPair(loss, 'multiply', ra.shape, rb.shape);
  const n = bc.ia.length;
  const product = new Float64Array(n);
  const bAt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    bAt[i] = rb.data[bc.ib[i]!]!;
    product[i] = ra.data[bc.ia[i]!]! * bAt[i]!;
  }
  return { product: new Tensor(bc.shape, product), bAt, ia: bc.ia };
}

function sum(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
}

/** divide_no_nan: 0 where the divisor is 0. */
function divideNoNan(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** The class's reduced value and d(value)/d(losses) (shaped like `losses`). `mask` marks the
 *  entries the function declared invalid (0) with Keras' mask. */
export function reduceWeighted(
  loss: string,
  losses: Tensor,
  sampleWeight: Tensor | undefined,
  mask: Float64Array | undefined,
  reduction: KerasReduction,
): { value: Tensor; upstream: Float64Array } {
  let weight = sampleWeight;
  if (mask) {
    let m = Float64Array.from(mask);
    if (reduction === 'mean' || reduction === 'sum_over_batch_size') {
      const scale = divideNoNan(m.length, sum(m));
      m = m.map((v) => v * scale);
    }
    const maskTensor = new Tensor(losses.shape, m);
    weight = weight ? weighted(loss, maskTensor, weight).product : maskTensor;
  }
  let values = losses;
  let grad: (g: Float64Array) => Float64Array = (g) => g;
  if (weight) {
    const w = weighted(loss, losses, weight);
    values = w.product;
    grad = (g) => scatterAdd(g.map((v, i) => v * w.bAt[i]!), w.ia, losses.size);
  }
  const n = values.size;
  if (reduction === 'none' || values.ndim === 0 || (values.ndim === 1 && values.shape[0] === 0)) {
    return { value: values, upstream: grad(new Float64Array(n).fill(1)) };
  }
  const total = sum(values.data);
  let divisor = 1;
  if (reduction !== 'sum') divisor = reduction === 'mean_with_sample_weight' && weight ? sum(weight.data) : numel(values.shape);
  const value = reduction === 'sum' ? total : divideNoNan(total, divisor);
  const per = reduction === 'sum' ? 1 : divideNoNan(1, divisor);
  return { value: Tensor.scalar(value), upstream: grad(new Float64Array(n).fill(per)) };
}
