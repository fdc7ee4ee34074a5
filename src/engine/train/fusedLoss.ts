/** Which losses the float32 network can finish itself (network32.ts, `forwardLoss`): the loss's
 *  value on its outputs computed in WebAssembly in float32, as PyTorch computes it at its default
 *  dtype, without the outputs crossing to JavaScript. The landscape grid's loss-only evaluations
 *  use it; training and gradients keep the catalog kernels (lossHead.ts). */
import type { Tensor } from '../tensor';
import type { LossHead } from './lossHead';

/** Codes in the order of the LOSS_* constants of simd/network.as.ts. */
const FUSED_LOSSES = ['binary_cross_entropy_with_logits', 'mse_loss', 'l1_loss', 'huber_loss', 'smooth_l1_loss'] as const;
const L1 = FUSED_LOSSES.indexOf('l1_loss');

export interface FusedLoss {
  kind: number;
  /** Huber's δ or smooth L1's β. */
  param: number;
  /** Divide the sum by the element count (every reduction but 'sum', as LossHead does). */
  mean: boolean;
}

/** The fused form of the head's loss for this target, or null when the catalog path must run:
 *  a loss without a float32 kernel, a link other than identity, or a target that is not one float
 *  per output. */
export function fusedLoss(head: LossHead, target: Tensor, count: number): FusedLoss | null {
  const form = head.form;
  const kind = (FUSED_LOSSES as readonly string[]).indexOf(head.plan.loss.id);
  if (!form || kind < 0 || head.plan.link !== 'identity') return null;
  if (!target.isFloating || target.data.length !== count * head.plan.outputs) return null;
  // smooth_l1 with β = 0 is l1 (its quadratic zone is empty).
  const asL1 = head.plan.loss.id === 'smooth_l1_loss' && !(form.param > 0);
  return { kind: asL1 ? L1 : kind, param: form.param, mean: form.reduction !== 'sum' };
}
