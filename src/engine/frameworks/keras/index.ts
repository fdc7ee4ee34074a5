/** The 44 spellings of Keras 3's `keras.losses`: each function (per-sample losses) and the class
 *  around it (the same function after ~rank, then Keras' reduction with sample_weight and masks). */
import { LossError } from '../../errors';
import type { OptionSpec, Options, TensorArgs } from '../../catalog/types';
import { Tensor } from '../../tensor';
import type { FrameworkArgSpec, FrameworkLoss } from '../types';
import type { KerasOutput, KwArgs } from './function_kit';
import { readKwargs } from './function_kit';
import { KERAS_REDUCTION_OPTION, readKerasReduction, reduceWeighted } from './reduction';
import { sameRank } from './shapes';
import * as E from './elementwise_functions';
import * as C from './categorical_functions';
import * as S from './set_functions';

interface KerasLossDef {
  fn: string;
  cls: string;
  lossId: string;
  /** The function's keyword arguments with Keras' defaults; the class takes the same unless `classOptions`. */
  options: readonly OptionSpec[];
  classOptions?: readonly OptionSpec[];
  /** Whether the function itself applies ~rank (every class does). */
  rankInFunction: boolean;
  differences: string;
  /** The catalog entry computed with from_logits=True, where it is not `lossId`'s. */
  fromLogitsLossId?: string;
  /** Optional tensor arguments of the function beyond y_true and y_pred. */
  extraArgs?: readonly FrameworkArgSpec[];
  run(yTrue: Tensor, yPred: Tensor, kw: KwArgs, extra: TensorArgs): KerasOutput;
  checkClass?(kw: KwArgs): void;
}

const opt = (name: string, type: OptionSpec['type'], dflt: OptionSpec['default'], meaning: string): OptionSpec => ({ name, type, default: dflt, meaning });
const FROM_LOGITS = opt('from_logits', 'boolean', false, 'True: y_pred holds logits (a sigmoid/softmax is applied inside); False: y_pred holds probabilities, clipped to [1e-7, 1 − 1e-7].');
const LABEL_SMOOTHING = opt('label_smoothing', 'number', 0.0, 'Moves the targets towards uniform: t(1 − ls) + ls/2 (binary) or + ls/K (categorical, K = last dim of y_true).');
const AXIS_LAST = opt('axis', 'integer', -1, 'The axis the loss is computed over (averaged or summed), -1 = last.');
const AXIS_ALL = opt('axis', 'integer', null, 'The axes summed over (an int or a list); None = every element, giving one value.');
const ALPHA_FOCAL = opt('alpha', 'number', 0.25, 'Weight factor of the focal term.');
const GAMMA_FOCAL = opt('gamma', 'number', 2.0, 'Focusing exponent: (1 − p_t)^gamma down-weights easy examples.');

const Y_TRUE: FrameworkArgSpec = { name: 'y_true', differentiable: false, meaning: 'Targets (Keras passes them first).' };
const Y_PRED: FrameworkArgSpec = { name: 'y_pred', differentiable: true, meaning: 'Predictions.' };
const SAMPLE_WEIGHT: FrameworkArgSpec = { name: 'sample_weight', optional: true, differentiable: false, meaning: 'Weights of the per-sample losses (~rank-aligned, then broadcast).' };

const PER_SAMPLE = 'Keras returns one value per sample (the mean over the last axis); the class then applies sum_over_batch_size (the mean over every remaining value) by default.';

