// AssemblyScript, compiled to WebAssembly with SIMD by scripts/wasm.mjs (not seen by tsc).
// Float32 kernels for the dense layers of network32.ts: every matrix is row-major, rows padded to
// a multiple of 4 floats with zeros, so each row is a whole number of f32x4 vectors. The caller
// owns the memory layout and passes byte addresses; nothing here allocates.

// Activation codes, in the order of ACTIVATIONS in activations.ts.
const RELU = 0;
const LEAKY_RELU = 1;
const TANH = 2;
const SIGMOID = 3;
const GELU = 4;

const LEAKY_SLOPE: f32 = 0.01;

// ---- elementwise functions on f32x4 ----

// exp4's constants, splatted from memory at each use: V8 rebuilds an f32x4.splat of a constant
// in registers at every use, which costs more (see tanh4).
const EXP_COEFFS = memory.data<f32>([
  1.4426950408889634,
  12582912.0,
  0.693145751953125,
  1.4286068202862268e-6,
  1.0 / 5040.0,
  1.0 / 720.0,
  1.0 / 120.0,
  1.0 / 24.0,
  1.0 / 6.0,
  0.5,
  1.0,
  -87.0,
  87.0,
], 16);

@inline function expCoeff(i: i32): v128 {
  return v128.load32_splat(EXP_COEFFS + <usize>(4 * i));
}

/** e^x for x in [−87, 87]: x = n·ln2 + r with |r| ≤ ln2/2, Taylor to r⁷/7! (relative error < 2e-8),
 *  then n added to the exponent bits. ln2 is split so that n·LN2_HI is exact. */
@inline function exp4(x: v128): v128 {
  // Adding 1.5·2²³ rounds x·log2(e) to an integer n held in the low mantissa bits, which the
  // final shift moves into the exponent (cheaper in V8 than nearest + trunc_sat).
  const magic = expCoeff(1);
  const shifted = f32x4.add(f32x4.mul(x, expCoeff(0)), magic);
  const n = f32x4.sub(shifted, magic);
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, expCoeff(2))), f32x4.mul(n, expCoeff(3)));
  // Estrin's scheme: four short chains instead of one of seven steps, which the losses and
  // activations that call exp4 would otherwise wait on.
  const r2 = f32x4.mul(r, r);
  const one = expCoeff(10);
  const c01 = f32x4.add(one, r);
  const c23 = f32x4.add(expCoeff(9), f32x4.mul(expCoeff(8), r));
  const c45 = f32x4.add(expCoeff(7), f32x4.mul(expCoeff(6), r));
  const c67 = f32x4.add(expCoeff(5), f32x4.mul(expCoeff(4), r));
  const low = f32x4.add(c01, f32x4.mul(r2, c23));
  const high = f32x4.add(c45, f32x4.mul(r2, c67));
  const p = f32x4.add(low, f32x4.mul(f32x4.mul(r2, r2), high));
  return i32x4.add(p, i32x4.shl(shifted, 23));
}

@inline function clampExp(x: v128): v128 {
  return f32x4.pmin(f32x4.pmax(x, expCoeff(11)), expCoeff(12));
}

/** tanh(v) = v·P(v²)/Q(v²) on v clamped to ±9 (beyond, tanh is 1 in float32): a rational fit of
 *  degrees 4/4 in v² made for this kernel by weighted least squares on relative error (2e-8 in
 *  float64; 3.9e-7 evaluated in float32, with Q scaled to be monic). No exp, no branch. The splatted coefficients are
 *  loaded from TANH_COEFFS (V8 rebuilds a v128 constant in registers at every use, a third of the time),
 *  and the clamp is pmax/pmin with v first, so NaN passes through (min/max cost more in V8). */
const TANH_COEFFS = memory.data<f32>([
  -9.0, -9.0, -9.0, -9.0,
  9.0, 9.0, 9.0, 9.0,
  0.017173190054259338, 0.017173190054259338, 0.017173190054259338, 0.017173190054259338,
  26.501272833988907, 26.501272833988907, 26.501272833988907, 26.501272833988907,
  4494.924211443215, 4494.924211443215, 4494.924211443215, 4494.924211443215,
  172063.51925253356, 172063.51925253356, 172063.51925253356, 172063.51925253356,
  1285874.5722726462, 1285874.5722726462, 1285874.5722726462, 1285874.5722726462,
  422.4972760485747, 422.4972760485747, 422.4972760485747, 422.4972760485747,
  33274.69327712959, 33274.69327712959, 33274.69327712959, 33274.69327712959,
  600688.157727085, 600688.157727085, 600688.157727085, 600688.157727085,
  1285874.5985240177, 1285874.5985240177, 1285874.5985240177, 1285874.5985240177,
], 16);

