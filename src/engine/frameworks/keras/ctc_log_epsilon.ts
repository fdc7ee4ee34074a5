/** The value of the CTC recursion that Keras' jax backend (ported from optax) runs, where log(0)
 *  is replaced by log_epsilon = −1e5: for a label sequence no alignment can produce, the loss is
 *  about 1e5 per forbidden step instead of infinity. Used only for such sequences; feasible ones
 *  agree with the exact recursion to rounding. */
const LOG_EPSILON = -1e5;

/** jnp.logaddexp. */
function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  const d = a - b;
  if (Number.isNaN(d)) return a + b;
  return m + Math.log1p(Math.exp(-Math.abs(d)));
}

export interface CtcRow {
  offset: number;
  stride: number;
  inputLength: number;
  labels: readonly number[];
  blank: number;
}

/** −log p(labels) for one sequence of log-probabilities lp[offset + t·stride + c]. */
export function optaxStyleCtc(lp: Float64Array, seq: CtcRow): number {
  const labels = seq.labels;
  const n = labels.length;
  const repeat = labels.map((v, i) => (i + 1 < n && v === labels[i + 1] ? 1 : 0));
  let phi = new Float64Array(n + 1).fill(LOG_EPSILON);
  phi[0] = 0;
  let emit = new Float64Array(n).fill(LOG_EPSILON);
  for (let t = 0; t < seq.inputLength; t++) {
    const row = seq.offset + t * seq.stride;
    const blank = lp[row + seq.blank]!;
    const prevPhi = Float64Array.from(phi);
    for (let i = 0; i < n; i++) prevPhi[i + 1] = logAddExp(phi[i + 1]!, emit[i]! + LOG_EPSILON * repeat[i]!);
    const nextEmit = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const e = lp[row + labels[i]!]!;
      nextEmit[i] = logAddExp(prevPhi[i]! + e, emit[i]! + e);
    }
    const nextPhi = prevPhi.map((v) => v + blank);
    for (let i = 0; i < n; i++) nextPhi[i + 1] = logAddExp(nextPhi[i + 1]!, emit[i]! + blank + LOG_EPSILON * (1 - repeat[i]!));
    phi = nextPhi;
    emit = nextEmit;
  }
  const last = n === 0 ? phi[0]! : logAddExp(phi[n]!, emit[n - 1]!);
  return -last;
}
