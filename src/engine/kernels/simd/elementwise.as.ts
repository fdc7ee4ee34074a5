// AssemblyScript, compiled to WebAssembly with SIMD by scripts/wasm.mjs (not seen by tsc).
// Elementwise losses on two float64 lanes (DPO's sigmoid loss, log-cosh, Cauchy), over blocks the
// caller copies into this memory (elementwise_simd.ts); an odd count's last element runs in both
// lanes and only lane 0 is kept: the same arithmetic as their JavaScript loops, with the exponential of
// vector_exp.as.ts. The caller owns the memory layout and passes byte addresses; nothing allocates.

import { expNonPositive2 } from './vector_exp.as';

// Per j = 0..128: F = 1 + j/128, 1/F and log(F), written by elementwise_simd.ts from
// fast_log1p.ts's own tables when it instantiates this kernel, so that both give the same log1p.
const LOG1P_TABLE = memory.data(129 * 24, 16);

export function log1pTable(): usize {
  return LOG1P_TABLE;
}

/** Two lanes from p: the pair at p, or (the last element of an odd count) the element at p twice. */
@inline function loadPair(p: usize, last: bool): v128 {
  return last ? v128.load64_splat(p) : v128.load(p);
}

/** Stores v's two lanes at p, or only lane 0 for the last element of an odd count. */
@inline function storePair(p: usize, v: v128, last: bool): void {
  if (last) store<f64>(p, f64x2.extract_lane(v, 0));
  else v128.store(p, v);
}

/** The running sum plus v's lanes (lane 0 alone for the last element of an odd count). */
@inline function addPair(sum: v128, v: v128, last: bool): v128 {
  return f64x2.add(sum, last ? f64x2.replace_lane(v, 1, 0.0) : v);
}

/** log(1 + y) for y in [0, 1] (or NaN), two at a time: fast_log1p.ts's log1pUnit, the same
 *  operations in the same order, so the same result bit for bit. */
