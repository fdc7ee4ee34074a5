/** The sparsemax map (Euclidean projection onto the probability simplex). */

/** Projection of `v` onto the unit simplex, computed as optax's projection_simplex does (sort,
 *  cumulative sums, support size), so that values agree to the last bit. */
export function sparsemaxProjection(v: Float64Array): Float64Array {
  const n = v.length;
  const u = Float64Array.from(v).sort().reverse();
  const cumsum = new Float64Array(n);
  let c = 0;
  for (let i = 0; i < n; i++) cumsum[i] = c += u[i]!;
  let idx = 0;
  for (let i = 0; i < n; i++) if (1 / (i + 1) + (u[i]! - cumsum[i]! / (i + 1)) > 0) idx++;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.max(0, 1 / idx + (v[i]! - cumsum[idx - 1]! / idx));
  return out;
}

