/** optax.losses.ctc_loss: optax's own CTC recursion (phi = "after n labels, blank allowed",
 *  emit = "emitting label n"), with log(0) replaced by log_epsilon and padded frames carried
 *  over, run literally so that infeasible alignments give optax's finite values; the gradient is
 *  the adjoint of that recursion. */
import { LossError } from '../../errors';
import { Tensor, formatShape } from '../../tensor';
import type { LossResult } from '../../catalog/types';
import { arg, defineFrameworkLoss, option } from '../define';
import type { FrameworkLoss } from '../types';
import { requireShapesEqual } from './arrays';

/** logaddexp(a, b) and its two partial derivatives (JAX's). */
function lae(a: number, b: number): readonly [number, number, number] {
  const m = Math.max(a, b);
  const out = Number.isNaN(a - b) ? a + b : m + Math.log1p(Math.exp(-Math.abs(a - b)));
  return [out, Math.exp(a - out), Math.exp(b - out)];
}

interface Sequence {
  lp: Float64Array; // (T, K) log-softmax
  pad: Float64Array; // (T,)
  labels: Float64Array; // (N,)
  labelLength: number;
  blank: number;
  eps: number;
  K: number;
}

function run(seq: Sequence, grad: Float64Array | null): number {
  const { lp, pad, labels, blank, eps, K } = seq;
  const T = pad.length;
  const N = labels.length;
  const rep = new Float64Array(N);
  for (let n = 0; n + 1 < N; n++) rep[n] = labels[n] === labels[n + 1] ? 1 : 0;
  const emitLp = (t: number, n: number): number => {
    const c = labels[n]!;
    return c >= 0 && c < K && Number.isInteger(c) ? lp[t * K + c]! : 0;
  };
  // States before frame t: phi[t·(N+1) + n], emit[t·N + n], for t = 0..T.
  const phi = new Float64Array((T + 1) * (N + 1)).fill(eps);
  const emit = new Float64Array((T + 1) * N).fill(eps);
  phi[0] = 0;
  const phi1 = new Float64Array(N + 1);
  for (let t = 0; t < T; t++) {
    const P = t * (N + 1);
    const E = t * N;
    const Q = (t + 1) * (N + 1);
    const F = (t + 1) * N;
    const f = lp[t * K + blank]!;
    const p = pad[t]!;
    phi1[0] = phi[P]!;
    for (let n = 0; n < N; n++) phi1[n + 1] = lae(phi[P + n + 1]!, emit[E + n]! + eps * rep[n]!)[0];
    for (let n = 0; n < N; n++) {
      const e = emitLp(t, n);
      const ne = lae(phi1[n]! + e, emit[E + n]! + e)[0];
      emit[F + n] = p * emit[E + n]! + (1 - p) * ne;
    }
    phi[Q] = p * phi[P]! + (1 - p) * (phi1[0]! + f);
    for (let n = 0; n < N; n++) {
      const np = lae(phi1[n + 1]! + f, emit[E + n]! + f + eps * (1 - rep[n]!))[0];
      phi[Q + n + 1] = p * phi[P + n + 1]! + (1 - p) * np;
    }
  }
  const L = seq.labelLength;
  const P = T * (N + 1);
  const E = T * N;
  const last = (n: number): number => (n === 0 ? phi[P]! : lae(phi[P + n]!, emit[E + n - 1]!)[0]);
  const loss = L >= 0 && L <= N ? -last(L) : -0;
  if (!grad || L < 0 || L > N) return loss;

  let gPhi = new Float64Array(N + 1);
  let gEmit = new Float64Array(N);
  if (L === 0) gPhi[0] = -1;
  else {
    const [, wa, wb] = lae(phi[P + L]!, emit[E + L - 1]!);
    gPhi[L] = -wa;
    gEmit[L - 1] = -wb;
  }
  const gPhi1 = new Float64Array(N + 1);
  for (let t = T - 1; t >= 0; t--) {
    const Pt = t * (N + 1);
    const Et = t * N;
    const f = lp[t * K + blank]!;
    const p = pad[t]!;
    const gPrevPhi = new Float64Array(N + 1);
    const gPrevEmit = new Float64Array(N);
    for (let n = 0; n <= N; n++) gPrevPhi[n]! += p * gPhi[n]!;
    for (let n = 0; n < N; n++) gPrevEmit[n]! += p * gEmit[n]!;
    phi1[0] = phi[Pt]!;
    for (let n = 0; n < N; n++) phi1[n + 1] = lae(phi[Pt + n + 1]!, emit[Et + n]! + eps * rep[n]!)[0];
    gPhi1.fill(0);
    let gF = 0;
    // next_phi
    gPhi1[0]! += (1 - p) * gPhi[0]!;
    gF += (1 - p) * gPhi[0]!;
    for (let n = 0; n < N; n++) {
      const g = (1 - p) * gPhi[n + 1]!;
      if (g === 0) continue;
      const [, ua, ub] = lae(phi1[n + 1]! + f, emit[Et + n]! + f + eps * (1 - rep[n]!));
      gPhi1[n + 1]! += g * ua;
      gF += g * ua + g * ub;
      gPrevEmit[n]! += g * ub;
    }
    // next_emit
    for (let n = 0; n < N; n++) {
      const g = (1 - p) * gEmit[n]!;
      if (g === 0) continue;
      const e = emitLp(t, n);
      const [, va, vb] = lae(phi1[n]! + e, emit[Et + n]! + e);
      gPhi1[n]! += g * va;
      gPrevEmit[n]! += g * vb;
      const c = labels[n]!;
      if (c >= 0 && c < K && Number.isInteger(c)) grad[t * K + c]! += g * (va + vb);
    }
    grad[t * K + blank]! += gF;
    // phi1 from the previous states
    gPrevPhi[0]! += gPhi1[0]!;
    for (let n = 0; n < N; n++) {
      const g = gPhi1[n + 1]!;
      if (g === 0) continue;
      const [, za, zb] = lae(phi[Pt + n + 1]!, emit[Et + n]! + eps * rep[n]!);
      gPrevPhi[n + 1]! += g * za;
      gPrevEmit[n]! += g * zb;
    }
    gPhi = gPrevPhi;
    gEmit = gPrevEmit;
  }
  return loss;
}

