import type { Tensor } from '../tensor';

export type OptionValue = number | string | boolean | null;
export type Options = Readonly<Record<string, OptionValue>>;
export type TensorArgs = Readonly<Record<string, Tensor>>;

/** Forward value and, when asked, the gradient of sum(value) with respect to each
 *  differentiable tensor argument (PyTorch's parameter names as keys). */
export interface LossResult {
  value: Tensor;
  grad: Record<string, Tensor>;
}

/** A loss computation: validates like PyTorch (throwing LossError), computes stably. */
export type LossCompute = (args: TensorArgs, options: Options, wantGrad: boolean) => LossResult;

/** One pass over equal-length floating arrays: writes each element's loss into `values` (when
 *  given) and returns their sum; writes `scale` times d(loss)/d(input) and d(loss)/d(target) into
 *  the gradient arrays (when given; both or neither). `param` is the loss's own number (delta, beta). */
export type PointwiseKernel = (
  input: Float64Array,
  target: Float64Array,
  values: Float64Array | null,
  gradInput: Float64Array | null,
  gradTarget: Float64Array | null,
  scale: number,
  param: number,
) => number;

/** A loss that, for same-shape floating prediction and target and no other tensors, is a
 *  per-element function: the kernel its `compute` runs and the reduction the options ask for. */
export interface ElementwiseForm {
  kernel: PointwiseKernel;
  param: number;
  reduction: 'none' | 'mean' | 'sum';
}

export type LossFamily =
  | 'regression'
  | 'classification'
  | 'probabilistic'
  | 'margin'
  | 'ranking'
  | 'embedding'
  | 'sequence'
  | 'detection'
  | 'segmentation'
  | 'generative'
  | 'preference'
  | 'reinforcement';

export type OptionType = 'number' | 'integer' | 'boolean' | 'enum' | 'tensor' | 'callable';

export interface OptionSpec {
  name: string;
  type: OptionType;
  /** PyTorch's default; null where PyTorch's default is None. */
  default: OptionValue;
  /** Inclusive numeric range where one applies. */
  range?: { min?: number; max?: number; exclusiveMin?: boolean };
  choices?: readonly string[];
  /** One sentence: what the option does. */
  meaning: string;
  /** What a user-written value means in plain words, for hovers:
   *  label_smoothing 0.1 -> "targets become 0.9 on the true class and 0.1/C elsewhere". */
  explain?: (value: OptionValue) => string;
  /** Whether the loss explorer offers a slider for it. */
  tunable?: { min: number; max: number; step: number };
}

export interface TensorArgSpec {
  name: string;
  /** PyTorch-style shape text, e.g. "(N, C) or (N, C, d1, ..., dK)". */
  shape: string;
  dtype: 'float' | 'int' | 'float or int';
  differentiable: boolean;
  meaning: string;
  optional?: boolean;
}

export type Framework = 'pytorch' | 'keras' | 'jax' | 'sklearn' | 'torchvision' | 'pytorch-metric-learning' | 'segmentation-models-pytorch' | 'timm' | 'trl' | 'kornia' | 'other';

export interface Spelling {
  framework: Framework;
  /** 'module' is a class to instantiate, 'functional' a function to call, 'string' a name
   *  accepted in place of a loss (Keras compile(loss="mse"), sklearn loss="hinge"). */
  kind: 'module' | 'functional' | 'string';
  /** Fully qualified: "torch.nn.CrossEntropyLoss", "torch.nn.functional.cross_entropy",
   *  "keras.losses.CategoricalCrossentropy", "optax.softmax_cross_entropy", "mse". */
  name: string;
  /** Their argument name -> our option/arg name, where they differ. */
  argMap?: Readonly<Record<string, string>>;
  /** What differs from PyTorch's semantics (e.g. Keras takes probabilities by default). */
  note?: string;
  /** The parameters it takes positionally, in order, by its own names (a class: its constructor's).
   *  Spellings in the framework registry (src/engine/frameworks) take theirs from there. */
  positional?: readonly string[];
}

export interface Pitfall {
  id: string;
  title: string;
  detail: string;
}

export interface Reference {
  title: string;
  url?: string;
}

/** What a loss expects its prediction and target to be; the trainer picks the link from it. */
export type PredictionKind = 'values' | 'logits' | 'probabilities' | 'log_probabilities' | 'embeddings' | 'scores';
export type TargetKind =
  | 'values'
  | 'class_indices'
  | 'class_probabilities'
  | 'binary'
  | 'plus_minus_one'
  | 'multilabel_binary'
  | 'multilabel_indices'
  | 'counts'
  | 'sequences'
  | 'none';

export interface LossSpec {
  /** PyTorch functional name: "cross_entropy". */
  id: string;
  title: string;
  family: LossFamily;
  summary: string;
  formula: { unicode: string; latex: string };
  args: readonly TensorArgSpec[];
  options: readonly OptionSpec[];
  shapes: { input: string; target: string; output: string };
  spellings: readonly Spelling[];
  whenToUse: readonly string[];
  pitfalls: readonly Pitfall[];
  gradient: string;
  references: readonly Reference[];
  expects: { prediction: PredictionKind; target: TargetKind };
  compute: LossCompute;
  /** Why a model with one prediction per example cannot be trained on this loss even though its
   *  expects look per-example (ranking lists, AugMix splits); the trainer refuses it with this. */
  notPerExample?: string;
  /** The allocation-free form that training loops use (validating the options as `compute`
   *  does); absent for losses that are not elementwise. */
  elementwise?: (options: Options) => ElementwiseForm;
}
