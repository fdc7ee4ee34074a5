/** Elementwise pieces of the logit-based binary losses, written the way PyTorch evaluates them so
 *  that values agree at saturated logits (the table-driven fastExp is within 4e-16 of Math.exp,
 *  and is Math.exp itself beyond ±708, where results underflow). */
import { fastExp } from './fast_exp';

/** One element of binary_cross_entropy_with_logits (before weight):
 *  (1 − y)·x + lw·softplus(−x) with lw = 1 + (p − 1)·y, softplus(−x) = log(e^(−m) + e^(−x−m)) + m, m = max(−x, 0). */
export function bceWithLogitsTerms(x: number, y: number, posWeight: number, hasPosWeight: boolean): number {
  const m = Math.max(-x, 0);
  // For finite x one of the two exponentials is e^0 = 1 exactly (m is −x or 0), so the sum is
  // 1 + e^(−|x|) to the bit, with one exp; ±∞ keeps both (PyTorch gives NaN at −∞).
  const sum = Number.isFinite(x) ? 1 + fastExp(-Math.abs(x)) : fastExp(-m) + fastExp(-x - m);
  const softplusNeg = Math.log(sum) + m;
  if (hasPosWeight) return (1 - y) * x + ((posWeight - 1) * y + 1) * softplusNeg;
  return (1 - y) * x + softplusNeg;
}