const DEFS: readonly KerasLossDef[] = [
  { fn: 'mean_squared_error', cls: 'MeanSquaredError', lossId: 'mse_loss', options: [], rankInFunction: true, run: E.meanSquaredError,
    differences: `Called as (y_true, y_pred): target first. ${PER_SAMPLE}` },
  { fn: 'mean_absolute_error', cls: 'MeanAbsoluteError', lossId: 'l1_loss', options: [], rankInFunction: true, run: E.meanAbsoluteError,
    differences: `Target first. ${PER_SAMPLE}` },
  { fn: 'mean_absolute_percentage_error', cls: 'MeanAbsolutePercentageError', lossId: 'mean_absolute_percentage_error', options: [], rankInFunction: true, run: E.meanAbsolutePercentageError,
    differences: 'A percentage (×100, not a fraction as in scikit-learn), dividing by max(|y_true|, 1e-7). ' + PER_SAMPLE },
  { fn: 'mean_squared_logarithmic_error', cls: 'MeanSquaredLogarithmicError', lossId: 'mean_squared_log_error', options: [], rankInFunction: true, run: E.meanSquaredLogarithmicError,
    differences: 'Clips both arguments below at 1e-7 before log(x + 1) instead of rejecting negative values. ' + PER_SAMPLE },
  { fn: 'huber', cls: 'Huber', lossId: 'huber_loss', options: [opt('delta', 'number', 1.0, 'Error size where the loss turns from quadratic to linear (not range-checked).')], rankInFunction: true, run: E.huber,
    differences: 'Same formula and default delta 1.0, quadratic also at |error| = delta; target first. ' + PER_SAMPLE },
  { fn: 'log_cosh', cls: 'LogCosh', lossId: 'log_cosh_loss', options: [], rankInFunction: true, run: E.logCosh,
    differences: 'log cosh(y_pred − y_true) written as x + softplus(−2x) − log 2. ' + PER_SAMPLE },
  { fn: 'poisson', cls: 'Poisson', lossId: 'poisson_nll_loss', options: [], rankInFunction: false, run: E.poisson,
    differences: 'Takes rates, not log-rates: y_pred − y_true·log(y_pred + 1e-7) (PyTorch poisson_nll_loss with log_input=False, eps inside the log always). ' + PER_SAMPLE },
  { fn: 'kl_divergence', cls: 'KLDivergence', lossId: 'kl_div', options: [], rankInFunction: false, run: E.klDivergence,
    differences: 'Takes probabilities for both (not log-probabilities as PyTorch\'s input), clips both to [1e-7, 1] and sums over the last axis: Σ y_true·log(y_true / y_pred).' },
  { fn: 'hinge', cls: 'Hinge', lossId: 'hinge_loss', options: [], rankInFunction: false, run: E.hinge,
    differences: 'Labels that are all 0 or 1 are mapped to −1/+1 first, any other labels are used as given. ' + PER_SAMPLE },
  { fn: 'squared_hinge', cls: 'SquaredHinge', lossId: 'squared_hinge_loss', options: [], rankInFunction: false, run: E.squaredHinge,
    differences: 'Labels that are all 0 or 1 are mapped to −1/+1 first. ' + PER_SAMPLE },
  { fn: 'categorical_hinge', cls: 'CategoricalHinge', lossId: 'categorical_hinge_loss', options: [], rankInFunction: false, run: C.categoricalHinge,
    differences: 'One-hot y_true; max over the wrong classes of y_pred, minus the true class score, plus 1, clipped at 0.' },
  { fn: 'cosine_similarity', cls: 'CosineSimilarity', lossId: 'cosine_similarity_loss', options: [AXIS_LAST], rankInFunction: true, run: C.cosineSimilarity,
    differences: 'Returns −cos (from −1 for aligned to 1 for opposite vectors); norms below 1e-7 are replaced by 1e-7.' },
  { fn: 'binary_crossentropy', cls: 'BinaryCrossentropy', lossId: 'binary_cross_entropy', fromLogitsLossId: 'binary_cross_entropy_with_logits', options: [FROM_LOGITS, LABEL_SMOOTHING, AXIS_LAST], rankInFunction: false, run: E.binaryCrossentropy,
    differences: 'Probabilities are clipped to [1e-7, 1 − 1e-7] (PyTorch clamps the log at −100); with from_logits=True it computes binary_cross_entropy_with_logits instead. Label smoothing moves targets towards 0.5. ' + PER_SAMPLE },
  { fn: 'binary_focal_crossentropy', cls: 'BinaryFocalCrossentropy', lossId: 'sigmoid_focal_loss',
    options: [opt('apply_class_balancing', 'boolean', false, 'Multiply by alpha for positives and 1 − alpha for negatives.'), ALPHA_FOCAL, GAMMA_FOCAL, FROM_LOGITS, LABEL_SMOOTHING, AXIS_LAST],
    rankInFunction: false, run: E.binaryFocalCrossentropy,
    differences: 'Takes probabilities by default (from_logits=False), and alpha applies only with apply_class_balancing=True (torchvision always applies alpha=0.25). ' + PER_SAMPLE },
  { fn: 'categorical_crossentropy', cls: 'CategoricalCrossentropy', lossId: 'cross_entropy', options: [FROM_LOGITS, LABEL_SMOOTHING, AXIS_LAST], rankInFunction: false, run: C.categoricalCrossentropy,
    differences: 'One-hot (or probability) targets; takes probabilities by default, renormalised to sum 1 and clipped to [1e-7, 1 − 1e-7]; from_logits=True is PyTorch\'s cross_entropy with probability targets.' },
  { fn: 'categorical_focal_crossentropy', cls: 'CategoricalFocalCrossentropy', lossId: 'categorical_focal_loss', options: [ALPHA_FOCAL, GAMMA_FOCAL, FROM_LOGITS, LABEL_SMOOTHING, AXIS_LAST], rankInFunction: false, run: C.categoricalFocalCrossentropy,
    differences: 'One-hot targets and probabilities by default; the focal factor (1 − p)^gamma multiplies every class term (not only the true class).' },
  { fn: 'sparse_categorical_crossentropy', cls: 'SparseCategoricalCrossentropy', lossId: 'cross_entropy',
    options: [FROM_LOGITS, opt('ignore_class', 'integer', null, 'A label whose entries give 0 and are left out of the mean.'), AXIS_LAST], rankInFunction: false, run: C.sparseCategoricalCrossentropy,
    differences: 'Integer targets like PyTorch, but probabilities by default (from_logits=False) and an out-of-range label gives 0 instead of an error; ignore_class plays the part of ignore_index.' },
  { fn: 'categorical_generalized_cross_entropy', cls: 'CategoricalGeneralizedCrossEntropy', lossId: 'generalized_cross_entropy',
    options: [opt('q', 'number', null, 'Exponent in (0, 1): q → 0 is cross-entropy, q = 1 is MAE. The function requires it.')],
    classOptions: [{ ...opt('q', 'number', 0.5, 'Exponent in (0, 1): q → 0 is cross-entropy, q = 1 is MAE.'), range: { min: 0, max: 1, exclusiveMin: true } }],
    rankInFunction: false, run: C.categoricalGeneralizedCrossEntropy,
    checkClass(kw) {
      const q = kw['q'];
      if (typeof q !== 'number' || !(q > 0 && q < 1)) throw new LossError('keras.losses.CategoricalGeneralizedCrossEntropy', 'q', 'q must be in the interval (0, 1)');
    },
    differences: 'Takes probabilities (not logits) and integer labels; no clipping.' },
  { fn: 'ctc', cls: 'CTC', lossId: 'ctc_loss', options: [], rankInFunction: false, run: (t, p) => S.ctc(t, p),
    differences: 'y_pred are batch-first logits (B, T, C) (log_softmax applied inside), y_true (B, L) labels padded with the blank 0; every input length is T; infeasible labels give about 1e5 per missing step instead of inf.' },
  { fn: 'dice', cls: 'Dice', lossId: 'dice_loss', options: [AXIS_ALL], rankInFunction: false, run: S.dice,
    differences: 'No smoothing term, only eps = 1e-7 in the denominator; axis=None sums over the whole batch (one value), not per sample.' },
  { fn: 'tversky', cls: 'Tversky', lossId: 'tversky_loss',
    options: [opt('alpha', 'number', 0.5, 'Weight of the false negatives Σ(1 − y_pred)·y_true.'), opt('beta', 'number', 0.5, 'Weight of the false positives Σ y_pred·(1 − y_true).'), AXIS_ALL],
    rankInFunction: false, run: S.tversky,
    differences: 'Keras\' alpha weighs false negatives and beta false positives (the reverse of segmentation_models_pytorch); eps = 1e-7, no smoothing; axis=None gives one value.' },
  { fn: 'circle', cls: 'Circle', lossId: 'circle_loss',
    options: [opt('remove_diagonal', 'boolean', true, 'Leave each sample out of its own positives.'), opt('gamma', 'number', 80, 'Scale of the similarities.'), opt('margin', 'number', 0.4, 'Relaxation margin m.')],
    classOptions: [opt('gamma', 'number', 80.0, 'Scale of the similarities.'), opt('margin', 'number', 0.4, 'Relaxation margin m.'), opt('remove_diagonal', 'boolean', true, 'Leave each sample out of its own positives.')],
    extraArgs: [
      { name: 'ref_labels', optional: true, differentiable: false, meaning: 'Labels of the reference set (default y_true).' },
      { name: 'ref_embeddings', optional: true, differentiable: false, meaning: 'Reference embeddings (default y_pred).' },
    ],
    rankInFunction: false, run: S.circle,
    differences: 'Works on cosine distances 1 − y_pred·ref (clipped at 0) of embeddings Keras does not normalise, and the weights are not detached; one value per sample, zero rows masked out of the mean.' },
];

