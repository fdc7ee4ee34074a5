/** Plain-words explanations of what a curve anomaly usually means. */
import type { CurveSplit } from './anomalies';

export function explainSpike(fromValue: number, peak: number, step: number): string {
  const factor = Math.abs(fromValue) > 0 ? ` (${(peak / fromValue).toFixed(1)}× the local level)` : '';
  return (
    `Sudden spike at step ${step}: ${fmt(fromValue)} → ${fmt(peak)}${factor}. Likely causes: learning rate too high ` +
    `for this stage of training (try a lower rate, warmup or gradient clipping), a bad batch (mislabelled or ` +
    `corrupted examples, an extreme outlier), or a change in the data or preprocessing (a new shard, a ` +
    `normalisation bug).`
  );
}

export function explainDivergence(fromValue: number, toValue: number, fromStep: number, toStep: number, split: CurveSplit): string {
  const base =
    `Steady rise from ${fmt(fromValue)} at step ${fromStep} to ${fmt(toValue)} at step ${toStep}: `;
  if (split === 'val') {
    return (
      base +
      `validation loss going up while training continues usually means overfitting (stop earlier, add ` +
      `regularisation or data); if the training loss rises too, the optimisation is diverging.`
    );
  }
  return (
    base +
    `the optimisation is diverging. Likely causes: learning rate too high or increased by the schedule, ` +
    `exploding gradients (try gradient clipping), momentum/Adam state blowing up, or a loss that is unbounded ` +
    `below on this data (e.g. a likelihood whose variance can collapse).`
  );
}

export function explainNonFinite(kind: 'nan' | 'inf' | '-inf', step: number, count: number): string {
  const what = kind === 'nan' ? 'NaN' : kind === 'inf' ? '+inf' : '-inf';
  const run = count > 1 ? ` (${count} points in a row)` : '';
  const causes =
    kind === 'nan'
      ? `Likely causes: an overflow earlier in the step (inf − inf, 0 × inf), log of zero or of a negative ` +
        `number, 0/0 in a normalisation, or NaN in the data. Usually preceded by a rising loss or a spike: lower ` +
        `the learning rate, clip gradients, use the with-logits form of cross-entropy/BCE instead of log(softmax) ` +
        `or log(sigmoid), add an epsilon inside log/sqrt/division, and check the inputs for NaN.`
      : `Likely causes: overflow (activations or gradients exploding, float16 range exceeded) or log of zero ` +
        `(a probability of exactly 0 or 1 fed to BCE/NLL — use the with-logits losses or clamp probabilities).`;
  return `${what} at step ${step}${run}. ${causes}`;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : Number(v.toPrecision(4)).toString();
}
