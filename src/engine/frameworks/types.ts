/** A loss as another framework spells it, computed with that framework's own semantics:
 *  its argument names and order, defaults, epsilon clipping, axis reduced first, reduction names,
 *  label formats. The catalog entry it points at holds the math, pitfalls and when to use it;
 *  this holds only what the framework does differently (shown next to the formula in hovers). */
import type { Framework, LossResult, OptionSpec, Options, TensorArgs } from '../catalog/types';

export interface FrameworkArgSpec {
  /** The framework's parameter name: 'y_true', 'logits', 'boxes1'. */
  name: string;
  optional?: boolean;
  /** Whether `compute` returns a gradient for it (FRAMEWORKS.md's "grad" list). */
  differentiable: boolean;
  meaning: string;
}

export interface FrameworkLoss {
  /** Fully qualified, as a user writes it: 'keras.losses.Huber', 'optax.losses.huber_loss'. */
  name: string;
  framework: Framework;
  /** 'module': a class constructed with `options`, then called with the tensors; 'functional': one call. */
  kind: 'module' | 'functional';
  /** The catalog entry (LossSpec.id) whose math this is. */
  lossId: string;
  /** Tensor arguments in the framework's positional order. */
  args: readonly FrameworkArgSpec[];
  /** Non-tensor keyword arguments with the framework's defaults. */
  options: readonly OptionSpec[];
  /** One or two sentences: how this spelling differs from the catalog entry's definition. */
  differences: string;
  /** A boolean option that, set to True, makes the call compute another catalog entry: Keras'
   *  `from_logits=True` turns BinaryCrossentropy into binary_cross_entropy_with_logits. */
  switchedBy?: { option: string; lossId: string };
  /** Validates like the framework (throwing LossError where it raises) and computes. `args` and
   *  `options` are keyed by the framework's names; gradients likewise. */
  compute(args: TensorArgs, options: Options, wantGrad: boolean): LossResult;
}
