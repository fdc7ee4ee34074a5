/** Inputs for the optax, torchvision.ops and pytorch-metric-learning spellings and the catalog
 *  entries they brought (shared by their gradient and default tests). */
import type { OptionValue, Options } from '../../src/engine/catalog/types';
import { Tensor } from '../../src/engine/tensor';
import { randomTensor, rng } from './fd';

export const rand = rng(16);
/** A JSON list option (axis: list(1, 2)); the case files carry them although OptionValue has no lists. */
export const list = (...a: number[]) => a as unknown as OptionValue;
export const f = (...shape: number[]) => randomTensor(shape, rand);
export const pos = (...shape: number[]) => randomTensor(shape, rand, 0.05, 1);
export const ints = (hi: number, ...shape: number[]) => Tensor.from(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(rand() * hi)), 'int64');
export const pm1 = (...shape: number[]) => Tensor.from(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rand() < 0.5 ? -1 : 1)));
export const bits = (...shape: number[]) => Tensor.from(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rand() < 0.5 ? 0 : 1)));
export const onehot = (labels: number[], k: number) => Tensor.from([labels.length, k], labels.flatMap((y) => Array.from({ length: k }, (_, c) => (c === y ? 1 : 0))));
export const logProbs = (n: number, k: number) => {
  const x = f(n, k);
  const out = new Float64Array(n * k);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(x.data[r * k + c]!);
    for (let c = 0; c < k; c++) out[r * k + c] = x.data[r * k + c]! - Math.log(s);
  }
  return new Tensor([n, k], out);
};
export const boxes = (n: number) => {
  const d: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = 3 * rand();
    const y = 3 * rand();
    d.push(x, y, x + 0.5 + 3 * rand(), y + 0.5 + 3 * rand());
  }
  return Tensor.from([n, 4], d);
};
/** Boxes with the aspect ratio of `like` (box for box): CIoU's v and dv vanish there, so holding α
 *  constant (as torchvision does) changes nothing and central differences apply. */
export const sameAspect = (like: Tensor) => {
  const d: number[] = [];
  for (let i = 0; i < like.shape[0]!; i++) {
    const [x1, y1, x2, y2] = like.data.subarray(4 * i, 4 * i + 4);
    const k = 0.6 + rand();
    const x = x1! + rand() - 0.5;
    const y = y1! + rand() - 0.5;
    d.push(x, y, x + k * (x2! - x1!), y + k * (y2! - y1!));
  }
  return Tensor.from(like.shape, d);
};
export const ciouBoxes = (): Record<string, Tensor> => {
  const b = boxes(5);
  return { boxes1: sameAspect(b), boxes2: b };
};
export const LABELS8 = Tensor.from([8], [0, 1, 2, 0, 1, 2, 0, 1], 'int64');

export type Case = [Record<string, Tensor>, Options?];

export const ENTRY_CASES: Record<string, () => Case[]> = {
  generalized_box_iou_loss: () => [[{ boxes1: boxes(4), boxes2: boxes(4) }]],
  distance_box_iou_loss: () => [[{ boxes1: boxes(4), boxes2: boxes(4) }, { reduction: 'mean' }]],
  complete_box_iou_loss: () => [[ciouBoxes()]],
  perceptron_loss: () => [[{ input: f(3, 4), target: pm1(3, 4) }], [{ input: f(5), target: pm1(5) }, { reduction: 'none' }]],
  multiclass_perceptron_loss: () => [[{ input: f(4, 5), target: ints(5, 4) }]],
  sparsemax_loss: () => [[{ input: f(3, 4), target: bits(3, 4) }, { reduction: 'sum' }]],
  multiclass_sparsemax_loss: () => [[{ input: randomTensor([4, 5], rand, -0.4, 0.4), target: ints(5, 4) }]],
  poly1_cross_entropy: () => [[{ input: f(4, 5), target: ints(5, 4) }], [{ input: f(4, 5), target: ints(5, 4) }, { epsilon: -0.5, reduction: 'none' }]],
  generalized_kl_divergence: () => [[{ input: f(3, 4), target: pos(3, 4) }]],
  ntxent_loss: () => [[{ embeddings: f(6, 4), labels: Tensor.from([6], [0, 1, 0, 1, 2, 2], 'int64') }]],
  contrastive_loss: () => [[{ embeddings: f(8, 4), labels: LABELS8 }]],
  multi_similarity_loss: () => [[{ embeddings: f(8, 4), labels: LABELS8 }, { beta: 5 }]],
  supcon_loss: () => [[{ embeddings: f(8, 4), labels: LABELS8 }]],
  arcface_loss: () => [[{ embeddings: f(6, 4), labels: Tensor.from([6], [0, 2, 1, 1, 0, 2], 'int64'), W: f(4, 3) }, { num_classes: 3, embedding_size: 4, scale: 4 }]],
  ranking_softmax_loss: () => [[{ logits: f(3, 5), labels: ints(3, 3, 5) }]],
  generalized_dice_loss: () => [[{ predictions: f(2, 5, 3), targets: onehot([0, 1, 2, 1, 0, 2, 2, 1, 0, 0], 3).reshape([2, 5, 3]) }]],
};