@inline function tanh4(v: v128): v128 {
  const x = f32x4.pmin(f32x4.pmax(v, v128.load(TANH_COEFFS)), v128.load(TANH_COEFFS, 16));
  const u = f32x4.mul(x, x);
  let p = v128.load(TANH_COEFFS, 32);
  p = f32x4.add(f32x4.mul(p, u), v128.load(TANH_COEFFS, 48));
  p = f32x4.add(f32x4.mul(p, u), v128.load(TANH_COEFFS, 64));
  p = f32x4.add(f32x4.mul(p, u), v128.load(TANH_COEFFS, 80));
  p = f32x4.add(f32x4.mul(p, u), v128.load(TANH_COEFFS, 96));
  // Q is monic (both polynomials divided by its leading coefficient): one multiplication fewer.
  let q = f32x4.add(u, v128.load(TANH_COEFFS, 112));
  q = f32x4.add(f32x4.mul(q, u), v128.load(TANH_COEFFS, 128));
  q = f32x4.add(f32x4.mul(q, u), v128.load(TANH_COEFFS, 144));
  q = f32x4.add(f32x4.mul(q, u), v128.load(TANH_COEFFS, 160));
  return f32x4.div(f32x4.mul(x, p), q);
}

@inline function sigmoid4(v: v128): v128 {
  const one = f32x4.splat(<f32>1.0);
  return f32x4.div(one, f32x4.add(one, exp4(clampExp(f32x4.neg(v)))));
}

/** Φ(v), the standard normal CDF, from erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
@inline function normalCdf4(v: v128): v128 {
  const x = f32x4.mul(f32x4.abs(v), f32x4.splat(<f32>0.7071067811865476));
  const one = f32x4.splat(<f32>1.0);
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(x, f32x4.splat(<f32>0.3275911))));
  let p = f32x4.splat(<f32>1.061405429);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-1.453152027));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>1.421413741));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-0.284496736));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>0.254829592));
  p = f32x4.mul(p, t);
  const erfc = f32x4.mul(p, exp4(clampExp(f32x4.neg(f32x4.mul(x, x)))));
  const half = f32x4.splat(<f32>0.5);
  const upper = f32x4.sub(one, f32x4.mul(half, erfc));
  return v128.bitselect(f32x4.mul(half, erfc), upper, f32x4.lt(v, f32x4.splat(<f32>0.0)));
}

@inline function activate4(kind: i32, z: v128): v128 {
  if (kind == TANH) return tanh4(z);
  if (kind == RELU) return f32x4.pmax(z, f32x4.splat(<f32>0.0));
  if (kind == LEAKY_RELU) return v128.bitselect(z, f32x4.mul(z, f32x4.splat(LEAKY_SLOPE)), f32x4.gt(z, f32x4.splat(<f32>0.0)));
  if (kind == SIGMOID) return sigmoid4(z);
  return f32x4.mul(z, normalCdf4(z));
}

/** d activation / dz from z and the activation's value a. */
@inline function slope4(kind: i32, z: v128, a: v128): v128 {
  const one = f32x4.splat(<f32>1.0);
  if (kind == TANH) return f32x4.sub(one, f32x4.mul(a, a));
  if (kind == RELU) return v128.and(one, f32x4.gt(z, f32x4.splat(<f32>0.0)));
  if (kind == LEAKY_RELU) return v128.bitselect(one, f32x4.splat(LEAKY_SLOPE), f32x4.gt(z, f32x4.splat(<f32>0.0)));
  if (kind == SIGMOID) return f32x4.mul(a, f32x4.sub(one, a));
  const density = f32x4.mul(exp4(clampExp(f32x4.mul(f32x4.mul(z, z), f32x4.splat(<f32>-0.5)))), f32x4.splat(<f32>0.3989422804014327));
  return f32x4.add(normalCdf4(z), f32x4.mul(z, density));
}

// ---- exported kernels ----

/** out[s, j] = b[j] + Σ_{k<K} inp[s·inStride + k] · wt[k·J4 + j] for s < n, j < J4 (J4 a multiple
 *  of 4). Four rows at a time share each load of wt, with eight independent sums in flight (an
 *  add waits for the previous one into the same sum, so fewer sums leave the adders idle); then
 *  two rows, then one. Each sum runs over k in order. */
