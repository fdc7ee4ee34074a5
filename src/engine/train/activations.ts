/** Hidden-layer activations: value from the pre-activation z, slope from z and the value. */
export const ACTIVATIONS = ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'gelu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

const LEAKY_SLOPE = 0.01;
const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** erf to near double precision: a positive-term series near 0, a continued fraction for erfc beyond. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 0; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 3);
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    }
    return 2 * INV_SQRT_PI * Math.exp(-x2) * sum;
  }
  if (ax > 6) return Math.sign(x);
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = (Math.exp(-ax * ax) * INV_SQRT_PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

export function activate(kind: Activation, z: number): number {
  switch (kind) {
    case 'relu': return z > 0 ? z : 0;
    case 'leaky_relu': return z > 0 ? z : LEAKY_SLOPE * z;
    case 'tanh': return Math.tanh(z);
    case 'sigmoid': return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    case 'gelu': return z * normalCdf(z);
  }
}

/** d activation / dz, given z and the activation's value a. */
export function slope(kind: Activation, z: number, a: number): number {
  switch (kind) {
    case 'relu': return z > 0 ? 1 : 0;
    case 'leaky_relu': return z > 0 ? 1 : LEAKY_SLOPE;
    case 'tanh': return 1 - a * a;
    case 'sigmoid': return a * (1 - a);
    case 'gelu': return normalCdf(z) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
  }
}
