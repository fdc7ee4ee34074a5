// AssemblyScript, compiled to WebAssembly with SIMD by scripts/wasm.mjs (not seen by tsc).
// The two passes of softmax_cross_entropy.ts's fused rows over a block of contiguous rows of C
// float64 logits, in place: the caller copies the block in, reads the row sums, and copies the
// gradient out. The caller owns the memory layout and passes byte addresses; nothing allocates.

// 2^(j/128) for j = 0..127, each correctly rounded (computed to 60 digits, then rounded once).
const EXP2_TABLE = memory.data<f64>([
  1.0, 1.0054299011128027, 1.0108892860517005, 1.016378314910953,
  1.0218971486541166, 1.0274459491187637, 1.0330248790212284, 1.0386341019613787,
  1.0442737824274138, 1.0499440858006872, 1.0556451783605572, 1.061377227289262,
  1.0671404006768237, 1.0729348675259756, 1.0787607977571199, 1.0846183622133092,
  1.0905077326652577, 1.0964290818163769, 1.102382583307841, 1.1083684117236787,
  1.1143867425958924, 1.1204377524096067, 1.1265216186082418, 1.1326385195987192,
  1.1387886347566916, 1.1449721444318042, 1.1511892299529827, 1.1574400736337511,
  1.1637248587775775, 1.1700437696832502, 1.1763969916502812, 1.182784710984341,
  1.189207115002721, 1.1956643920398273, 1.202156731452703, 1.2086843236265816,
  1.215247359980469, 1.2218460329727576, 1.22848053610687, 1.2351510639369334,
  1.241857812073484, 1.2486009771892048, 1.255380757024691, 1.2621973503942507,
  1.2690509571917332, 1.275941778396392, 1.2828700160787783, 1.2898358734066657,
  1.2968395546510096, 1.3038812651919358, 1.3109612115247644, 1.318079601266064,
  1.3252366431597413, 1.3324325470831615, 1.339667524053303, 1.3469417862329458,
  1.3542555469368927, 1.3616090206382248, 1.3690024229745905, 1.3764359707545302,
  1.383909881963832, 1.3914243757719262, 1.3989796725383112, 1.4065759938190154,
  1.4142135623730951, 1.4218926021691656, 1.42961333839197, 1.4373759974489824,
  1.4451808069770467, 1.4530279958490526, 1.460917794180647, 1.4688504333369818,
  1.4768261459394993, 1.4848451658727524, 1.4929077282912648, 1.5010140696264256,
  1.5091644275934228, 1.5173590411982147, 1.5255981507445384, 1.533881997840956,
  1.5422108254079407, 1.550584877685, 1.559004400237837, 1.567469639965553,
  1.5759808451078865, 1.5845382652524937, 1.593142151342267, 1.6017927556826934,
  1.6104903319492543, 1.6192351351948637, 1.6280274218573478, 1.6368674497669644,
  1.645755478153965, 1.6546917676561943, 1.6636765803267364, 1.6727101796415966,
  1.681792830507429, 1.6909247992693053, 1.7001063537185235, 1.709337763100463,
  1.718619298122478, 1.7279512309618377, 1.7373338352737062, 1.746767386199169,
  1.7562521603732995, 1.7657884359332727, 1.7753764925265212, 1.785016611318935,
  1.7947090750031072, 1.804454167806624, 1.8142521755003989, 1.8241033854070534,
  1.8340080864093424, 1.843966568958626, 1.8539791250833855, 1.864046048397789,
  1.8741676341103, 1.8843441790323345, 1.8945759815869656, 1.9048633418176741,
  1.9152065613971474, 1.925605943636125, 1.9360617934922943, 1.9465744175792332,
  1.9571441241754002, 1.9677712232331759, 1.978456026387951, 1.9891988469672663,
]);
const STEPS_PER_LN2 = f64x2.splat(184.6649652337873); // 128 / ln 2
// ln2/128 split so that k·LN2_STEP_HI is exact for the |k| ≤ 128·1022 used here (32 significant bits).
const LN2_STEP_HI = f64x2.splat(0.00541521234663378);
const LN2_STEP_LO = f64x2.splat(1.4907929134926466e-12);
// 1.5·2^52: adding it rounds to an integer held in the low bits of the sum.
const SHIFTER = f64x2.splat(6755399441055744.0);
const SHIFTER_BITS = i64x2.splat(0x4338000000000000);
const FLOOR = f64x2.splat(-708.0);