export function dense(wt: usize, b: usize, inp: usize, inStride: i32, out: usize, n: i32, K: i32, J4: i32): void {
  const rowIn = <usize>inStride * 4;
  const rowOut = <usize>J4 * 4;
  const rowW = <usize>J4 * 4;
  let s = 0;
  for (; s + 3 < n; s += 4) {
    const xa = inp + <usize>s * rowIn;
    const xb = xa + rowIn;
    const xc = xb + rowIn;
    const xd = xc + rowIn;
    const oa = out + <usize>s * rowOut;
    let j = 0;
    for (; j + 8 <= J4; j += 8) {
      const jo = <usize>j * 4;
      let a0 = v128.load(b + jo);
      let a1 = v128.load(b + jo, 16);
      let b0 = a0;
      let b1 = a1;
      let c0 = a0;
      let c1 = a1;
      let d0 = a0;
      let d1 = a1;
      let w = wt + jo;
      for (let k = 0; k < K; k++) {
        const ko = <usize>k * 4;
        const w0 = v128.load(w);
        const w1 = v128.load(w, 16);
        let u = v128.load32_splat(xa + ko);
        a0 = f32x4.add(a0, f32x4.mul(w0, u));
        a1 = f32x4.add(a1, f32x4.mul(w1, u));
        u = v128.load32_splat(xb + ko);
        b0 = f32x4.add(b0, f32x4.mul(w0, u));
        b1 = f32x4.add(b1, f32x4.mul(w1, u));
        u = v128.load32_splat(xc + ko);
        c0 = f32x4.add(c0, f32x4.mul(w0, u));
        c1 = f32x4.add(c1, f32x4.mul(w1, u));
        u = v128.load32_splat(xd + ko);
        d0 = f32x4.add(d0, f32x4.mul(w0, u));
        d1 = f32x4.add(d1, f32x4.mul(w1, u));
        w += rowW;
      }
      let o = oa + jo;
      v128.store(o, a0);
      v128.store(o, a1, 16);
      o += rowOut;
      v128.store(o, b0);
      v128.store(o, b1, 16);
      o += rowOut;
      v128.store(o, c0);
      v128.store(o, c1, 16);
      o += rowOut;
      v128.store(o, d0);
      v128.store(o, d1, 16);
    }
    for (; j < J4; j += 4) {
      const jo = <usize>j * 4;
      let a0 = v128.load(b + jo);
      let b0 = a0;
      let c0 = a0;
      let d0 = a0;
      let w = wt + jo;
      for (let k = 0; k < K; k++) {
        const ko = <usize>k * 4;
        const w0 = v128.load(w);
        a0 = f32x4.add(a0, f32x4.mul(w0, v128.load32_splat(xa + ko)));
        b0 = f32x4.add(b0, f32x4.mul(w0, v128.load32_splat(xb + ko)));
        c0 = f32x4.add(c0, f32x4.mul(w0, v128.load32_splat(xc + ko)));
        d0 = f32x4.add(d0, f32x4.mul(w0, v128.load32_splat(xd + ko)));
        w += rowW;
      }
      const o = oa + jo;
      v128.store(o, a0);
      v128.store(o + rowOut, b0);
      v128.store(o + 2 * rowOut, c0);
      v128.store(o + 3 * rowOut, d0);
    }
  }
  for (; s + 1 < n; s += 2) {
    const xa = inp + <usize>s * rowIn;
    const xb = xa + rowIn;
    const oa = out + <usize>s * rowOut;
    const ob = oa + rowOut;
    let j = 0;
    for (; j + 8 <= J4; j += 8) {
      const jo = <usize>j * 4;
      let a0 = v128.load(b + jo);
      let a1 = v128.load(b + jo, 16);
      let c0 = a0;
      let c1 = a1;
      let w = wt + jo;
      for (let k = 0; k < K; k++) {
        const u = v128.load32_splat(xa + <usize>k * 4);
        const v = v128.load32_splat(xb + <usize>k * 4);
        const w0 = v128.load(w);
        const w1 = v128.load(w, 16);
        a0 = f32x4.add(a0, f32x4.mul(w0, u));
        a1 = f32x4.add(a1, f32x4.mul(w1, u));
        c0 = f32x4.add(c0, f32x4.mul(w0, v));
        c1 = f32x4.add(c1, f32x4.mul(w1, v));
        w += rowW;
      }
      v128.store(oa + jo, a0);
      v128.store(oa + jo, a1, 16);
      v128.store(ob + jo, c0);
      v128.store(ob + jo, c1, 16);
    }
    for (; j < J4; j += 4) {
      const jo = <usize>j * 4;
      let a0 = v128.load(b + jo);
      let c0 = a0;
      let w = wt + jo;
      for (let k = 0; k < K; k++) {
        const w0 = v128.load(w);
        a0 = f32x4.add(a0, f32x4.mul(w0, v128.load32_splat(xa + <usize>k * 4)));
        c0 = f32x4.add(c0, f32x4.mul(w0, v128.load32_splat(xb + <usize>k * 4)));
        w += rowW;
      }
      v128.store(oa + jo, a0);
      v128.store(ob + jo, c0);
    }
  }
  if (s < n) {
    const xa = inp + <usize>s * rowIn;
    const oa = out + <usize>s * rowOut;
    for (let j = 0; j < J4; j += 4) {
      const jo = <usize>j * 4;
      let a0 = v128.load(b + jo);
      let w = wt + jo;
      for (let k = 0; k < K; k++) {
        a0 = f32x4.add(a0, f32x4.mul(v128.load(w), v128.load32_splat(xa + <usize>k * 4)));
        w += rowW;
      }
      v128.store(oa + jo, a0);
    }
  }
}

/** Four vectors of a = f(z) from p on, written `shift` bytes on: four independent chains keep the
 *  arithmetic units busy (one chain at a time leaves them waiting on its latency). */
