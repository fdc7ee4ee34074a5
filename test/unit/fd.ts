/** Finite-difference gradient checks for catalog losses (central differences on sum(value)). */
import assert from 'node:assert/strict';
import type { LossSpec, Options } from '../../src/engine/catalog/types';
import { Tensor } from '../../src/engine/tensor';

/** A seeded uniform generator (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomTensor(shape: number[], rand: () => number, lo = -2, hi = 2): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return Tensor.from(shape, Array.from({ length: n }, () => lo + (hi - lo) * rand()));
}

function sumValue(spec: Pick<LossSpec, 'id' | 'compute'>, args: Record<string, Tensor>, options: Options): number {
  const v = spec.compute(args, options, false).value.data;
  let s = 0;
  for (const x of v) s += x;
  return s;
}

/** Asserts that every analytic gradient of sum(loss) matches central differences. */
export function checkGradients(
  spec: Pick<LossSpec, 'id' | 'compute'>,
  args: Record<string, Tensor>,
  options: Options,
  { h = 1e-6, tol = 1e-5 }: { h?: number; tol?: number } = {},
): void {
  const { grad } = spec.compute(args, options, true);
  for (const [name, g] of Object.entries(grad)) {
    const x = args[name];
    assert.ok(x, `${spec.id}: gradient for unknown argument ${name}`);
    assert.deepEqual([...g.shape], [...x.shape], `${spec.id}: grad.${name} shape`);
    for (let i = 0; i < x.size; i++) {
      const plus = Float64Array.from(x.data);
      const minus = Float64Array.from(x.data);
      plus[i]! += h;
      minus[i]! -= h;
      const fp = sumValue(spec, { ...args, [name]: new Tensor(x.shape, plus, x.dtype) }, options);
      const fm = sumValue(spec, { ...args, [name]: new Tensor(x.shape, minus, x.dtype) }, options);
      const numeric = (fp - fm) / (2 * h);
      const analytic = g.data[i]!;
      assert.ok(
        Math.abs(numeric - analytic) <= tol * (1 + Math.abs(numeric)),
        `${spec.id}: grad.${name}[${i}] analytic ${analytic} vs numeric ${numeric} (options ${JSON.stringify(options)})`,
      );
    }
  }
}
