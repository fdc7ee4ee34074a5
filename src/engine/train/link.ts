/** How a model's raw outputs meet a catalog loss. The loss's `expects` decides the link (identity,
 *  sigmoid, softmax, log-softmax), the number of outputs and how labels are encoded; a combination
 *  that makes no sense is refused with the reason, a known pitfall runs and is flagged. */
import type { LossSpec, Pitfall, TensorArgSpec } from '../catalog/types';
import type { Task } from '../data/dataset';
import { Tensor } from '../tensor';

export type LinkKind = 'identity' | 'sigmoid' | 'softmax' | 'log_softmax';
export type TargetEncoding = 'values' | 'zero_one' | 'plus_minus_one' | 'class_indices' | 'one_hot' | 'multilabel_indices';

export interface LinkPlan {
  loss: LossSpec;
  predictionArg: string;
  targetArg: string;
  /** Raw outputs of the model per example. */
  outputs: number;
  link: LinkKind;
  target: TargetEncoding;
  /** Prediction passed as [B] (one output) or [B, outputs]. */
  matrix: boolean;
  /** Set when the combination is a known pitfall: it runs, and the result says so. */
  flag?: Pitfall;
  /** Plain words: "sigmoid probabilities against 0/1 targets". */
  description: string;
}

export class RefusedError extends Error {
  constructor(
    readonly loss: string,
    readonly reason: string,
  ) {
    super(`${loss} cannot train this task: ${reason}`);
    this.name = 'RefusedError';
  }
}

export interface TaskShape {
  task: Task;
  classes: number;
  /** Targets, to check range-dependent kinds (counts must be >= 0). */
  y?: ArrayLike<number>;
}

const TARGET_WORDS: Record<string, string> = {
  values: 'real-valued targets',
  class_indices: 'class indices',
  class_probabilities: 'class probabilities',
  binary: '0/1 labels',
  plus_minus_one: '±1 labels',
  multilabel_binary: 'multi-label 0/1 vectors',
  multilabel_indices: 'multi-label class indices',
  counts: 'non-negative counts',
  sequences: 'target sequences',
  none: 'no target',
};

const MISUSE_ID = /classification/i;
const MISUSE_TITLE = /class labels|classification/i;

function misuseFlag(loss: LossSpec): Pitfall {
  return (
    loss.pitfalls.find((p) => MISUSE_ID.test(p.id)) ??
    loss.pitfalls.find((p) => MISUSE_TITLE.test(p.title)) ?? {
      id: 'regression_loss_on_classes',
      title: `${loss.id} on class labels`,
      detail: `${loss.id} is a regression loss; on probabilities against 0/1 targets its gradient vanishes when the model is confidently wrong, so it usually trains slower and calibrates worse than a likelihood loss.`,
    }
  );
}

function argName(a: TensorArgSpec | undefined): string {
  return a ? a.name : '?';
}