@inline function activateBlock(kind: i32, p: usize, shift: usize): void {
  const v0 = activate4(kind, v128.load(p));
  const v1 = activate4(kind, v128.load(p, 16));
  const v2 = activate4(kind, v128.load(p, 32));
  const v3 = activate4(kind, v128.load(p, 48));
  v128.store(p + shift, v0);
  v128.store(p + shift, v1, 16);
  v128.store(p + shift, v2, 32);
  v128.store(p + shift, v3, 48);
}

/** a = f(z) over m floats (m a multiple of 4). One loop per activation, each with its kind a
 *  constant: with the kind tested inside the loop V8's code runs ~1.7× slower. */
export function activate(kind: i32, z: usize, a: usize, m: i32): void {
  const bytes = <usize>m * 4;
  const shift = a - z;
  const blocks = z + (bytes & ~63);
  let p = z;
  if (kind == TANH) for (; p < blocks; p += 64) activateBlock(TANH, p, shift);
  else if (kind == RELU) for (; p < blocks; p += 64) activateBlock(RELU, p, shift);
  else if (kind == LEAKY_RELU) for (; p < blocks; p += 64) activateBlock(LEAKY_RELU, p, shift);
  else if (kind == SIGMOID) for (; p < blocks; p += 64) activateBlock(SIGMOID, p, shift);
  else for (; p < blocks; p += 64) activateBlock(GELU, p, shift);
  for (; p < z + bytes; p += 16) v128.store(p + shift, activate4(kind, v128.load(p)));
}

@inline function slopeLoop(kind: i32, d: usize, z: usize, a: usize, bytes: usize): void {
  for (let i: usize = 0; i < bytes; i += 16) {
    v128.store(d + i, f32x4.mul(v128.load(d + i), slope4(kind, v128.load(z + i), v128.load(a + i))));
  }
}

/** d *= f'(z) over m floats (m a multiple of 4), with a = f(z) from the forward pass. One loop
 *  per activation, each with its kind a constant (see activate). */
export function slopeInto(kind: i32, d: usize, z: usize, a: usize, m: i32): void {
  const bytes = <usize>m * 4;
  if (kind == TANH) slopeLoop(TANH, d, z, a, bytes);
  else if (kind == RELU) slopeLoop(RELU, d, z, a, bytes);
  else if (kind == LEAKY_RELU) slopeLoop(LEAKY_RELU, d, z, a, bytes);
  else if (kind == SIGMOID) slopeLoop(SIGMOID, d, z, a, bytes);
  else slopeLoop(GELU, d, z, a, bytes);
}

/** gwt[k·J4 + j] = Σ_s inp[s·inStride + k] · delta[s·J4 + j] and gb[j] = Σ_s delta[s·J4 + j], for
 *  k < K, j < J4 (overwritten). Blocks of up to four inputs × eight outputs per pass over the rows,
 *  eight sums in flight (fewer leave the adders waiting on the previous add into each sum); the
 *  bias sums ride along in the first pass of each group of outputs. Each sum runs over s in order
 *  from 0, whatever the blocking. */
export function weightGrad(gwt: usize, gb: usize, inp: usize, inStride: i32, delta: usize, n: i32, K: i32, J4: i32): void {
  const rowIn = <usize>inStride * 4;
  const rowD = <usize>J4 * 4;
  let j = 0;
  for (; j + 8 <= J4; j += 8) gradColumns(gwt, gb, inp, rowIn, delta, rowD, n, K, <usize>j * 4, 2);
  if (j < J4) gradColumns(gwt, gb, inp, rowIn, delta, rowD, n, K, <usize>j * 4, 1);
}

/** Every input's weight gradient for `vectors` vectors of outputs from byte jo (1 or 2), and their
 *  bias sums in the first pass. */
@inline function gradColumns(gwt: usize, gb: usize, inp: usize, rowIn: usize, delta: usize, rowD: usize, n: i32, K: i32, jo: usize, vectors: i32): void {
  let k = 0;
  if (K >= 4) {
    gradBlock(gwt, gb, inp, rowIn, delta, rowD, n, 0, jo, 4, vectors, true);
    k = 4;
  } else if (K >= 2) {
    gradBlock(gwt, gb, inp, rowIn, delta, rowD, n, 0, jo, 2, vectors, true);
    k = 2;
  } else {
    gradBlock(gwt, gb, inp, rowIn, delta, rowD, n, 0, jo, 1, vectors, true);
    k = 1;
  }
  for (; k + 3 < K; k += 4) gradBlock(gwt, gb, inp, rowIn, delta, rowD, n, k, jo, 4, vectors, false);
  for (; k + 1 < K; k += 2) gradBlock(gwt, gb, inp, rowIn, delta, rowD, n, k, jo, 2, vectors, false);
  if (k < K) gradBlock(gwt, gb, inp, rowIn, delta, rowD, n, k, jo, 1, vectors, false);
}

/** The weight gradient of `inputs` inputs from k (1, 2 or 4) × `vectors` vectors of outputs from
 *  byte jo (1 or 2), and with `bias` the bias sums of those outputs, in one pass over the rows.
 *  Called with constant shapes, so each call inlines to straight code. */
