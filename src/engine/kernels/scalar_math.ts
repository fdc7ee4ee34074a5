/** Scalar pieces the family losses share, each stable for large arguments. */
import { sigmoid, softplus } from '../losses/common';

/** log σ(x) and its derivative σ(−x). */
export const logSigmoid = (x: number): number => -softplus(-x);
export const dLogSigmoid = (x: number): number => sigmoid(-x);
export const relu = (x: number): number => (x > 0 ? x : 0);
export const step = (x: number): number => (x > 0 ? 1 : 0);
export { sigmoid, softplus };

/** b^k for the focal modulators' exponents: products for a whole k from 0 to 4 (as PyTorch's pow
 *  does for 2 and 3; V8's Math.pow takes ~40 ns for a whole exponent, a product under 1 ns), else
 *  Math.pow. Within 1.5 ulps of the exact power (test/unit/losses/pow_whole.test.ts). */
export function powWhole(b: number, k: number): number {
  if (k === 2) return b * b;
  if (k === 1) return b;
  if (k === 0) return 1;
  if (k === 3) return b * b * b;
  if (k === 4) {
    const s = b * b;
    return s * s;
  }
  return Math.pow(b, k);
}