function tensors(name: string, args: TensorArgs, allowed: readonly FrameworkArgSpec[]): { yTrue: Tensor; yPred: Tensor } {
  for (const k of Object.keys(args)) {
    if (!allowed.some((a) => a.name === k)) throw new LossError(name, k, `unexpected argument (takes ${allowed.map((a) => a.name).join(', ')})`);
  }
  const yTrue = args['y_true'];
  const yPred = args['y_pred'];
  if (!yTrue) throw new LossError(name, 'y_true', 'missing required argument');
  if (!yPred) throw new LossError(name, 'y_pred', 'missing required argument');
  return { yTrue, yPred };
}

function fromLogits(d: KerasLossDef): FrameworkLoss['switchedBy'] {
  return d.fromLogitsLossId ? { option: 'from_logits', lossId: d.fromLogitsLossId } : undefined;
}

function functionSpelling(d: KerasLossDef): FrameworkLoss {
  const name = `keras.losses.${d.fn}`;
  const args = [Y_TRUE, Y_PRED, ...(d.extraArgs ?? [])];
  return {
    name, framework: 'keras', kind: 'functional', lossId: d.lossId, args, options: d.options, differences: d.differences, switchedBy: fromLogits(d),
    compute(tensorArgs: TensorArgs, options: Options, wantGrad: boolean) {
      const { yTrue, yPred } = tensors(name, tensorArgs, args);
      // `ref_labels=None` is how Python spells an absent optional tensor.
      const given = Object.fromEntries(Object.entries(options).filter(([k, v]) => !(v === null && args.some((a) => a.name === k))));
      const kw = readKwargs(name, d.options, given);
      const [t, p] = d.rankInFunction ? sameRank(yTrue, yPred) : [yTrue, yPred];
      const out = d.run(t, p, kw, tensorArgs);
      const grad: Record<string, Tensor> = {};
      if (wantGrad) grad['y_pred'] = new Tensor(yPred.shape, out.backward(new Float64Array(out.value.size).fill(1)));
      return { value: out.value, grad };
    },
  };
}