/** The plan for `loss` on a task, or RefusedError saying why the pair makes no sense. */
export function planLink(loss: LossSpec, shape: TaskShape): LinkPlan {
  const refuse = (reason: string): never => {
    throw new RefusedError(loss.id, reason);
  };
  if (loss.args.length < 2) refuse('its catalog entry does not describe a prediction and a target argument (not implemented yet?)');
  const [predArg, targetArg] = loss.args;
  const extra = loss.args.slice(2).filter((a) => !a.optional);
  const P = loss.expects.prediction;
  const T = loss.expects.target;
  const words = TARGET_WORDS[T] ?? T;
  if (loss.notPerExample) refuse(loss.notPerExample);
  if (P === 'embeddings') refuse('it compares embeddings (pairs or triplets of vectors), not one prediction per example against a label');
  if (T === 'sequences' || T === 'none') refuse(`it expects ${words}, not one label per example`);
  if (extra.length > 0) {
    refuse(`it also needs ${extra.map((a) => `\`${a.name}\` (${a.meaning})`).join(', ')}, which a model with one prediction per example does not supply`);
  }
  const base = { loss, predictionArg: argName(predArg), targetArg: argName(targetArg) };
  const { task, classes } = shape;

  if (task === 'regression') {
    if (T !== 'values' && T !== 'counts') refuse(`it expects ${words}, but a regression task has real-valued targets`);
    if (P !== 'values') refuse(`it expects ${P.replace('_', ' ')}, which describe classes; a regression model predicts values`);
    if (T === 'counts' && shape.y && Array.prototype.some.call(shape.y, (v: number) => v < 0)) refuse('it expects non-negative counts, and some targets are negative');
    return { ...base, outputs: 1, link: 'identity', target: 'values', matrix: false, description: 'raw outputs against the targets' };
  }

  if (T === 'counts') refuse(`it expects ${words}, but a ${task} task has class labels`);
  const oneColumn = task === 'binary' && (T === 'values' || T === 'binary' || T === 'plus_minus_one' || T === 'multilabel_binary');
  if (task === 'multiclass' && (T === 'binary' || T === 'plus_minus_one')) {
    refuse(`it expects one ${words.replace(' labels', '')} label per example, but this task has ${classes} classes`);
  }

  if (oneColumn) {
    if (P === 'log_probabilities') refuse('it expects log-probabilities over classes, but a binary model with one output gives one score');
    const regressionOnLabels = P === 'values' && loss.family === 'regression';
    const link: LinkKind = P === 'probabilities' || regressionOnLabels ? 'sigmoid' : 'identity';
    const target: TargetEncoding = T === 'plus_minus_one' ? 'plus_minus_one' : 'zero_one';
    const description = `${link === 'sigmoid' ? 'sigmoid probabilities' : 'raw scores'} against ${target === 'plus_minus_one' ? '±1' : '0/1'} targets`;
    return { ...base, outputs: 1, link, target, matrix: T === 'multilabel_binary', description, ...(regressionOnLabels ? { flag: misuseFlag(loss) } : {}) };
  }

  // One output per class (a binary task becomes two classes).
  const outputs = task === 'binary' ? 2 : classes;
  const regressionOnLabels = P === 'values' && (T === 'values' || loss.family === 'regression');
  const link: LinkKind = P === 'log_probabilities' ? 'log_softmax' : P === 'probabilities' || regressionOnLabels ? 'softmax' : 'identity';
  const target: TargetEncoding =
    T === 'class_indices' ? 'class_indices' : T === 'multilabel_indices' ? 'multilabel_indices' : 'one_hot';
  const linkWords = { identity: 'raw scores', sigmoid: 'sigmoid probabilities', softmax: 'softmax probabilities', log_softmax: 'log-softmax' }[link];
  const targetWords = { class_indices: 'class indices', multilabel_indices: 'class indices (multi-label form)', one_hot: 'one-hot targets' }[target as 'class_indices' | 'multilabel_indices' | 'one_hot'];
  return {
    ...base,
    outputs,
    link,
    target,
    matrix: true,
    description: `${linkWords} over ${outputs} classes against ${targetWords}`,
    ...(regressionOnLabels ? { flag: misuseFlag(loss) } : {}),
  };
}

/** The target tensor for labels y (class indices, or values for regression). */
export function encodeTarget(plan: LinkPlan, y: ArrayLike<number>, count: number): Tensor {
  const O = plan.outputs;
  switch (plan.target) {
    case 'values':
    case 'zero_one': {
      const t = new Float64Array(count);
      for (let i = 0; i < count; i++) t[i] = y[i]!;
      return new Tensor(plan.matrix ? [count, 1] : [count], t);
    }
    case 'plus_minus_one': {
      const t = new Float64Array(count);
      for (let i = 0; i < count; i++) t[i] = 2 * y[i]! - 1;
      return new Tensor(plan.matrix ? [count, 1] : [count], t);
    }
    case 'class_indices': {
      const t = new Float64Array(count);
      for (let i = 0; i < count; i++) t[i] = y[i]!;
      return new Tensor([count], t, 'int64');
    }
    case 'one_hot': {
      const t = new Float64Array(count * O);
      for (let i = 0; i < count; i++) t[i * O + y[i]!] = 1;
      return new Tensor([count, O], t);
    }
    case 'multilabel_indices': {
      const t = new Float64Array(count * O).fill(-1);
      for (let i = 0; i < count; i++) t[i * O] = y[i]!;
      return new Tensor([count, O], t, 'int64');
    }
  }
}

/** Applies the link to raw outputs z (count × outputs) into a fresh prediction tensor. */
export function linkForward(plan: LinkPlan, z: Float64Array, count: number): Tensor {
  const p = new Float64Array(count * plan.outputs);
  linkInto(plan, z, count, p);
  return new Tensor(plan.matrix ? [count, plan.outputs] : [count], p);
}

/** Applies the link to raw outputs z (count × outputs), writing the prediction into p. */
export function linkInto(plan: LinkPlan, z: Float64Array, count: number, p: Float64Array): void {
  const O = plan.outputs;
  switch (plan.link) {
    case 'identity':
      p.set(z.subarray(0, count * O));
      break;
    case 'sigmoid':
      for (let i = 0; i < count * O; i++) {
        const v = z[i]!;
        p[i] = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
      }
      break;
    case 'softmax':
    case 'log_softmax':
      for (let i = 0; i < count; i++) {
        let m = -Infinity;
        for (let c = 0; c < O; c++) m = Math.max(m, z[i * O + c]!);
        let s = 0;
        for (let c = 0; c < O; c++) s += Math.exp(z[i * O + c]! - m);
        const lse = m + Math.log(s);
        for (let c = 0; c < O; c++) p[i * O + c] = plan.link === 'softmax' ? Math.exp(z[i * O + c]! - lse) : z[i * O + c]! - lse;
      }
      break;
  }
}

/** d/dz from d/dprediction, through the link (dz may alias nothing; it is overwritten). */
export function linkBackward(plan: LinkPlan, prediction: Float64Array, dPred: Float64Array, count: number, dz: Float64Array): void {
  const O = plan.outputs;
  switch (plan.link) {
    case 'identity':
      for (let i = 0; i < count * O; i++) dz[i] = dPred[i]!;
      break;
    case 'sigmoid':
      for (let i = 0; i < count * O; i++) dz[i] = dPred[i]! * prediction[i]! * (1 - prediction[i]!);
      break;
    case 'softmax':
      for (let i = 0; i < count; i++) {
        let dot = 0;
        for (let c = 0; c < O; c++) dot += dPred[i * O + c]! * prediction[i * O + c]!;
        for (let c = 0; c < O; c++) dz[i * O + c] = prediction[i * O + c]! * (dPred[i * O + c]! - dot);
      }
      break;
    case 'log_softmax':
      for (let i = 0; i < count; i++) {
        let total = 0;
        for (let c = 0; c < O; c++) total += dPred[i * O + c]!;
        for (let c = 0; c < O; c++) dz[i * O + c] = dPred[i * O + c]! - Math.exp(prediction[i * O + c]!) * total;
      }
      break;
  }
}

/** Class probabilities (count × classes) from raw outputs, for metrics; binary one-output models
 *  read the output as a logit. */
export function classProbabilities(plan: LinkPlan, z: Float64Array, count: number): Float64Array {
  if (plan.outputs === 1) {
    const probs = new Float64Array(count * 2);
    for (let i = 0; i < count; i++) {
      const v = z[i]!;
      const p = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
      probs[2 * i] = 1 - p;
      probs[2 * i + 1] = p;
    }
    return probs;
  }
  const softmax = linkForward({ ...plan, link: 'softmax' }, z, count).data;
  return softmax;
}
