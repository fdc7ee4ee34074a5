/** Scalar pieces the family losses share, each stable for large arguments. */
import { sigmoid, softplus } from '../losses/common';

/** log σ(x) and its derivative σ(−x). */
export const logSigmoid = (x: number): number => -softplus(-x);
export const dLogSigmoid = (x: number): number => sigmoid(-x);
export const relu = (x: number): number => (x > 0 ? x : 0);
export const step = (x: number): number => (x > 0 ? 1 : 0);
export { sigmoid, softplus };
