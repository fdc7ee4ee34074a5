/** Elementwise pieces of the logit-based binary losses, written the way PyTorch evaluates them so
 *  that values agree to the last bits at saturated logits. */

/** One element of binary_cross_entropy_with_logits (before weight):
 *  (1 − y)·x + lw·softplus(−x) with lw = 1 + (p − 1)·y, softplus(−x) = log(e^(−m) + e^(−x−m)) + m, m = max(−x, 0). */
export function bceWithLogitsTerms(x: number, y: number, posWeight: number, hasPosWeight: boolean): number {
  const m = Math.max(-x, 0);
  const softplusNeg = Math.log(Math.exp(-m) + Math.exp(-x - m)) + m;
  if (hasPosWeight) return (1 - y) * x + ((posWeight - 1) * y + 1) * softplusNeg;
  return (1 - y) * x + softplusNeg;
}
