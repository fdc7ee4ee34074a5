import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getLoss } from '../../../src/engine/catalog';
import { generate } from '../../../src/engine/data/synthetic';
import { ACTIVATIONS } from '../../../src/engine/train/activations';
import { Network, type NetworkShape } from '../../../src/engine/train/network';
import { Float32Network, float32Available } from '../../../src/engine/train/network32';
import { optimizerSettings } from '../../../src/engine/train/optimizers';
import { Random } from '../../../src/engine/train/random';
import { Trainer, type RunSettings } from '../../../src/engine/train/trainer';

/** Largest |a − b| over the largest |b|: an error relative to the array's scale. */
function scaledError(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return worst / scale;
}

function randomCase(shape: NetworkShape, n: number, seed: number): { p: Float64Array; x: Float64Array; dOut: Float64Array } {
  const rng = new Random(seed);
  const p = new Network(shape).initialise(rng);
  for (let i = 0; i < p.length; i++) p[i]! += 0.1 * rng.normal(); // non-zero biases too
  return {
    p,
    x: Float64Array.from({ length: n * shape.inputs }, () => 2 * rng.normal()),
    dOut: Float64Array.from({ length: n * shape.outputs }, () => rng.normal()),
  };
}

// Widths that are and are not multiples of 4 (the kernel pads rows to 4 floats), odd and even batches.
const SHAPES: [inputs: number, hidden: number[], outputs: number, n: number][] = [
  [2, [16, 16], 1, 1000],
  [3, [5, 7], 3, 11],
  [4, [], 2, 9],
  [5, [9], 6, 1],
  // Single outputs after a hidden layer take the head kernels: inputs in 2, 4 and 18 vectors.
  [3, [7], 1, 5],
  [2, [70, 13], 1, 6],
  [2, [70], 1, 3],
];

test('float32 SIMD kernels are available in this runtime', () => {
  assert.ok(float32Available());
});

for (const activation of ACTIVATIONS) {
  test(`float32 network: outputs and gradients agree with the float64 network to float32 precision (${activation})`, () => {
    for (const [inputs, hidden, outputs, n] of SHAPES) {
      const shape: NetworkShape = { inputs, hidden, outputs, activation };
      const { p, x, dOut } = randomCase(shape, n, 7 + n);
      const exact = new Network(shape);
      const single = new Float32Network(shape);
      const z64 = exact.forward(p, x, n).slice(0, n * outputs);
      const z32 = single.forward(p, x, n).slice(0, n * outputs);
      const g64 = new Float64Array(exact.size);
      const g32 = new Float64Array(exact.size);
      exact.backward(p, x, n, dOut, g64);
      single.backward(p, x, n, dOut, g32);
      const where = `${activation} ${inputs}-[${hidden}]-${outputs}, n=${n}`;
      assert.ok(scaledError(z32, z64, n * outputs) < 2e-6, `${where}: outputs off by ${scaledError(z32, z64, n * outputs)}`);
      assert.ok(scaledError(g32, g64, g64.length) < 5e-5, `${where}: gradient off by ${scaledError(g32, g64, g64.length)}`);
    }
  });
}

test('float32 network gradient matches central differences of its own float32 outputs', () => {
  for (const activation of ACTIVATIONS) {
    const shape: NetworkShape = { inputs: 3, hidden: [6, 5], outputs: 2, activation };
    const n = 5;
    const { p, x, dOut } = randomCase(shape, n, 3);
    const net = new Float32Network(shape);
    // The objective Σ dOut·z, whose gradient is backward(dOut).
    const objective = (q: Float64Array): number => {
      const z = net.forward(q, x, n);
      let s = 0;
      for (let i = 0; i < n * 2; i++) s += dOut[i]! * z[i]!;
      return s;
    };
    net.forward(p, x, n);
    const grad = new Float64Array(net.size);
    net.backward(p, x, n, dOut, grad);
    const h = 1e-2; // large enough that float32 rounding stays far below the O(h²) truncation error
    for (let i = 0; i < net.size; i++) {
      const plus = Float64Array.from(p);
      const minus = Float64Array.from(p);
      plus[i]! += h;
      minus[i]! -= h;
      const numeric = (objective(plus) - objective(minus)) / (2 * h);
      assert.ok(Math.abs(numeric - grad[i]!) <= 2e-3 * (1 + Math.abs(numeric)), `${activation} param ${i}: analytic ${grad[i]} numeric ${numeric}`);
    }
  }
});

