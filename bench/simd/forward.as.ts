// AssemblyScript (compiled by bench/simd.ts with asc --enable simd; not part of the extension):
// the forward pass of a tanh MLP over row-major data, SIMD across each layer's outputs, in float64
// (f64x2) and float32 (f32x4). Weights come transposed (input-major), hidden widths a multiple of 8,
// a single output. tanh(v) = sign(v)·(1 − t)/(1 + t) with t = e^(−2|v|), e^x from a Taylor
// polynomial after x = n·ln2 + r, |r| ≤ ln2/2, and a short odd series near 0.

// ln 2 = LN2_HI + LN2_LO with the low 32 mantissa bits of LN2_HI zero, so n·LN2_HI is exact.
const LN2_HI: f64 = 0.6931467056274414;
const LN2_LO: f64 = 4.7493250387997676e-7;

// ---- float64 ----
@inline function exp64(x: v128): v128 {
  const n = f64x2.nearest(f64x2.mul(x, f64x2.splat(1.0 / Math.LN2)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI))), f64x2.mul(n, f64x2.splat(LN2_LO)));
  // Taylor to r¹²/12!: relative error below 1e-16 for |r| ≤ ln2/2.
  let p = f64x2.splat(1.0 / 479001600.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  const e = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(n));
  return i64x2.add(p, i64x2.shl(e, 52));
}

@inline function tanh64(v: v128): v128 {
  const m = f64x2.abs(v);
  const t = exp64(f64x2.max(f64x2.mul(m, f64x2.splat(-2.0)), f64x2.splat(-40.0)));
  const one = f64x2.splat(1.0);
  const far = v128.or(f64x2.div(f64x2.sub(one, t), f64x2.add(one, t)), v128.and(v, i64x2.splat(0x8000000000000000)));
  const v2 = f64x2.mul(v, v);
  const near = f64x2.sub(v, f64x2.mul(f64x2.mul(v2, v), f64x2.splat(1.0 / 3.0)));
  return v128.bitselect(near, far, f64x2.lt(m, f64x2.splat(1e-4)));
}

function dense64(wt: usize, b: usize, inp: usize, out: usize, n: i32, K: i32, J: i32): void {
  for (let s = 0; s < n; s++) {
    const x = inp + <usize>(s * K) * 8;
    const o = out + <usize>(s * J) * 8;
    for (let j = 0; j < J; j += 8) {
      let a0 = v128.load(b + <usize>j * 8);
      let a1 = v128.load(b + <usize>j * 8, 16);
      let a2 = v128.load(b + <usize>j * 8, 32);
      let a3 = v128.load(b + <usize>j * 8, 48);
      for (let k = 0; k < K; k++) {
        const u = f64x2.splat(load<f64>(x + <usize>k * 8));
        const w = wt + <usize>(k * J + j) * 8;
        a0 = f64x2.add(a0, f64x2.mul(v128.load(w), u));
        a1 = f64x2.add(a1, f64x2.mul(v128.load(w, 16), u));
        a2 = f64x2.add(a2, f64x2.mul(v128.load(w, 32), u));
        a3 = f64x2.add(a3, f64x2.mul(v128.load(w, 48), u));
      }
      v128.store(o + <usize>j * 8, tanh64(a0));
      v128.store(o + <usize>j * 8, tanh64(a1), 16);
      v128.store(o + <usize>j * 8, tanh64(a2), 32);
      v128.store(o + <usize>j * 8, tanh64(a3), 48);
    }
  }
}

/** `layers` widths at `widths`: inputs, hidden widths, 1 output; per layer Wᵀ then b at `params`. */
export function forward64(params: usize, widths: usize, layers: i32, x: usize, n: i32, scratch: usize, out: usize): void {
  const inp = hiddenLayers(dense64, 8, params, widths, layers, x, n, scratch);
  const K = load<i32>(widths + <usize>(layers - 2) * 4);
  const p = headAt(params, widths, layers, 8);
  const bias = load<f64>(p + <usize>K * 8);
  for (let s = 0; s < n; s++) {
    const row = inp + <usize>(s * K) * 8;
    let acc = f64x2.splat(0);
    for (let k = 0; k < K; k += 2) acc = f64x2.add(acc, f64x2.mul(v128.load(row + <usize>k * 8), v128.load(p + <usize>k * 8)));
    store<f64>(out + <usize>s * 8, bias + f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1));
  }
}

type Dense = (wt: usize, b: usize, inp: usize, out: usize, n: i32, K: i32, J: i32) => void;

/** Runs the hidden layers through two scratch buffers of n × 64 values; returns the last one. */
function hiddenLayers(dense: Dense, size: usize, params: usize, widths: usize, layers: i32, x: usize, n: i32, scratch: usize): usize {
  let inp = x;
  let p = params;
  let buf = scratch;
  for (let l = 0; l + 2 < layers; l++) {
    const K = load<i32>(widths + <usize>l * 4);
    const J = load<i32>(widths + <usize>(l + 1) * 4);
    dense(p, p + <usize>(K * J) * size, inp, buf, n, K, J);
    p += <usize>(K * J + J) * size;
    inp = buf;
    buf = buf == scratch ? scratch + <usize>(n * 64) * size : scratch;
  }
  return inp;
}

