/**
 * Objective: a trained model seen as a function of one flat parameter vector, for loss landscapes,
 * sharpness and anything else that probes the loss surface. Pure and synchronous.
 *
 *   const obj = createObjective(settings, trainingSet);
 *   obj.size                      number of parameters
 *   obj.layers                    [{offset, length, shape, isBias}] in parameter order: per layer
 *                                 the weight matrix (shape [outputs, inputs]) then the bias ([outputs])
 *   obj.initial()                 a fresh copy of the seeded initial parameters
 *   obj.lossAndGrad(params)       {loss, grad}: the run's training loss (mean over the whole data set,
 *                                 through the same link as training) and its gradient, a new array
 *   obj.loss(params)              the loss only (cheaper: no backward pass; on the float32 network,
 *                                 finished in WebAssembly for the losses of fusedLoss.ts)
 *
 * `params` is never modified. The weights of a Trainer (`trainer.params`) use the same layout, so a
 * trajectory recorded during training can be passed straight in. The network computes in the
 * model's dtype (float32 unless `model.dtype` says float64), as the trainer does; whatever
 * differentiates gradients numerically (Hessian estimates) should ask for float64.
 */
import type { Dataset } from '../data/dataset';
import { encodeTarget, planLink } from './link';
import { fusedLoss } from './fusedLoss';
import { Float32Network, createNetwork } from './network32';
import { LossHead } from './lossHead';
import { initialParams, type RunSettings } from './trainer';

export interface ParameterBlock {
  offset: number;
  length: number;
  shape: readonly number[];
  isBias: boolean;
}

export interface Objective {
  readonly size: number;
  readonly layers: readonly ParameterBlock[];
  initial(): Float64Array;
  loss(params: Float64Array): number;
  lossAndGrad(params: Float64Array): { loss: number; grad: Float64Array };
}

export function createObjective(settings: Pick<RunSettings, 'loss' | 'lossOptions' | 'model' | 'seed'>, data: Dataset): Objective {
  const plan = planLink(settings.loss, { task: data.task, classes: data.classes, y: data.y });
  const network = createNetwork(settings.model, data.features, plan.outputs);
  const target = encodeTarget(plan, data.y, data.n);
  const head = new LossHead(plan, settings.lossOptions);
  const dz = new Float64Array(data.n * plan.outputs);
  const fusing = network instanceof Float32Network && network.fusesLoss ? network : null;
  const fused = fusing && fusedLoss(head, target, data.n);
  const layers: ParameterBlock[] = network.layers.flatMap((L) => [
    { offset: L.weightOffset, length: L.inputs * L.outputs, shape: [L.outputs, L.inputs], isBias: false },
    { offset: L.biasOffset, length: L.outputs, shape: [L.outputs], isBias: true },
  ]);
  const check = (params: Float64Array): void => {
    if (params.length !== network.size) throw new RangeError(`expected ${network.size} parameters, got ${params.length}`);
  };
  return {
    size: network.size,
    layers,
    initial: () => initialParams(network, settings.seed),
    loss(params) {
      check(params);
      if (fusing && fused) return fusing.forwardLoss(params, data.x, data.n, target.data, fused);
      return head.loss(network.forward(params, data.x, data.n), target, data.n);
    },
    lossAndGrad(params) {
      check(params);
      const loss = head.loss(network.forward(params, data.x, data.n), target, data.n, dz);
      const grad = new Float64Array(network.size);
      network.backward(params, data.x, data.n, dz, grad);
      return { loss, grad };
    },
  };
}
