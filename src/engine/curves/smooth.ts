/** TensorBoard's scalar smoothing: an exponential moving average debiased like Adam's moments, so
 *  the first points are not pulled towards zero. Non-finite values pass through unchanged and do
 *  not enter the average. */
export const DEFAULT_SMOOTHING = 0.6;

export function smooth(values: ArrayLike<number>, weight = DEFAULT_SMOOTHING): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  const out = new Array<number>(values.length);
  let last = 0;
  let finiteCount = 0;
  // Once weight^n is below half an ulp of 1 the debias factor is exactly 1 for good: skipping
  // Math.pow from there on gives the same numbers several times faster (redraws smooth every curve).
  let debiased = weight === 0;
  for (let i = 0; i < values.length; i++) {
    const y = values[i]!;
    if (!Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    last = last * weight + (1 - weight) * y;
    finiteCount++;
    if (debiased) {
      out[i] = last;
      continue;
    }
    const debias = 1 - Math.pow(weight, finiteCount);
    debiased = debias === 1;
    out[i] = last / debias;
  }
  return out;
}
