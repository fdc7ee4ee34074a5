/** Inputs for the catalog entries added for the Keras and scikit-learn spellings, away from each
 *  loss's kinks, with the options worth checking (shared by their gradient and default tests). */
import type { Options } from '../../../src/engine/catalog/types';
import { Tensor } from '../../../src/engine/tensor';
import { randomTensor, rng } from '../fd';

const rand = rng(1616);
const positive = (shape: number[]) => randomTensor(shape, rand, 0.2, 3);
const unit = (shape: number[]) => randomTensor(shape, rand, 0.05, 0.95);
const normal = (shape: number[]) => randomTensor(shape, rand);
const ints = (n: number, k: number) => Tensor.from([n], Array.from({ length: n }, (_, i) => i % k), 'int64');
const signs = (shape: number[]) => Tensor.from(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rand() < 0.5 ? -1 : 1)));
const bits = (shape: number[]) => Tensor.from(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i % 3 === 0 ? 1 : 0)));

const opts = (...o: Options[]): Options[] => o;

/** Inputs away from each loss's kinks, with the options worth checking. */
export const KERAS_SKLEARN_CASES: Record<string, () => { args: Record<string, Tensor>; options: readonly Options[] }> = {
  log_cosh_loss: () => ({ args: { input: normal([3, 4]), target: normal([3, 4]) }, options: opts({}, { reduction: 'sum' }, { reduction: 'none' }) }),
  mean_absolute_percentage_error: () => ({ args: { input: normal([3, 4]), target: positive([3, 4]) }, options: opts({}, { epsilon: 1e-3 }) }),
  mean_squared_log_error: () => ({ args: { input: positive([3, 4]), target: positive([3, 4]) }, options: opts({}, { reduction: 'sum' }) }),
  hinge_loss: () => ({ args: { input: randomTensor([12], rand, -0.9, 0.9), target: signs([12]) }, options: opts({}, { reduction: 'none' }) }),
  squared_hinge_loss: () => ({ args: { input: normal([12]), target: signs([12]) }, options: opts({}) }),
  quantile_loss: () => ({ args: { input: normal([10]), target: normal([10]) }, options: opts({}, { quantile: 0.9 }, { quantile: 0.1, reduction: 'sum' }) }),
  tweedie_deviance: () => ({ args: { input: positive([8]), target: positive([8]) }, options: opts({}, { power: 0 }, { power: 1 }, { power: 2 }, { power: 3 }, { power: -1 }) }),
  poisson_deviance: () => ({ args: { input: positive([8]), target: positive([8]) }, options: opts({}) }),
  gamma_deviance: () => ({ args: { input: positive([8]), target: positive([8]) }, options: opts({}) }),
  brier_score: () => ({ args: { input: unit([8]), target: bits([8]) }, options: opts({}) }),
  median_absolute_error: () => ({ args: { input: normal([7]), target: normal([7]) }, options: opts({}) }),
  max_error: () => ({ args: { input: normal([7]), target: normal([7]) }, options: opts({}) }),
  zero_one_loss: () => ({ args: { input: normal([6, 3]), target: ints(6, 3) }, options: opts({}, { reduction: 'none' }) }),
  hamming_loss: () => ({ args: { input: normal([4, 3]), target: bits([4, 3]) }, options: opts({}) }),
  label_ranking_loss: () => ({ args: { input: normal([4, 3]), target: bits([4, 3]) }, options: opts({}) }),
  coverage_error: () => ({ args: { input: normal([4, 3]), target: bits([4, 3]) }, options: opts({}) }),
  categorical_hinge_loss: () => ({ args: { input: normal([5, 4]), target: Tensor.from([5, 4], Array.from({ length: 20 }, (_, i) => (i % 4 === Math.floor(i / 4) % 4 ? 1 : 0))) }, options: opts({}, { reduction: 'sum' }) }),
  cosine_similarity_loss: () => ({ args: { input: normal([4, 3]), target: normal([4, 3]) }, options: opts({}, { reduction: 'none' }) }),
  dice_loss: () => ({ args: { input: unit([3, 2, 4]), target: bits([3, 2, 4]) }, options: opts({}, { smooth: 0 }, { reduction: 'none' }) }),
  tversky_loss: () => ({ args: { input: unit([3, 5]), target: bits([3, 5]) }, options: opts({}, { alpha: 0.3, beta: 0.7 }) }),
  circle_loss: () => ({ args: { input: normal([6, 4]), target: ints(6, 3) }, options: opts({}, { gamma: 16, margin: 0.25 }) }),
  categorical_focal_loss: () => ({ args: { input: normal([5, 4]), target: ints(5, 4) }, options: opts({}, { gamma: 0 }, { alpha: 1, gamma: 3 }) }),
  generalized_cross_entropy: () => ({ args: { input: normal([5, 4]), target: ints(5, 4) }, options: opts({}, { q: 1 }, { q: 0.3, reduction: 'sum' }) }),
};
