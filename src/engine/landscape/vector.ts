/** Dense vector helpers on Float64Array. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** out = a + s·b (out may be a). */
export function axpy(out: Float64Array, a: Float64Array, s: number, b: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + s * b[i]!;
  return out;
}

/** center + x·d1 + y·d2 into out. */
export function planePoint(out: Float64Array, center: Float64Array, x: number, d1: Float64Array, y: number, d2: Float64Array): Float64Array {
  for (let i = 0; i < center.length; i++) out[i] = center[i]! + x * d1[i]! + y * d2[i]!;
  return out;
}

export function scale(a: Float64Array, s: number): Float64Array {
  for (let i = 0; i < a.length; i++) a[i]! *= s;
  return a;
}

/** Evenly spaced values from lo to hi inclusive; n = 1 gives [lo]. */
export function linspace(lo: number, hi: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`need a positive integer number of points, got ${n}`);
  if (n === 1) return [lo];
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));
}
