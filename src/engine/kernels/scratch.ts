/** Work arrays that a loss's compute reuses from call to call for temporaries that never leave it
 *  (an N×N similarity matrix, a transpose). Fresh memory is paid page by page when first written
 *  — on a loaded VM more than the arithmetic that fills it — so a temporary allocated per call can
 *  cost more than the product it holds. A scratch array is the caller's only until its next
 *  scratch() call of the same name: never return one, or a view of it, in a LossResult. */
const pool = new Map<string, Float64Array>();

/** Arrays above this many elements (256 MB) are not kept between calls. */
const KEEP_AT_MOST = 2 ** 25;

/** `length` elements of the work array named `name`; the contents are left over from earlier calls. */
export function scratch(name: string, length: number): Float64Array {
  const kept = pool.get(name);
  if (kept && kept.length >= length) return kept.subarray(0, length);
  const fresh = new Float64Array(length);
  if (length <= KEEP_AT_MOST) pool.set(name, fresh);
  return fresh;
}
