/** Seeded synthetic loss curves for the curve-health tests. */
import { rng } from '../fd';

export function gaussian(seed: number): () => number {
  const u = rng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export type Shape = (t: number, n: number) => number;

export const SHAPES: Record<string, Shape> = {
  exponential: (t, n) => 2.3 * Math.exp((-5 * t) / n) + 0.05,
  powerLaw: (t) => 3 / Math.sqrt(1 + t / 10) + 0.1,
  linearThenPlateau: (t, n) => Math.max(0.2, 1.5 - (3 * t) / n),
  stepDecay: (t, n) => (t < n / 3 ? 1.2 : t < (2 * n) / 3 ? 0.6 : 0.3) * Math.exp(-t / n),
  slowLog: (t) => 1 / Math.log(t + Math.E),
};

/** shape(t) × (1 + relNoise·ε) + absNoise·ε′ with seeded Gaussian ε. */
export function curve(shape: Shape, n: number, relNoise: number, absNoise: number, seed: number): number[] {
  const g = gaussian(seed);
  return Array.from({ length: n }, (_, t) => shape(t, n) * (1 + relNoise * g()) + absNoise * g());
}
