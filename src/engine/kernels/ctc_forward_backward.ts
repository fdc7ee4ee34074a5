/** The CTC alpha–beta recursions in log space for one sequence, as ATen's CPU kernel runs them
 *  (Graves et al. 2006, eqs. 6–16), and the log_probs gradient ATen returns. */

/** One sequence: its log-probabilities are lp[t·stride + c] for t < inputLength. */
export interface CtcSequence {
  lp: Float64Array;
  offset: number;
  /** Distance between consecutive time steps in `lp`. */
  stride: number;
  inputLength: number;
  /** The target labels (without blanks). */
  labels: readonly number[];
  blank: number;
}

/** log(e^a + e^b + e^c) as ATen writes it: shift by the largest finite term. */
function logSumExp3(a: number, b: number, c: number): number {
  let m = Math.max(a, b, c);
  if (m === -Infinity) m = 0;
  return Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m)) + m;
}

/** The label at position s of the extended target l' = (blank, l₁, blank, l₂, …, blank). */
function extended(seq: CtcSequence, s: number): number {
  return s % 2 === 0 ? seq.blank : seq.labels[(s - 1) / 2]!;
}

/** Log forward variables alpha[t·S + s] (S = 2L + 1) and the negative log-likelihood. */
export function ctcForward(seq: CtcSequence): { alpha: Float64Array; nll: number } {
  const L = seq.labels.length;
  const S = 2 * L + 1;
  const T = seq.inputLength;
  const alpha = new Float64Array(T * S).fill(-Infinity);
  if (T === 0) return { alpha, nll: L === 0 ? 0 : Infinity };
  const at = (t: number, c: number) => seq.lp[seq.offset + t * seq.stride + c]!;
  alpha[0] = at(0, seq.blank);
  if (L > 0) alpha[1] = at(0, extended(seq, 1));
  for (let t = 1; t < T; t++) {
    const prev = (t - 1) * S;
    for (let s = 0; s < S; s++) {
      const label = extended(seq, s);
      const a1 = alpha[prev + s]!;
      const a2 = s > 0 ? alpha[prev + s - 1]! : -Infinity;
      const a3 = s > 1 && extended(seq, s - 2) !== label ? alpha[prev + s - 2]! : -Infinity;
      alpha[t * S + s] = logSumExp3(a1, a2, a3) + at(t, label);
    }
  }
  const last = (T - 1) * S;
  if (L === 0) return { alpha, nll: -alpha[last]! };
  const l1 = alpha[last + 2 * L]!;
  const l2 = alpha[last + 2 * L - 1]!;
  let m = Math.max(l1, l2);
  if (m === -Infinity) m = 0;
  return { alpha, nll: -(Math.log(Math.exp(l1 - m) + Math.exp(l2 - m)) + m) };
}

/** Adds ATen's gradient of `g`·nll with respect to the sequence's log-probabilities into
 *  out[t·stride + c] (same layout as `lp`): (exp(lp) − exp(log Σ_{s: l'_s = c} αβ + nll − lp))·g.
 *  This is the gradient with respect to the logits of a log_softmax, not the gradient of the
 *  function of log_probs (which lacks the exp(lp) term). */
export function ctcBackward(seq: CtcSequence, alpha: Float64Array, nll: number, g: number, numLabels: number, out: Float64Array): void {
  const L = seq.labels.length;
  const S = 2 * L + 1;
  const T = seq.inputLength;
  if (T === 0) return;
  const at = (t: number, c: number) => seq.lp[seq.offset + t * seq.stride + c]!;
  const beta = new Float64Array(T * S).fill(-Infinity);
  // log Σ αβ per (t, c), collected over the positions s of the extended target carrying label c.
  const collected = new Float64Array(T * numLabels).fill(-Infinity);
  const last = (T - 1) * S;
  beta[last + 2 * L] = at(T - 1, seq.blank);
  collected[(T - 1) * numLabels + seq.blank] = alpha[last + 2 * L]! + beta[last + 2 * L]!;
  if (L > 0) {
    const label = extended(seq, 2 * L - 1);
    beta[last + 2 * L - 1] = at(T - 1, label);
    collected[(T - 1) * numLabels + label] = alpha[last + 2 * L - 1]! + beta[last + 2 * L - 1]!;
  }
  for (let t = T - 2; t >= 0; t--) {
    const next = (t + 1) * S;
    for (let s = S - 1; s >= 0; s--) {
      const label = extended(seq, s);
      const b1 = beta[next + s]!;
      const b2 = s < 2 * L ? beta[next + s + 1]! : -Infinity;
      const b3 = s < 2 * L - 1 && extended(seq, s + 2) !== label ? beta[next + s + 2]! : -Infinity;
      const b = logSumExp3(b1, b2, b3) + at(t, label);
      beta[t * S + s] = b;
      const ab = alpha[t * S + s]! + b;
      const k = t * numLabels + label;
      const cur = collected[k]!;
      if (cur === -Infinity) collected[k] = ab;
      else {
        const m = Math.max(cur, ab);
        collected[k] = Math.log(Math.exp(cur - m) + Math.exp(ab - m)) + m;
      }
    }
  }
  for (let t = 0; t < T; t++) {
    for (let c = 0; c < numLabels; c++) {
      const lp = at(t, c);
      out[seq.offset + t * seq.stride + c]! += (Math.exp(lp) - Math.exp(collected[t * numLabels + c]! + nll - lp)) * g;
    }
  }
}
