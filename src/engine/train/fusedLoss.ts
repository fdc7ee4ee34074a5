/** Which losses the float32 network can finish itself (network32.ts, `forwardLoss` and
 *  `lossAndGradient`): the loss's value on its outputs, and its gradient, computed in WebAssembly
 *  in float32, as PyTorch computes them at its default dtype, without the outputs crossing to
 *  JavaScript. The landscape grid's loss-only evaluations and float32 training use it; float64
 *  networks and every other loss keep the catalog kernels (lossHead.ts). */
import { callOptions } from '../losses/call_options';
import type { Tensor } from '../tensor';
import type { LossHead } from './lossHead';

/** Codes in the order of the LOSS_* constants of simd/network.as.ts; each identity-linked, but
 *  for the last, mse_loss on sigmoid probabilities. */
const FUSED_LOSSES = ['binary_cross_entropy_with_logits', 'mse_loss', 'l1_loss', 'huber_loss', 'smooth_l1_loss', 'soft_margin_loss', 'sigmoid_focal_loss'] as const;
const L1 = FUSED_LOSSES.indexOf('l1_loss');
const MSE_ON_SIGMOID = FUSED_LOSSES.length;
/** The focal loss's γ is raised by repeated multiplication: small whole numbers only. */
const MAX_FOCAL_POWER = 8;

export interface FusedLoss {
  kind: number;
  /** Huber's δ, smooth L1's β or the focal loss's α. */
  param: number;
  /** The focal loss's γ (0 otherwise). */
  power: number;
  /** Divide the sum by the element count (every reduction but 'sum', as LossHead does). */
  mean: boolean;
}

/** The fused form of the head's loss for this target, or null when the catalog path must run:
 *  a loss without a float32 kernel, a link it does not fuse, a focal γ that is not a small whole
 *  number, or a target that is not one float per output. */
export function fusedLoss(head: LossHead, target: Tensor, count: number): FusedLoss | null {
  const form = head.form;
  const id = head.plan.loss.id;
  const link = head.plan.link;
  let kind = (FUSED_LOSSES as readonly string[]).indexOf(id);
  if (id === 'mse_loss' && link === 'sigmoid') kind = MSE_ON_SIGMOID;
  else if (link !== 'identity') return null;
  if (!form || kind < 0) return null;
  if (!target.isFloating || target.data.length !== count * head.plan.outputs) return null;
  const mean = form.reduction !== 'sum';
  if (id === 'sigmoid_focal_loss') {
    const read = callOptions(head.plan.loss, head.options);
    const power = read.number('gamma');
    if (!Number.isInteger(power) || power < 0 || power > MAX_FOCAL_POWER) return null;
    return { kind, param: read.number('alpha'), power, mean };
  }
  // smooth_l1 with β = 0 is l1 (its quadratic zone is empty).
  const asL1 = id === 'smooth_l1_loss' && !(form.param > 0);
  return { kind: asL1 ? L1 : kind, param: form.param, power: 0, mean };
}