@inline function gradBlock(gwt: usize, gb: usize, inp: usize, rowIn: usize, delta: usize, rowD: usize, n: i32, k: i32, jo: usize, inputs: i32, vectors: i32, bias: bool): void {
  let a0 = f32x4.splat(0);
  let a1 = a0;
  let b0 = a0;
  let b1 = a0;
  let c0 = a0;
  let c1 = a0;
  let e0 = a0;
  let e1 = a0;
  let s0 = a0;
  let s1 = a0;
  let x = inp + <usize>k * 4;
  let d = delta + jo;
  for (let s = 0; s < n; s++) {
    const d0 = v128.load(d);
    const d1 = vectors > 1 ? v128.load(d, 16) : d0;
    if (bias) {
      s0 = f32x4.add(s0, d0);
      if (vectors > 1) s1 = f32x4.add(s1, d1);
    }
    let u = v128.load32_splat(x);
    a0 = f32x4.add(a0, f32x4.mul(d0, u));
    if (vectors > 1) a1 = f32x4.add(a1, f32x4.mul(d1, u));
    if (inputs > 1) {
      u = v128.load32_splat(x, 4);
      b0 = f32x4.add(b0, f32x4.mul(d0, u));
      if (vectors > 1) b1 = f32x4.add(b1, f32x4.mul(d1, u));
    }
    if (inputs > 2) {
      u = v128.load32_splat(x, 8);
      c0 = f32x4.add(c0, f32x4.mul(d0, u));
      if (vectors > 1) c1 = f32x4.add(c1, f32x4.mul(d1, u));
      u = v128.load32_splat(x, 12);
      e0 = f32x4.add(e0, f32x4.mul(d0, u));
      if (vectors > 1) e1 = f32x4.add(e1, f32x4.mul(d1, u));
    }
    x += rowIn;
    d += rowD;
  }
  const g = gwt + <usize>k * rowD + jo;
  v128.store(g, a0);
  if (vectors > 1) v128.store(g, a1, 16);
  if (inputs > 1) {
    v128.store(g + rowD, b0);
    if (vectors > 1) v128.store(g + rowD, b1, 16);
  }
  if (inputs > 2) {
    v128.store(g + 2 * rowD, c0);
    if (vectors > 1) v128.store(g + 2 * rowD, c1, 16);
    v128.store(g + 3 * rowD, e0);
    if (vectors > 1) v128.store(g + 3 * rowD, e1, 16);
  }
  if (bias) {
    v128.store(gb + jo, s0);
    if (vectors > 1) v128.store(gb + jo, s1, 16);
  }
}

// ---- a single output (binary and regression heads) ----
// With one output, SIMD across outputs would use one lane in four; these run across the inputs
// instead. The input rows must be whole vectors (a hidden layer's K4-float rows, zero weights on
// the padding), and w is the output-major row of K4 weights.

/** Σ_k x[k]·w[k] over row bytes, in four lanes: lane l sums k ≡ l (mod 4) in order. */
@inline function rowDot(x: usize, w: usize, row: usize): v128 {
  let acc = f32x4.splat(0);
  for (let k: usize = 0; k < row; k += 16) acc = f32x4.add(acc, f32x4.mul(v128.load(x + k), v128.load(w + k)));
  return acc;
}

/** out[s·outStride] = b + Σ_{k<K4} inp[s·K4 + k] · w[k], the four lanes of each row's dot product
 *  added to b in lane order. Four rows at a time are transposed so that those adds run across the
 *  rows, in vectors: the same sums in the same order as row by row. */