function classSpelling(d: KerasLossDef): FrameworkLoss {
  const name = `keras.losses.${d.cls}`;
  const own = d.classOptions ?? d.options;
  const options = [...own, KERAS_REDUCTION_OPTION];
  const args = [Y_TRUE, Y_PRED, SAMPLE_WEIGHT];
  return {
    name, framework: 'keras', kind: 'module', lossId: d.lossId, args, options, differences: d.differences, switchedBy: fromLogits(d),
    compute(tensorArgs: TensorArgs, given: Options, wantGrad: boolean) {
      const reduction = readKerasReduction(name, given['reduction']);
      const kw = readKwargs(name, options, given, ['name', 'dtype']);
      d.checkClass?.(kw);
      const { yTrue, yPred } = tensors(name, tensorArgs, args);
      const [t, p] = sameRank(yTrue, yPred);
      const out = d.run(t, p, kw, {});
      const { value, upstream } = reduceWeighted(name, out.value, tensorArgs['sample_weight'], out.mask, reduction);
      const grad: Record<string, Tensor> = {};
      if (wantGrad) grad['y_pred'] = new Tensor(yPred.shape, out.backward(upstream));
      return { value, grad };
    },
  };
}

export const KERAS_LOSSES: readonly FrameworkLoss[] = DEFS.flatMap((d) => [classSpelling(d), functionSpelling(d)]);