@inline function log1pUnit2(y: v128): v128 {
  const one = f64x2.splat(1.0);
  const m = f64x2.add(one, y);
  const jm = f64x2.sub(m, one);
  const j = i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(jm, f64x2.splat(128.0)));
  const a0 = LOG1P_TABLE + <usize>i32x4.extract_lane(j, 0) * 24;
  const a1 = LOG1P_TABLE + <usize>i32x4.extract_lane(j, 1) * 24;
  const f = f64x2.replace_lane(f64x2.splat(load<f64>(a0)), 1, load<f64>(a1));
  const inv = f64x2.replace_lane(f64x2.splat(load<f64>(a0, 8)), 1, load<f64>(a1, 8));
  const logF = f64x2.replace_lane(f64x2.splat(load<f64>(a0, 16)), 1, load<f64>(a1, 16));
  const r = f64x2.mul(f64x2.sub(m, f), inv);
  const lost = f64x2.mul(f64x2.sub(y, jm), inv);
  let p = f64x2.splat(-1.0 / 8.0);
  p = f64x2.add(f64x2.splat(1.0 / 7.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(-1.0 / 6.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 5.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(-1.0 / 4.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0 / 3.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(-1.0 / 2.0), f64x2.mul(r, p));
  p = f64x2.add(one, f64x2.mul(r, p));
  p = f64x2.mul(r, p);
  return f64x2.add(logF, f64x2.add(p, lost));
}

const MANTISSA = i64x2.splat(0x000fffffffffffff);
const EXPONENT_OF_ONE = i64x2.splat(0x3ff0000000000000);
const TWO_52_BITS = i64x2.splat(0x4330000000000000);
// ln 2 split so that e·LN2_HI is exact for the |e| ≤ 1024 used here (fdlibm's split).
const LN2_HI = f64x2.splat(6.93147180369123816490e-1);
const LN2_LO = f64x2.splat(1.90821492927058770002e-10);

/** log(1 + h) for any h ≥ 0 (or NaN, +∞), two at a time: log1pUnit2 on [0, 1]; above, with
 *  m = 1 + h = 2^e·f (f in [1, 2), taken from m's bits), e·ln2 + log(f), log f by log1pUnit2 of
 *  f − 1 (exact), plus what rounding 1 + h lost, relative to m. NaN and +∞ give themselves. */
@inline function log1pAny2(h: v128): v128 {
  const one = f64x2.splat(1.0);
  const m = f64x2.add(one, h);
  const lost = f64x2.div(f64x2.sub(h, f64x2.sub(m, one)), m);
  // m's biased exponent as a double: its bits under those of 2^52, then 2^52 + 1023 taken off.
  const e = f64x2.sub(v128.or(i64x2.shr_u(m, 52), TWO_52_BITS), f64x2.splat(4503599627371519.0));
  const f = v128.or(v128.and(m, MANTISSA), EXPONENT_OF_ONE);
  const large = f64x2.add(f64x2.mul(e, LN2_HI), f64x2.add(f64x2.add(f64x2.mul(e, LN2_LO), log1pUnit2(f64x2.sub(f, one))), lost));
  // Both paths run on every lane: the [0, 1] one on h capped at 1, so that its table index stays in range.
  const result = v128.bitselect(log1pUnit2(f64x2.pmin(h, one)), large, f64x2.le(h, one));
  // NaN (h ≠ h) and +∞ are their own log1p.
  return v128.bitselect(result, h, v128.and(f64x2.eq(h, h), f64x2.ne(h, f64x2.splat(Infinity))));
}

/** The Cauchy loss over n elements (robust.ts's cauchyLoss): r = x − y, h = ½r²·k (k = 1/c²), the
 *  loss log(1 + h) into `values` (with `keep`) and (r·k)/(h + 1) times `scale` into gx and,
 *  negated, gy (with `grad`). Returns the losses' sum. */
export function cauchy(x: usize, y: usize, n: i32, k: f64, values: usize, gx: usize, gy: usize, scale: f64, keep: bool, grad: bool): f64 {
  const kv = f64x2.splat(k);
  const half = f64x2.splat(0.5);
  const one = f64x2.splat(1.0);
  const s = f64x2.splat(scale);
  let sum = f64x2.splat(0.0);
  const bytes = <usize>n << 3;
  for (let o: usize = 0; o < bytes; o += 16) {
    const last = o + 8 == bytes;
    const r = f64x2.sub(loadPair(x + o, last), loadPair(y + o, last));
    const h = f64x2.mul(f64x2.mul(f64x2.mul(half, r), r), kv);
    const v = log1pAny2(h);
    const g = f64x2.mul(f64x2.div(f64x2.mul(r, kv), f64x2.add(h, one)), s);
    sum = addPair(sum, v, last);
    if (keep) storePair(values + o, v, last);
    if (grad) {
      storePair(gx + o, g, last);
      storePair(gy + o, f64x2.neg(g), last);
    }
  }
  return f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
}

/** DPO's sigmoid loss over n pairs (preference.ts's sigmoidMarginLoss): z = (chosen − refChosen)
 *  − (rejected − refRejected) (without `ref`, chosen − rejected), u = βz, the loss
 *  (1 − ε)·softplus(−u) + ε·softplus(u) into `values` (with `keep`) and its z-derivative times
 *  `scale` into gChosen and, negated, gRejected (with `grad`). Returns the losses' sum. */
export function dpoSigmoid(
  chosen: usize, rejected: usize, refChosen: usize, refRejected: usize, n: i32, beta: f64, ls: f64,
  values: usize, gChosen: usize, gRejected: usize, scale: f64, ref: bool, keep: bool, grad: bool,
): f64 {
  const b = f64x2.splat(beta);
  const eps = f64x2.splat(ls);
  const rest = f64x2.splat(1.0 - ls);
  const zero = f64x2.splat(0.0);
  const one = f64x2.splat(1.0);
  const half = f64x2.splat(0.5);
  const s = f64x2.splat(scale);
  let sum = zero;
  const bytes = <usize>n << 3;
  for (let o: usize = 0; o < bytes; o += 16) {
    const last = o + 8 == bytes;
    const c = loadPair(chosen + o, last);
    const r = loadPair(rejected + o, last);
    const z = ref ? f64x2.sub(f64x2.sub(c, loadPair(refChosen + o, last)), f64x2.sub(r, loadPair(refRejected + o, last))) : f64x2.sub(c, r);
    const u = f64x2.mul(b, z);
    const e = expNonPositive2(f64x2.neg(f64x2.abs(u)));
    const softplusNeg = f64x2.add(f64x2.pmax(f64x2.neg(u), zero), log1pUnit2(e));
    const sigmoidNeg = f64x2.div(v128.bitselect(e, one, f64x2.gt(u, zero)), f64x2.add(one, e));
    const d = f64x2.mul(b, f64x2.sub(eps, sigmoidNeg));
    const v = ls == 0 ? softplusNeg : f64x2.add(f64x2.mul(rest, softplusNeg), f64x2.mul(eps, f64x2.add(softplusNeg, u)));
    const g = f64x2.mul(d, s);
    sum = addPair(sum, v, last);
    if (keep) storePair(values + o, v, last);
    if (grad) {
      storePair(gChosen + o, g, last);
      storePair(gRejected + o, f64x2.neg(g), last);
    }
  }
  return f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
}

// 1/k! for k = 13 down to 2: expm1's series.
const EXPM1_SERIES = memory.data<f64>([
  1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
  1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5,
]);

/** e^w − 1 for w in [−0.2, 0] by its series to w¹³ (truncation below 1e-20 relative): where
 *  1 − e^w would lose digits. */
@inline function expm1Small2(w: v128): v128 {
  let p = v128.load64_splat(EXPM1_SERIES);
  for (let k = 1; k < 12; k++) p = f64x2.add(v128.load64_splat(EXPM1_SERIES + <usize>k * 8), f64x2.mul(w, p));
  return f64x2.mul(w, f64x2.add(f64x2.splat(1.0), f64x2.mul(w, p)));
}

/** The log-cosh loss over n elements (log_cosh_loss.ts): d = x − y, the loss
 *  |d| + log1p(e^−2|d|) − log 2 into `values` (with `keep`) and tanh(d) times `scale` into gx
 *  (with `gradX`) and, negated, gy (with `gradY`). Returns the losses' sum. */
export function logCosh(x: usize, y: usize, n: i32, values: usize, gx: usize, gy: usize, scale: f64, keep: bool, gradX: bool, gradY: bool): f64 {
  const zero = f64x2.splat(0.0);
  const one = f64x2.splat(1.0);
  const log2 = f64x2.splat(0.6931471805599453);
  const small = f64x2.splat(0.1);
  const s = f64x2.splat(scale);
  let sum = zero;
  const bytes = <usize>n << 3;
  for (let o: usize = 0; o < bytes; o += 16) {
    const last = o + 8 == bytes;
    const d = f64x2.sub(loadPair(x + o, last), loadPair(y + o, last));
    const a = f64x2.abs(d);
    const w = f64x2.mul(f64x2.splat(-2.0), a);
    const e = expNonPositive2(w);
    const v = f64x2.sub(f64x2.add(a, log1pUnit2(e)), log2);
    // tanh|d| = (1 − e)/(1 + e), with 1 − e from the series where it would lose digits
    const oneMinusE = v128.bitselect(f64x2.neg(expm1Small2(w)), f64x2.sub(one, e), f64x2.lt(a, small));
    const t = f64x2.div(oneMinusE, f64x2.add(one, e));
    const g = f64x2.mul(v128.bitselect(f64x2.neg(t), t, f64x2.lt(d, zero)), s);
    sum = addPair(sum, v, last);
    if (keep) storePair(values + o, v, last);
    if (gradX) storePair(gx + o, g, last);
    if (gradY) storePair(gy + o, f64x2.neg(g), last);
  }
  return f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
}

export function heapBase(): usize {
  return __heap_base;
}