/** The two networks give the same outputs and gradients, to the bit, on the case's first n rows. */
function assertSameBits(a: Network, b: Network, c: ReturnType<typeof randomCase>, n: number): void {
  const outputs = n * a.shape.outputs;
  assert.deepEqual(Array.from(a.forward(c.p, c.x, n).subarray(0, outputs)), Array.from(b.forward(c.p, c.x, n).subarray(0, outputs)));
  const ga = new Float64Array(a.size);
  const gb = new Float64Array(b.size);
  a.backward(c.p, c.x, n, c.dOut, ga);
  b.backward(c.p, c.x, n, c.dOut, gb);
  assert.deepEqual(Array.from(ga), Array.from(gb));
}

test('float32 network: a smaller batch after a larger one gives what a fresh network gives', () => {
  const shape: NetworkShape = { inputs: 2, hidden: [7], outputs: 3, activation: 'sigmoid' };
  const big = randomCase(shape, 40, 1);
  const reused = new Float32Network(shape);
  reused.forward(big.p, big.x, 40);
  assertSameBits(reused, new Float32Network(shape), randomCase(shape, 3, 2), 3);
});

test("float32 network: one built on a released network's memory computes what one on fresh memory does; the released one refuses work", () => {
  const shape: NetworkShape = { inputs: 3, hidden: [5, 7], outputs: 1, activation: 'tanh' };
  const c = randomCase(shape, 11, 3);
  // Five networks held at once empty the spares (two at most), so the fifth has fresh memory.
  const held = Array.from({ length: 5 }, () => new Float32Network(shape));
  const fresh = held[4]!;
  // A wider network leaves non-zero values everywhere in its memory, padding included.
  const wideShape: NetworkShape = { inputs: 2, hidden: [70, 13], outputs: 3, activation: 'gelu' };
  const wide = randomCase(wideShape, 40, 4);
  const dirty = new Float32Network(wideShape);
  dirty.forward(wide.p, wide.x, 40);
  dirty.backward(wide.p, wide.x, 40, wide.dOut, new Float64Array(dirty.size));
  dirty.release();
  const reused = new Float32Network(shape);
  assertSameBits(reused, fresh, c, 11);
  assert.throws(() => dirty.forward(wide.p, wide.x, 40), /released/);
  assert.throws(() => dirty.backward(wide.p, wide.x, 40, wide.dOut, new Float64Array(dirty.size)), /released/);
  held.forEach((n) => n.release());
  reused.release();
});

function settings(dtype: 'float32' | 'float64', seed: number): RunSettings {
  return {
    loss: getLoss('binary_cross_entropy_with_logits')!,
    lossOptions: {},
    optimizer: optimizerSettings('adam', { lr: 0.01 }),
    model: { hidden: [16, 16], activation: 'tanh', dtype },
    seed,
    steps: 150,
    batchSize: null,
  };
}

test('float32 training is deterministic per seed and ends where float64 training ends', () => {
  const data = generate('binary', 'moons', { n: 300, noise: 0.2, seed: 0 })!;
  const curve = (dtype: 'float32' | 'float64', seed: number): number[] => {
    const t = new Trainer(settings(dtype, seed), data, null);
    return Array.from({ length: 150 }, () => t.step());
  };
  assert.deepEqual(curve('float32', 4), curve('float32', 4));
  assert.notDeepEqual(curve('float32', 4), curve('float32', 5));
  const single = curve('float32', 4);
  const double = curve('float64', 4);
  assert.ok(Math.abs(single[0]! - double[0]!) < 1e-6, `initial loss ${single[0]} vs ${double[0]}`);
  const last = single.length - 1;
  assert.ok(Math.abs(single[last]! - double[last]!) < 1e-3 * double[last]!, `final loss ${single[last]} vs ${double[last]}`);
  assert.ok(single[last]! < 0.5 * single[0]!, 'it trains');
});

test('a batch too large for WebAssembly memory is refused with a message that says what to change', () => {
  // 4096 × 4096 hidden units need 64 MB of weights; 300,000 rows of 4096 activations need ~4.9 GB per
  // buffer, beyond the 4 GB a 32-bit WebAssembly memory can address.
  const net = new Float32Network({ inputs: 1, hidden: [4096], outputs: 1, activation: 'relu' });
  const p = new Float64Array(net.size);
  assert.throws(() => net.forward(p, new Float64Array(300_000), 300_000), (e: unknown) => e instanceof RangeError && /batch of 300000 rows.*batch_size.*float64/.test(e.message));
  // The network still works with a batch that fits.
  const z = net.forward(p.fill(0.5), Float64Array.of(1, 2), 2);
  assert.deepEqual(Array.from(z.subarray(0, 2)), [0.5 + 0.5 * 4096 * (0.5 * 1 + 0.5), 0.5 + 0.5 * 4096 * (0.5 * 2 + 0.5)]);
});
