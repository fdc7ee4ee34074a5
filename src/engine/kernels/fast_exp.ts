/** exp() for the hot softmax loops. V8's Math.exp costs ~15 ns; this table-driven version
 *  (x = k·ln2/64 + r, |r| <= ln2/128, degree-5 polynomial) is ~4x faster and stays within
 *  about 4e-16 relative error. Outside [-708, 708] (and for NaN/±inf) it defers to Math.exp.
 *  A hot loop calls it through a module-level alias of the import (`const fastExp = fastExpImport`):
 *  a call through the import binding on every element is one V8 does not inline (under tsx's
 *  CommonJS transform, which the tests and benches run, it goes through an export getter). */

const SHIFTER = 6755399441055744; // 1.5·2^52: adding and subtracting it rounds to an integer
const SCALE = 64 * Math.LOG2E;
const LN2_HI_64 = 6.9314718036912381649e-1 / 64;
const LN2_LO_64 = 1.9082149292705877e-10 / 64;
const POW2_OFFSET = 1100;

const POW2_FRACTION = new Float64Array(64);
for (let j = 0; j < 64; j++) POW2_FRACTION[j] = Math.pow(2, j / 64);

const POW2_INTEGER = new Float64Array(2 * POW2_OFFSET);
for (let k = -POW2_OFFSET; k < POW2_OFFSET; k++) POW2_INTEGER[k + POW2_OFFSET] = Math.pow(2, k);

export function fastExp(x: number): number {
  if (!(x >= -708 && x <= 708)) return Math.exp(x);
  const k = x * SCALE + SHIFTER - SHIFTER;
  const r = x - k * LN2_HI_64 - k * LN2_LO_64;
  const ki = k | 0;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return p * POW2_FRACTION[ki & 63]! * POW2_INTEGER[(ki >> 6) + POW2_OFFSET]!;
}

/** e^x for x ≤ 0 (or NaN), as the softmax rows need after subtracting the row maximum: no branch;
 *  below −708 it returns e^−708 ≈ 3e-308 instead of a subnormal or 0, which no sum or product of
 *  softmax terms can tell apart. */
export function expNonPositive(x: number): number {
  const y = x < -708 ? -708 : x;
  const k = y * SCALE + SHIFTER - SHIFTER;
  const r = y - k * LN2_HI_64 - k * LN2_LO_64;
  const ki = k | 0;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return p * POW2_FRACTION[ki & 63]! * POW2_INTEGER[(ki >> 6) + POW2_OFFSET]!;
}