/** e^y for y ≤ 0 (or NaN), two at a time: y = (k/128)·ln2 + r with |r| ≤ ln2/256, so e^y =
 *  2^(k>>7) · 2^((k&127)/128) · e^r, the middle factor from a table and e^r − 1 by its Taylor series
 *  to r⁵ (truncation below 4e-19 relative), the table entry scaled by 2^(k>>7) through its exponent
 *  bits. Below −708 it gives e^−708 (like expNonPositive), so the result stays a normal number. */
@inline function expNonPositive2(x: v128): v128 {
  const y = f64x2.max(x, FLOOR);
  const t = f64x2.add(f64x2.mul(y, STEPS_PER_LN2), SHIFTER);
  const k = f64x2.sub(t, SHIFTER);
  const r = f64x2.sub(f64x2.sub(y, f64x2.mul(k, LN2_STEP_HI)), f64x2.mul(k, LN2_STEP_LO));
  let q = f64x2.add(f64x2.mul(r, f64x2.splat(1.0 / 120.0)), f64x2.splat(1.0 / 24.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 6.0));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(0.5));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0));
  q = f64x2.mul(q, r);
  const ki = i64x2.sub(t, SHIFTER_BITS);
  const j0 = <usize>(<i32>i64x2.extract_lane(ki, 0) & 127) << 3;
  const j1 = <usize>(<i32>i64x2.extract_lane(ki, 1) & 127) << 3;
  const table = f64x2.replace_lane(f64x2.splat(load<f64>(EXP2_TABLE + j0)), 1, load<f64>(EXP2_TABLE + j1));
  // k >> 7 into the exponent: the table entries lie in [1, 2), so the result stays normal.
  const s = i64x2.add(table, i64x2.shl(i64x2.shr_s(ki, 7), 52));
  return f64x2.add(s, f64x2.mul(s, q));
}

/** Each of `rows` rows of C values at `x` becomes exp(v − max of its row); `stats` gets, per row,
 *  the max, Σ exp(v − max) and Σ (v − max). The max skips NaN (a NaN still makes the sums NaN). */
export function softmaxRows(x: usize, stats: usize, rows: i32, C: i32): void {
  const pairs = <usize>(C >> 1) << 4;
  const odd = (C & 1) != 0;
  const rowBytes = <usize>C << 3;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    let m2 = f64x2.splat(-Infinity);
    for (let o: usize = 0; o < pairs; o += 16) m2 = f64x2.pmax(m2, v128.load(row + o));
    const a = f64x2.extract_lane(m2, 0);
    const b = f64x2.extract_lane(m2, 1);
    let m = a < b ? b : a;
    if (odd) {
      const last = load<f64>(row + pairs);
      m = m < last ? last : m;
    }
    const mm = f64x2.splat(m);
    let sumE = f64x2.splat(0);
    let sumZ = f64x2.splat(0);
    for (let o: usize = 0; o < pairs; o += 16) {
      const z = f64x2.sub(v128.load(row + o), mm);
      const e = expNonPositive2(z);
      v128.store(row + o, e);
      sumE = f64x2.add(sumE, e);
      sumZ = f64x2.add(sumZ, z);
    }
    let se = f64x2.extract_lane(sumE, 0) + f64x2.extract_lane(sumE, 1);
    let sz = f64x2.extract_lane(sumZ, 0) + f64x2.extract_lane(sumZ, 1);
    if (odd) {
      const z = load<f64>(row + pairs) - m;
      const e = f64x2.extract_lane(expNonPositive2(f64x2.splat(z)), 0);
      store<f64>(row + pairs, e);
      se += e;
      sz += z;
    }
    const s = stats + <usize>r * 24;
    store<f64>(s, m);
    store<f64>(s, se, 8);
    store<f64>(s, sz, 16);
  }
}

/** Each row r of C values at `x` becomes b_r − v·f_r, with (f_r, b_r) at `factors` + 16·r. */
export function scaleRows(x: usize, factors: usize, rows: i32, C: i32): void {
  const pairs = <usize>(C >> 1) << 4;
  const odd = (C & 1) != 0;
  const rowBytes = <usize>C << 3;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    const f = load<f64>(factors + (<usize>r << 4));
    const b = load<f64>(factors + (<usize>r << 4), 8);
    const f2 = f64x2.splat(f);
    const b2 = f64x2.splat(b);
    for (let o: usize = 0; o < pairs; o += 16) v128.store(row + o, f64x2.sub(b2, f64x2.mul(v128.load(row + o), f2)));
    if (odd) store<f64>(row + pairs, b - load<f64>(row + pairs) * f);
  }
}

export function heapBase(): usize {
  return __heap_base;
}