const NAME = 'optax.losses.ctc_loss';

export const OPTAX_CTC: FrameworkLoss = defineFrameworkLoss({
  name: NAME, framework: 'jax', kind: 'functional', lossId: 'ctc_loss',
  args: [
    arg('logits', true, 'Unnormalised scores (B, T, K); log_softmax is applied inside.'),
    arg('logit_paddings', false, 'Frame paddings (B, T), 1.0 = padded.'),
    arg('labels', false, 'Label ids (B, N).'),
    arg('label_paddings', false, 'Label paddings (B, N), 1.0 = padded.'),
  ],
  options: [
    option('blank_id', 'integer', 0, 'The class id of the blank.'),
    option('log_epsilon', 'number', -1e5, 'The number standing for log(0).'),
  ],
  differences: "Takes logits (B, T, K) batch-first with padding masks instead of PyTorch's log_probs (T, N, C) and lengths; returns the per-sequence loss (no reduction, not divided by target length); log(0) is replaced by log_epsilon = −1e5, so an impossible alignment costs about 1e5 instead of inf.",
  run(args, o, wantGrad): LossResult {
    const logits = args['logits']!;
    const lpad = args['logit_paddings']!;
    const labels = args['labels']!;
    const ypad = args['label_paddings']!;
    if (logits.ndim !== 3) throw new LossError(NAME, 'logits', `expected rank 3, got shape ${formatShape(logits.shape)}`);
    if (labels.ndim !== 2) throw new LossError(NAME, 'labels', `expected rank 2, got shape ${formatShape(labels.shape)}`);
    requireShapesEqual(NAME, labels, ypad);
    const [B, T, K] = logits.shape as [number, number, number];
    if (lpad.ndim !== 2 || lpad.shape[0] !== B || lpad.shape[1] !== T) {
      throw new LossError(NAME, 'logit_paddings', `Shape mismatch: got ${formatShape([B, T])} and ${formatShape(lpad.shape)}`);
    }
    if (labels.shape[0] !== B) throw new LossError(NAME, 'labels', `Expected labels to have batch size ${B}, got ${labels.shape[0]}.`);
    if (T === 0) throw new LossError(NAME, 'logits', 'needs at least one frame');
    const blank = o.number('blank_id');
    if (!Number.isInteger(blank) || blank < 0 || blank >= K) throw new LossError(NAME, 'blank_id', `must be a class id in [0, ${K})`);
    const eps = o.number('log_epsilon');
    const N = labels.shape[1]!;
    const value = new Float64Array(B);
    const grad = wantGrad ? new Float64Array(logits.size) : null;
    for (let b = 0; b < B; b++) {
      const x = logits.data.subarray(b * T * K, (b + 1) * T * K);
      const lp = new Float64Array(T * K);
      const p = new Float64Array(T * K);
      for (let t = 0; t < T; t++) {
        let m = -Infinity;
        for (let k = 0; k < K; k++) m = Math.max(m, x[t * K + k]!);
        let s = 0;
        for (let k = 0; k < K; k++) s += Math.exp(x[t * K + k]! - m);
        for (let k = 0; k < K; k++) {
          lp[t * K + k] = x[t * K + k]! - m - Math.log(s);
          p[t * K + k] = Math.exp(x[t * K + k]! - m) / s;
        }
      }
      let padSum = 0;
      for (let n = 0; n < N; n++) padSum += ypad.data[b * N + n]!;
      const seq: Sequence = {
        lp, K, blank, eps,
        pad: lpad.data.subarray(b * T, (b + 1) * T),
        labels: labels.data.subarray(b * N, (b + 1) * N),
        labelLength: N - Math.trunc(padSum),
      };
      const gLp = grad ? new Float64Array(T * K) : null;
      value[b] = run(seq, gLp);
      if (grad && gLp) {
        for (let t = 0; t < T; t++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += gLp[t * K + k]!;
          for (let k = 0; k < K; k++) grad[b * T * K + t * K + k] = gLp[t * K + k]! - p[t * K + k]! * s;
        }
      }
    }
    return { value: new Tensor([B], value), grad: grad ? { logits: new Tensor(logits.shape, grad) } : {} };
  },
});