export function denseHead(w: usize, b: f32, inp: usize, out: usize, outStride: i32, n: i32, K4: i32): void {
  const row = <usize>K4 * 4;
  const step = <usize>outStride * 4;
  const bias = f32x4.splat(b);
  let s = 0;
  for (; s + 3 < n; s += 4) {
    const x = inp + <usize>s * row;
    // Each weight vector loaded once for the four rows.
    let r0 = f32x4.splat(0);
    let r1 = r0;
    let r2 = r0;
    let r3 = r0;
    for (let k: usize = 0; k < row; k += 16) {
      const wk = v128.load(w + k);
      const xk = x + k;
      r0 = f32x4.add(r0, f32x4.mul(v128.load(xk), wk));
      r1 = f32x4.add(r1, f32x4.mul(v128.load(xk + row), wk));
      r2 = f32x4.add(r2, f32x4.mul(v128.load(xk + 2 * row), wk));
      r3 = f32x4.add(r3, f32x4.mul(v128.load(xk + 3 * row), wk));
    }
    const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
    const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
    const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
    const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
    let sum = f32x4.add(bias, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
    sum = f32x4.add(sum, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
    sum = f32x4.add(sum, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
    sum = f32x4.add(sum, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    const o = out + <usize>s * step;
    if (outStride == 1) v128.store(o, sum);
    else {
      store<f32>(o, f32x4.extract_lane(sum, 0));
      store<f32>(o + step, f32x4.extract_lane(sum, 1));
      store<f32>(o + 2 * step, f32x4.extract_lane(sum, 2));
      store<f32>(o + 3 * step, f32x4.extract_lane(sum, 3));
    }
  }
  for (; s < n; s++) {
    const acc = rowDot(inp + <usize>s * row, w, row);
    store<f32>(out + <usize>s * step, b + f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  }
}

/** gw[k] = Σ_s inp[s·K4 + k] · delta[s·deltaStride] for k < K4; returns Σ_s delta. */
export function weightGradHead(gw: usize, inp: usize, delta: usize, deltaStride: i32, n: i32, K4: i32): f32 {
  const row = <usize>K4 * 4;
  const step = <usize>deltaStride * 4;
  let bias: f32 = 0;
  // Sixteen inputs at a time in four registers, one pass over the rows per block.
  for (let k: usize = 0; k < row; k += 64) {
    const width = row - k < 64 ? row - k : 64;
    let a0 = f32x4.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    let x = inp + k;
    let d = delta;
    for (let s = 0; s < n; s++) {
      const u = v128.load32_splat(d);
      a0 = f32x4.add(a0, f32x4.mul(v128.load(x), u));
      if (width > 16) a1 = f32x4.add(a1, f32x4.mul(v128.load(x, 16), u));
      if (width > 32) a2 = f32x4.add(a2, f32x4.mul(v128.load(x, 32), u));
      if (width > 48) a3 = f32x4.add(a3, f32x4.mul(v128.load(x, 48), u));
      x += row;
      d += step;
    }
    v128.store(gw + k, a0);
    if (width > 16) v128.store(gw + k, a1, 16);
    if (width > 32) v128.store(gw + k, a2, 32);
    if (width > 48) v128.store(gw + k, a3, 48);
  }
  let d = delta;
  for (let s = 0; s < n; s++) {
    bias += load<f32>(d);
    d += step;
  }
  return bias;
}

// ---- the loss of a float32 output: its value (landscape grids) and its gradient (training) ----
// Codes in the order of FUSED_LOSSES in fusedLoss.ts. Each element is computed in float32, as
// PyTorch does at its default dtype; the sum is kept in float64.

const LOSS_BCE_WITH_LOGITS = 0;
const LOSS_MSE = 1;
const LOSS_L1 = 2;
const LOSS_HUBER = 3;
const LOSS_SMOOTH_L1 = 4;
const LOSS_SOFT_MARGIN = 5;
const LOSS_SIGMOID_FOCAL = 6;
/** mse_loss on sigmoid probabilities (the sigmoid link fused in). */
const LOSS_MSE_ON_SIGMOID = 7;

// log1pUnit4's constants and the losses' (0.5, 0, the floors of s and of the exponent), splatted
// from memory like EXP_COEFFS.
const LOSS_COEFFS = memory.data<f32>([
  2.0,
  1.0 / 13.0,
  1.0 / 11.0,
  1.0 / 9.0,
  1.0 / 7.0,
  1.0 / 5.0,
  1.0 / 3.0,
  1.0,
  0.5,
  0.0,
  3.0517578125e-5,
  -80.0,
], 16);

@inline function lossCoeff(i: i32): v128 {
  return v128.load32_splat(LOSS_COEFFS + <usize>(4 * i));
}

/** log(1 + t) for t in [0, 1] as 2·atanh(s), s = t/(2 + t) ≤ 1/3, by its series to s¹³ (relative
 *  error < 2e-8 before float32 rounding). Works from t itself, so a tiny t keeps all its bits
 *  (1 + t would round them away). */
@inline function log1pUnit4(t: v128): v128 {
  const s = f32x4.div(t, f32x4.add(t, lossCoeff(0)));
  // Below 2⁻¹⁵, s² rounds the series to 1 anyway; the floor keeps u⁴ out of the subnormal range,
  // where x86 arithmetic takes a slow microcode path.
  const floored = f32x4.pmax(s, lossCoeff(10));
  const u = f32x4.mul(floored, floored);
  // 1 + u/3 + u²/5 + … + u⁶/13 by Estrin's scheme (short chains, as in exp4).
  const u2 = f32x4.mul(u, u);
  const low = f32x4.add(f32x4.add(lossCoeff(7), f32x4.mul(lossCoeff(6), u)), f32x4.mul(u2, f32x4.add(lossCoeff(5), f32x4.mul(lossCoeff(4), u))));
  const high = f32x4.add(f32x4.add(lossCoeff(3), f32x4.mul(lossCoeff(2), u)), f32x4.mul(u2, lossCoeff(1)));
  const p = f32x4.add(low, f32x4.mul(f32x4.mul(u2, u2), high));
  return f32x4.mul(f32x4.add(s, s), p);
}

/** e^(−|v|), its exponent stopped at −80 so that every intermediate stays a normal float
 *  (e^−80 ≈ 2e-35 is then the floor where PyTorch's float32 gives 0 or a subnormal). */
@inline function expNegAbs4(v: v128): v128 {
  return exp4(f32x4.pmax(f32x4.neg(f32x4.abs(v)), lossCoeff(11)));
}

/** σ(v) from e = e^(−|v|): 1/(1 + e) for v ≥ 0, e/(1 + e) below. */
@inline function sigmoidFrom4(v: v128, e: v128): v128 {
  const r = f32x4.div(lossCoeff(7), f32x4.add(lossCoeff(7), e));
  return v128.bitselect(f32x4.mul(e, r), r, f32x4.lt(v, lossCoeff(9)));
}

/** softplus(v) = max(v, 0) + log(1 + e^(−|v|)); a NaN v stays NaN. */
@inline function softplus4(v: v128, e: v128): v128 {
  return f32x4.add(f32x4.max(v, lossCoeff(9)), log1pUnit4(e));
}

/** sign(v): 1, −1, or 0 at 0 (and NaN), as torch.sign. */
@inline function sign4(v: v128): v128 {
  const one = lossCoeff(7);
  return f32x4.sub(v128.and(one, f32x4.gt(v, lossCoeff(9))), v128.and(one, f32x4.lt(v, lossCoeff(9))));
}

/** v^k for a small non-negative integer k, by k − 1 multiplications (1 for k = 0). */
@inline function powInt4(v: v128, k: i32): v128 {
  let r = lossCoeff(7);
  for (let i = 0; i < k; i++) r = f32x4.mul(r, v);
  return r;
}

/** Each lane's loss for output z and target y; with `slope`, its derivative in z times `scale`
 *  is stored at g. param is Huber's δ, smooth L1's β or the focal loss's α (no weighting when
 *  negative); power is the focal loss's γ. */
@inline function lossLanes4(kind: i32, z: v128, y: v128, param: f32, power: i32, slope: bool, g: usize, scale: v128): v128 {
  const one = lossCoeff(7);
  if (kind == LOSS_BCE_WITH_LOGITS) {
    // (1 − y)·z + max(−z, 0) + log(1 + e^(−|z|)); a NaN z stays NaN through the first term.
    const e = expNegAbs4(z);
    if (slope) v128.store(g, f32x4.mul(f32x4.sub(sigmoidFrom4(z, e), y), scale));
    const m = f32x4.max(f32x4.neg(z), lossCoeff(9));
    return f32x4.add(f32x4.add(f32x4.mul(f32x4.sub(one, y), z), m), log1pUnit4(e));
  }
  if (kind == LOSS_SOFT_MARGIN) {
    // softplus(−y·z); d/dz = −y·σ(−y·z).
    const m = f32x4.neg(f32x4.mul(y, z));
    const e = expNegAbs4(m);
    if (slope) v128.store(g, f32x4.mul(f32x4.neg(f32x4.mul(y, sigmoidFrom4(m, e))), scale));
    return softplus4(m, e);
  }
  if (kind == LOSS_SIGMOID_FOCAL) {
    // torchvision's graph: p = σ(z), ce = BCE-with-logits, p_t = p·y + (1 − p)(1 − y),
    // loss = α_t·ce·(1 − p_t)^γ, differentiated the way focalKernel (sigmoid_focal_loss.ts) does.
    const e = expNegAbs4(z);
    const p = sigmoidFrom4(z, e);
    const ce = f32x4.add(f32x4.add(f32x4.mul(f32x4.sub(one, y), z), f32x4.max(f32x4.neg(z), lossCoeff(9))), log1pUnit4(e));
    const notY = f32x4.sub(one, y);
    const pt = f32x4.add(f32x4.mul(p, y), f32x4.mul(f32x4.sub(one, p), notY));
    const q = f32x4.sub(one, pt);
    const below = powInt4(q, power > 0 ? power - 1 : 0);
    const modulator = power > 0 ? f32x4.mul(below, q) : one;
    const weighted = param >= 0;
    const alpha = f32x4.splat(param);
    const at = weighted ? f32x4.add(f32x4.mul(alpha, y), f32x4.mul(f32x4.sub(one, alpha), notY)) : one;
    if (slope) {
      const gU = f32x4.mul(scale, at);
      const gCe = f32x4.mul(gU, modulator);
      const gPt = power > 0 ? f32x4.neg(f32x4.mul(f32x4.mul(gU, ce), f32x4.mul(f32x4.splat(<f32>power), below))) : lossCoeff(9);
      const gP = f32x4.sub(f32x4.mul(gPt, y), f32x4.mul(gPt, notY));
      v128.store(g, f32x4.add(f32x4.mul(f32x4.mul(gP, f32x4.sub(one, p)), p), f32x4.mul(f32x4.sub(p, y), gCe)));
    }
    return f32x4.mul(at, f32x4.mul(ce, modulator));
  }
  if (kind == LOSS_MSE_ON_SIGMOID) {
    const p = sigmoidFrom4(z, expNegAbs4(z));
    const d = f32x4.sub(p, y);
    if (slope) v128.store(g, f32x4.mul(f32x4.mul(f32x4.add(d, d), scale), f32x4.mul(p, f32x4.sub(one, p))));
    return f32x4.mul(d, d);
  }
  const d = f32x4.sub(z, y);
  if (kind == LOSS_MSE) {
    if (slope) v128.store(g, f32x4.mul(f32x4.add(d, d), scale));
    return f32x4.mul(d, d);
  }
  const a = f32x4.abs(d);
  if (kind == LOSS_L1) {
    if (slope) v128.store(g, f32x4.mul(sign4(d), scale));
    return a;
  }
  const p = f32x4.splat(param);
  const half = lossCoeff(8);
  const quadratic = f32x4.lt(a, p);
  if (kind == LOSS_HUBER) {
    if (slope) v128.store(g, f32x4.mul(v128.bitselect(d, f32x4.mul(p, sign4(d)), quadratic), scale));
    return v128.bitselect(f32x4.mul(f32x4.mul(half, d), d), f32x4.mul(p, f32x4.sub(a, f32x4.mul(half, p))), quadratic);
  }
  // smooth_l1 with β = param > 0
  if (slope) v128.store(g, f32x4.mul(v128.bitselect(f32x4.div(d, p), sign4(d), quadratic), scale));
  return v128.bitselect(f32x4.div(f32x4.mul(f32x4.mul(half, d), d), p), f32x4.sub(a, f32x4.mul(half, p)), quadratic);
}

const SUMS = memory.data(32, 16);
const TAIL = memory.data(16, 16);

/** Σ of the losses of the n elements of z against y, each in float32, summed in float64 two
 *  vectors per pass (two lanes at a time); with `slope` the scaled derivatives go to g. */
@inline function sumLosses(kind: i32, z: usize, y: usize, g: usize, n: i32, param: f32, power: i32, slope: bool, scale: f32): f64 {
  const whole = <usize>(n & ~7) * 4;
  const s = f32x4.splat(scale);
  let lo = f64x2.splat(0);
  let hi = lo;
  for (let i: usize = 0; i < whole; i += 32) {
    const v = lossLanes4(kind, v128.load(z + i), v128.load(y + i), param, power, slope, g + i, s);
    const w = lossLanes4(kind, v128.load(z + i, 16), v128.load(y + i, 16), param, power, slope, g + i + 16, s);
    lo = f64x2.add(lo, f64x2.add(f64x2.promote_low_f32x4(v), f64x2.promote_low_f32x4(w)));
    hi = f64x2.add(hi, f64x2.add(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)), f64x2.promote_low_f32x4(v128.shuffle<f32>(w, w, 2, 3, 0, 1))));
  }
  v128.store(SUMS, lo);
  v128.store(SUMS, hi, 16);
  let sum = load<f64>(SUMS) + load<f64>(SUMS, 8) + load<f64>(SUMS, 16) + load<f64>(SUMS, 24);
  for (let i: usize = whole; i < <usize>n * 4; i += 4) {
    sum += <f64>f32x4.extract_lane(lossLanes4(kind, f32x4.splat(load<f32>(z + i)), f32x4.splat(load<f32>(y + i)), param, power, slope, TAIL, s), 0);
    if (slope) store<f32>(g + i, load<f32>(TAIL));
  }
  return sum;
}

/** One loop per loss, each with its kind a constant (see activate). */
@inline function lossLoop(kind: i32, z: usize, y: usize, g: usize, n: i32, param: f32, power: i32, slope: bool, scale: f32): f64 {
  if (kind == LOSS_BCE_WITH_LOGITS) return sumLosses(LOSS_BCE_WITH_LOGITS, z, y, g, n, param, power, slope, scale);
  if (kind == LOSS_MSE) return sumLosses(LOSS_MSE, z, y, g, n, param, power, slope, scale);
  if (kind == LOSS_L1) return sumLosses(LOSS_L1, z, y, g, n, param, power, slope, scale);
  if (kind == LOSS_HUBER) return sumLosses(LOSS_HUBER, z, y, g, n, param, power, slope, scale);
  if (kind == LOSS_SMOOTH_L1) return sumLosses(LOSS_SMOOTH_L1, z, y, g, n, param, power, slope, scale);
  if (kind == LOSS_SOFT_MARGIN) return sumLosses(LOSS_SOFT_MARGIN, z, y, g, n, param, power, slope, scale);
  if (kind == LOSS_SIGMOID_FOCAL) return sumLosses(LOSS_SIGMOID_FOCAL, z, y, g, n, param, power, slope, scale);
  return sumLosses(LOSS_MSE_ON_SIGMOID, z, y, g, n, param, power, slope, scale);
}

/** Σ_{i<n} loss(z[i], y[i]), each term in float32, summed in float64. */
export function lossSum(kind: i32, z: usize, y: usize, n: i32, param: f32, power: i32): f64 {
  return lossLoop(kind, z, y, 0, n, param, power, false, 0);
}

/** lossSum, and g[i] = scale · d loss(z[i], y[i]) / d z[i] in float32. */
export function lossGrad(kind: i32, z: usize, y: usize, g: usize, n: i32, param: f32, power: i32, scale: f32): f64 {
  return lossLoop(kind, z, y, g, n, param, power, true, scale);
}