/** Where the output layer's weights start. */
function headAt(params: usize, widths: usize, layers: i32, size: usize): usize {
  let p = params;
  for (let l = 0; l + 2 < layers; l++) {
    const K = load<i32>(widths + <usize>l * 4);
    const J = load<i32>(widths + <usize>(l + 1) * 4);
    p += <usize>(K * J + J) * size;
  }
  return p;
}

// ---- float32 ----
@inline function exp32(x: v128): v128 {
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(<f32>(1.0 / Math.LN2))));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(<f32>0.693145751953125))), f32x4.mul(n, f32x4.splat(<f32>1.4286068202862268e-6)));
  let p = f32x4.splat(<f32>(1.0 / 5040.0)); // Taylor to r^7/7!: relative error < 2e-8 for |r| <= ln2/2
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 720.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 120.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 24.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 6.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>1.0));
  return i32x4.add(p, i32x4.shl(i32x4.trunc_sat_f32x4_s(n), 23));
}

@inline function tanh32(v: v128): v128 {
  const m = f32x4.abs(v);
  const t = exp32(f32x4.max(f32x4.mul(m, f32x4.splat(<f32>-2.0)), f32x4.splat(<f32>-20.0)));
  const one = f32x4.splat(<f32>1.0);
  const far = v128.or(f32x4.div(f32x4.sub(one, t), f32x4.add(one, t)), v128.and(v, i32x4.splat(0x80000000)));
  // Near 0, 1 − t cancels: the odd series v − v³/3 + 2v⁵/15 − 17v⁷/315 instead (|v| < 0.125).
  const v2 = f32x4.mul(v, v);
  let s = f32x4.splat(<f32>(-17.0 / 315.0));
  s = f32x4.add(f32x4.mul(s, v2), f32x4.splat(<f32>(2.0 / 15.0)));
  s = f32x4.add(f32x4.mul(s, v2), f32x4.splat(<f32>(-1.0 / 3.0)));
  s = f32x4.add(f32x4.mul(s, v2), one);
  return v128.bitselect(f32x4.mul(s, v), far, f32x4.lt(m, f32x4.splat(<f32>0.125)));
}

function dense32(wt: usize, b: usize, inp: usize, out: usize, n: i32, K: i32, J: i32): void {
  // Two samples at a time share each load of Wᵀ (n even).
  for (let s = 0; s < n; s += 2) {
    const xa = inp + <usize>(s * K) * 4;
    const xb = xa + <usize>K * 4;
    const oa = out + <usize>(s * J) * 4;
    const ob = oa + <usize>J * 4;
    for (let j = 0; j < J; j += 8) {
      let a0 = v128.load(b + <usize>j * 4);
      let a1 = v128.load(b + <usize>j * 4, 16);
      let c0 = a0;
      let c1 = a1;
      for (let k = 0; k < K; k++) {
        const u = f32x4.splat(load<f32>(xa + <usize>k * 4));
        const v = f32x4.splat(load<f32>(xb + <usize>k * 4));
        const w = wt + <usize>(k * J + j) * 4;
        const w0 = v128.load(w);
        const w1 = v128.load(w, 16);
        a0 = f32x4.add(a0, f32x4.mul(w0, u));
        a1 = f32x4.add(a1, f32x4.mul(w1, u));
        c0 = f32x4.add(c0, f32x4.mul(w0, v));
        c1 = f32x4.add(c1, f32x4.mul(w1, v));
      }
      v128.store(oa + <usize>j * 4, tanh32(a0));
      v128.store(oa + <usize>j * 4, tanh32(a1), 16);
      v128.store(ob + <usize>j * 4, tanh32(c0));
      v128.store(ob + <usize>j * 4, tanh32(c1), 16);
    }
  }
}

/** As forward64 with float32 parameters and data (n even); outputs are written as float64. */
export function forward32(params: usize, widths: usize, layers: i32, x: usize, n: i32, scratch: usize, out: usize): void {
  const inp = hiddenLayers(dense32, 4, params, widths, layers, x, n, scratch);
  const K = load<i32>(widths + <usize>(layers - 2) * 4);
  const p = headAt(params, widths, layers, 4);
  const bias = load<f32>(p + <usize>K * 4);
  for (let s = 0; s < n; s++) {
    const row = inp + <usize>(s * K) * 4;
    let acc = f32x4.splat(0);
    for (let k = 0; k < K; k += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(row + <usize>k * 4), v128.load(p + <usize>k * 4)));
    store<f64>(out + <usize>s * 8, <f64>(bias + f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3)));
  }
}
