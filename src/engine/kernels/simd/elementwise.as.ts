// AssemblyScript, compiled to WebAssembly with SIMD by scripts/wasm.mjs (not seen by tsc).
// Elementwise losses on two float64 lanes (DPO's sigmoid loss, log-cosh, Cauchy), over blocks the caller copies into this memory
// (elementwise_simd.ts): the same arithmetic as their JavaScript loops, with the exponential of
// vector_exp.as.ts. The caller owns the memory layout and passes byte addresses; nothing allocates.

import { expNonPositive2 } from './vector_exp.as';

// Per j = 0..128: F = 1 + j/128, 1/F and log(F), as fast_log1p.ts computes them in JavaScript
// (V8's Math.log1p), so that both give the same log1p.
const LOG1P_TABLE = memory.data<f64>([
  1.0, 1.0, 0.0,
  1.0078125, 0.9922480620155039, 0.007782140442054949,
  1.015625, 0.9846153846153847, 0.015504186535965254,
  1.0234375, 0.9770992366412213, 0.02316705928153438,
  1.03125, 0.9696969696969697, 0.030771658666753687,
  1.0390625, 0.9624060150375939, 0.0383188643021366,
  1.046875, 0.9552238805970149, 0.0458095360312942,
  1.0546875, 0.9481481481481482, 0.053244514518812285,
  1.0625, 0.9411764705882353, 0.06062462181643484,
  1.0703125, 0.9343065693430657, 0.06795066190850775,
  1.078125, 0.927536231884058, 0.07522342123758753,
  1.0859375, 0.920863309352518, 0.08244366921107459,
  1.09375, 0.9142857142857143, 0.08961215868968714,
  1.1015625, 0.9078014184397163, 0.09672962645855111,
  1.109375, 0.9014084507042254, 0.10379679368164356,
  1.1171875, 0.8951048951048951, 0.11081436634029011,
  1.125, 0.8888888888888888, 0.11778303565638346,
  1.1328125, 0.8827586206896552, 0.12470347850095724,
  1.140625, 0.8767123287671232, 0.13157635778871926,
  1.1484375, 0.8707482993197279, 0.13840232285911913,
  1.15625, 0.8648648648648649, 0.1451820098444979,
  1.1640625, 0.8590604026845637, 0.15191604202584197,
  1.171875, 0.8533333333333334, 0.15860503017663857,
  1.1796875, 0.847682119205298, 0.16524957289530717,
  1.1875, 0.8421052631578947, 0.17185025692665923,
  1.1953125, 0.8366013071895425, 0.17840765747281828,
  1.203125, 0.8311688311688312, 0.184922338494012,
  1.2109375, 0.8258064516129032, 0.19139485299962947,
  1.21875, 0.8205128205128205, 0.19782574332991987,
  1.2265625, 0.8152866242038217, 0.2042155414286909,
  1.234375, 0.810126582278481, 0.21056476910734964,
  1.2421875, 0.8050314465408805, 0.21687393830061436,
  1.25, 0.8, 0.22314355131420976,
  1.2578125, 0.7950310559006211, 0.22937410106484582,
  1.265625, 0.7901234567901234, 0.2355660713127669,
  1.2734375, 0.7852760736196319, 0.24171993688714516,
  1.28125, 0.7804878048780488, 0.24783616390458124,
  1.2890625, 0.7757575757575758, 0.25391520998096345,
  1.296875, 0.7710843373493976, 0.25995752443692605,
  1.3046875, 0.7664670658682635, 0.26596354849713794,
  1.3125, 0.7619047619047619, 0.27193371548364176,
  1.3203125, 0.757396449704142, 0.2778684510034563,
  1.328125, 0.7529411764705882, 0.2837681731306446,
  1.3359375, 0.7485380116959064, 0.28963329258304266,
  1.34375, 0.7441860465116279, 0.2954642128938359,
  1.3515625, 0.7398843930635838, 0.3012613305781618,
  1.359375, 0.735632183908046, 0.3070250352949119,
  1.3671875, 0.7314285714285714, 0.3127557100038969,
  1.375, 0.7272727272727273, 0.3184537311185346,
  1.3828125, 0.7231638418079096, 0.324119468654212,
  1.390625, 0.7191011235955056, 0.329753286372468,
  1.3984375, 0.7150837988826816, 0.3353555419211378,
  1.40625, 0.7111111111111111, 0.3409265869705932,
  1.4140625, 0.7071823204419889, 0.34646676734620857,
  1.421875, 0.7032967032967034, 0.3519764231571782,
  1.4296875, 0.6994535519125683, 0.3574558889218038,
  1.4375, 0.6956521739130435, 0.3629054936893685,
  1.4453125, 0.6918918918918919, 0.3683255611587076,
  1.453125, 0.6881720430107527, 0.37371640979358406,
  1.4609375, 0.6844919786096256, 0.37907835293496944,
  1.46875, 0.6808510638297872, 0.38441169891033206,
  1.4765625, 0.6772486772486772, 0.38971675114002524,
  1.484375, 0.6736842105263158, 0.394993808240869,
  1.4921875, 0.6701570680628273, 0.4002431641270127,
  1.5, 0.6666666666666666, 0.4054651081081644,
  1.5078125, 0.6632124352331606, 0.4106599249852684,
  1.515625, 0.6597938144329897, 0.415827895143711,
  1.5234375, 0.6564102564102564, 0.42096929464412963,
  1.53125, 0.6530612244897959, 0.42608439531090003,
  1.5390625, 0.649746192893401, 0.4311734648183713,
  1.546875, 0.6464646464646465, 0.43623676677491807,
  1.5546875, 0.6432160804020101, 0.44127456080487526,
  1.5625, 0.64, 0.44628710262841953,
  1.5703125, 0.6368159203980099, 0.4512746441394586,
  1.578125, 0.6336633663366337, 0.45623743348158763,
  1.5859375, 0.6305418719211823, 0.46117571512217015,
  1.59375, 0.6274509803921569, 0.46608972992459924,
  1.6015625, 0.624390243902439, 0.470979715218791,
  1.609375, 0.6213592233009708, 0.4758459048699639,
  1.6171875, 0.6183574879227053, 0.4806885293457519,
  1.625, 0.6153846153846154, 0.48550781578170077,
  1.6328125, 0.6124401913875598, 0.4903039880451938,
  1.640625, 0.6095238095238096, 0.4950772667978515,
  1.6484375, 0.6066350710900474, 0.4998278695564493,
  1.65625, 0.6037735849056604, 0.5045560107523953,
  1.6640625, 0.6009389671361502, 0.5092619017898079,
  1.671875, 0.5981308411214953, 0.5139457511022343,
  1.6796875, 0.5953488372093023, 0.5186077642080457,
  1.6875, 0.5925925925925926, 0.5232481437645479,
  1.6953125, 0.5898617511520737, 0.5278670896208424,
  1.703125, 0.5871559633027523, 0.5324647988694718,
  1.7109375, 0.5844748858447488, 0.5370414658968836,
  1.71875, 0.5818181818181818, 0.5415972824327444,
  1.7265625, 0.579185520361991, 0.5461324375981357,
  1.734375, 0.5765765765765766, 0.5506471179526623,
  1.7421875, 0.5739910313901345, 0.5551415075405016,
  1.75, 0.5714285714285714, 0.5596157879354227,
  1.7578125, 0.5688888888888889, 0.564070138284803,
  1.765625, 0.5663716814159292, 0.5685047353526687,
  1.7734375, 0.5638766519823789, 0.5729197535617855,
  1.78125, 0.5614035087719298, 0.5773153650348236,
  1.7890625, 0.5589519650655022, 0.5816917396346225,
  1.796875, 0.5565217391304348, 0.5860490450035782,
  1.8046875, 0.5541125541125541, 0.5903874466021763,
  1.8125, 0.5517241379310345, 0.5947071077466928,
  1.8203125, 0.5493562231759657, 0.5990081896460834,
  1.828125, 0.5470085470085471, 0.6032908514380843,
  1.8359375, 0.5446808510638298, 0.6075552502245418,
  1.84375, 0.5423728813559322, 0.6118015411059929,
  1.8515625, 0.540084388185654, 0.616029877215514,
  1.859375, 0.5378151260504201, 0.6202404097518576,
  1.8671875, 0.5355648535564853, 0.6244332880118935,
  1.875, 0.5333333333333333, 0.6286086594223741,
  1.8828125, 0.5311203319502075, 0.6327666695710379,
  1.890625, 0.5289256198347108, 0.6369074622370692,
  1.8984375, 0.5267489711934157, 0.6410311794209312,
  1.90625, 0.5245901639344263, 0.6451379613735847,
  1.9140625, 0.5224489795918368, 0.6492279466251099,
  1.921875, 0.5203252032520326, 0.6533012720127457,
  1.9296875, 0.5182186234817814, 0.65735807270836,
  1.9375, 0.5161290322580645, 0.661398482245365,
  1.9453125, 0.5140562248995983, 0.6654226325450905,
  1.953125, 0.512, 0.6694306539426292,
  1.9609375, 0.5099601593625498, 0.6734226752121667,
  1.96875, 0.5079365079365079, 0.6773988235918061,
  1.9765625, 0.5059288537549407, 0.6813592248079031,
  1.984375, 0.5039370078740157, 0.6853040030989194,
  1.9921875, 0.5019607843137255, 0.689233281238809,
  2.0, 0.5, 0.6931471805599453,
]);

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
    const r = f64x2.sub(last ? v128.load64_splat(x + o) : v128.load(x + o), last ? v128.load64_splat(y + o) : v128.load(y + o));
    const h = f64x2.mul(f64x2.mul(f64x2.mul(half, r), r), kv);
    const v = log1pAny2(h);
    const g = f64x2.mul(f64x2.div(f64x2.mul(r, kv), f64x2.add(h, one)), s);
    if (last) {
      sum = f64x2.add(sum, f64x2.replace_lane(v, 1, 0.0));
      if (keep) store<f64>(values + o, f64x2.extract_lane(v, 0));
      if (grad) {
        store<f64>(gx + o, f64x2.extract_lane(g, 0));
        store<f64>(gy + o, -f64x2.extract_lane(g, 0));
      }
      break;
    }
    sum = f64x2.add(sum, v);
    if (keep) v128.store(values + o, v);
    if (grad) {
      v128.store(gx + o, g);
      v128.store(gy + o, f64x2.neg(g));
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
  // A last odd element goes through the lanes too, both lanes reading it: only lane 0 is kept.
  for (let o: usize = 0; o < bytes; o += 16) {
    const last = o + 8 == bytes;
    const c = last ? v128.load64_splat(chosen + o) : v128.load(chosen + o);
    const r = last ? v128.load64_splat(rejected + o) : v128.load(rejected + o);
    let z: v128;
    if (ref) {
      const rc = last ? v128.load64_splat(refChosen + o) : v128.load(refChosen + o);
      const rr = last ? v128.load64_splat(refRejected + o) : v128.load(refRejected + o);
      z = f64x2.sub(f64x2.sub(c, rc), f64x2.sub(r, rr));
    } else z = f64x2.sub(c, r);
    const u = f64x2.mul(b, z);
    const e = expNonPositive2(f64x2.neg(f64x2.abs(u)));
    const softplusNeg = f64x2.add(f64x2.pmax(f64x2.neg(u), zero), log1pUnit2(e));
    const sigmoidNeg = f64x2.div(v128.bitselect(e, one, f64x2.gt(u, zero)), f64x2.add(one, e));
    const d = f64x2.mul(b, f64x2.sub(eps, sigmoidNeg));
    const v = ls == 0 ? softplusNeg : f64x2.add(f64x2.mul(rest, softplusNeg), f64x2.mul(eps, f64x2.add(softplusNeg, u)));
    const g = f64x2.mul(d, s);
    if (last) {
      sum = f64x2.add(sum, f64x2.replace_lane(v, 1, 0.0));
      if (keep) store<f64>(values + o, f64x2.extract_lane(v, 0));
      if (grad) {
        store<f64>(gChosen + o, f64x2.extract_lane(g, 0));
        store<f64>(gRejected + o, -f64x2.extract_lane(g, 0));
      }
      break;
    }
    sum = f64x2.add(sum, v);
    if (keep) v128.store(values + o, v);
    if (grad) {
      v128.store(gChosen + o, g);
      v128.store(gRejected + o, f64x2.neg(g));
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
    const xv = last ? v128.load64_splat(x + o) : v128.load(x + o);
    const yv = last ? v128.load64_splat(y + o) : v128.load(y + o);
    const d = f64x2.sub(xv, yv);
    const a = f64x2.abs(d);
    const w = f64x2.mul(f64x2.splat(-2.0), a);
    const e = expNonPositive2(w);
    const v = f64x2.sub(f64x2.add(a, log1pUnit2(e)), log2);
    // tanh|d| = (1 − e)/(1 + e), with 1 − e from the series where it would lose digits
    const oneMinusE = v128.bitselect(f64x2.neg(expm1Small2(w)), f64x2.sub(one, e), f64x2.lt(a, small));
    const t = f64x2.div(oneMinusE, f64x2.add(one, e));
    const g = f64x2.mul(v128.bitselect(f64x2.neg(t), t, f64x2.lt(d, zero)), s);
    if (last) {
      sum = f64x2.add(sum, f64x2.replace_lane(v, 1, 0.0));
      if (keep) store<f64>(values + o, f64x2.extract_lane(v, 0));
      if (gradX) store<f64>(gx + o, f64x2.extract_lane(g, 0));
      if (gradY) store<f64>(gy + o, -f64x2.extract_lane(g, 0));
      break;
    }
    sum = f64x2.add(sum, v);
    if (keep) v128.store(values + o, v);
    if (gradX) v128.store(gx + o, g);
    if (gradY) v128.store(gy + o, f64x2.neg(g));
  }
  return f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
}

export function heapBase(): usize {
  return __heap_base;
}
