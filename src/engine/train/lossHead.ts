/** The loss on a network's raw outputs: the link, the catalog loss and d(loss)/dz back through the
 *  link. The loss is the mean of the catalog value's elements, so a loss whose default reduction
 *  is 'none' trains on its mean. */
import type { ElementwiseForm, Options } from '../catalog/types';
import type { Tensor } from '../tensor';
import { linkBackward, linkForward, linkInto, type LinkPlan } from './link';

/** The general path through the loss's tensor `compute` (allocates; any loss, any link). */
export function lossOnOutputs(plan: LinkPlan, options: Options, z: Float64Array, target: Tensor, count: number, dz?: Float64Array): number {
  const prediction = linkForward(plan, z, count);
  const result = plan.loss.compute({ [plan.predictionArg]: prediction, [plan.targetArg]: target }, options, dz !== undefined);
  const values = result.value.data;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const loss = sum / values.length;
  if (dz) {
    const g = result.grad[plan.predictionArg];
    if (!g) throw new Error(`${plan.loss.id} returned no gradient for ${plan.predictionArg}`);
    const scale = 1 / values.length;
    const dPred = new Float64Array(g.data.length);
    for (let i = 0; i < dPred.length; i++) dPred[i] = g.data[i]! * scale;
    linkBackward(plan, prediction.data, dPred, count, dz);
  }
  return loss;
}

const view = (a: Float64Array, n: number): Float64Array => (a.length === n ? a : a.subarray(0, n));
const room = (a: Float64Array, n: number): Float64Array => (a.length >= n ? a : new Float64Array(n));

/** One per run or landscape, so that its buffers are reused step after step. A loss with an
 *  elementwise form behind an elementwise link (identity, sigmoid) runs the same kernel as its
 *  `compute` without allocating; every other pairing takes the general path. */
export class LossHead {
  /** The loss's elementwise form when the allocation-free path applies. */
  readonly form: ElementwiseForm | null;
  private prediction: Float64Array = new Float64Array(0);
  private dPrediction: Float64Array = new Float64Array(0);
  private dTarget: Float64Array = new Float64Array(0);

  /** Throws the loss's LossError for options it refuses, as its `compute` would. */
  constructor(
    readonly plan: LinkPlan,
    readonly options: Options,
  ) {
    const elementwiseLink = plan.link === 'identity' || plan.link === 'sigmoid';
    this.form = elementwiseLink && plan.loss.elementwise ? plan.loss.elementwise(options) : null;
  }

  /** Whether losses go through the allocation-free path. */
  get elementwise(): boolean {
    return this.form !== null;
  }

  /** The loss on raw outputs z (count × outputs); d(loss)/dz into dz when given. */
  loss(z: Float64Array, target: Tensor, count: number, dz?: Float64Array): number {
    const n = count * this.plan.outputs;
    const form = this.form;
    if (!form || !target.isFloating || target.data.length !== n) return lossOnOutputs(this.plan, this.options, z, target, count, dz);
    let p: Float64Array;
    if (this.plan.link === 'identity') p = view(z, n);
    else {
      this.prediction = room(this.prediction, n);
      p = view(this.prediction, n);
      linkInto(this.plan, z, count, p);
    }
    const scale = form.reduction === 'sum' ? 1 : 1 / n;
    let sum: number;
    if (!dz) sum = form.kernel(p, target.data, null, null, null, scale, form.param);
    else {
      this.dTarget = room(this.dTarget, n);
      if (this.plan.link === 'identity') sum = form.kernel(p, target.data, null, view(dz, n), view(this.dTarget, n), scale, form.param);
      else {
        this.dPrediction = room(this.dPrediction, n);
        sum = form.kernel(p, target.data, null, view(this.dPrediction, n), view(this.dTarget, n), scale, form.param);
        linkBackward(this.plan, p, this.dPrediction, count, dz);
      }
    }
    return form.reduction === 'sum' ? sum : sum / n;
  }
}
