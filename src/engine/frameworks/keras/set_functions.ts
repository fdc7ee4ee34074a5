/** Keras' losses over whole sets of elements: dice and tversky (sums over `axis`), circle (pairs
 *  of a batch of embeddings) and ctc (sequences). */
import { LossError } from '../../errors';
import type { TensorArgs } from '../../catalog/types';
import { Tensor, numel } from '../../tensor';
import { softplus, sigmoid } from '../../losses/common';
import { ctcBackward, ctcForward } from '../../kernels/ctc_forward_backward';
import { EPS, maxGrad, num, bool, type KerasOutput, type KwArgs } from './function_kit';
import { broadcastPair, readAxes, reduceAxes, scatterAdd } from './shapes';
import { optaxStyleCtc } from './ctc_log_epsilon';

/** Σ over `axis` of t·p, and of the three Tversky counts, on the broadcast shape. */
function overlapSums(loss: string, yTrue: Tensor, yPred: Tensor, kw: KwArgs) {
  const bc = broadcastPair(loss, 'multiply', yTrue.shape, yPred.shape);
  const r = reduceAxes(bc.shape, readAxes(loss, kw['axis'] as number | null, bc.shape.length, null));
  const m = numel(r.outShape);
  const t = Float64Array.from(bc.ia, (i) => yTrue.data[i]!);
  const p = Float64Array.from(bc.ib, (i) => yPred.data[i]!);
  return { bc, r, m, t, p };
}

export function dice(yTrue: Tensor, yPred: Tensor, kw: KwArgs): KerasOutput {
  const loss = 'keras.losses.dice';
  const { bc, r, m, t, p } = overlapSums(loss, yTrue, yPred, kw);
  const inter = scatterAdd(t.map((v, i) => v * p[i]!), r.outIndex, m);
  // Σ y_true and Σ y_pred run over each tensor's own shape before they are added.
  const rt = reduceAxes(yTrue.shape, readAxes(loss, kw['axis'] as number | null, yTrue.ndim, null));
  const rp = reduceAxes(yPred.shape, readAxes(loss, kw['axis'] as number | null, yPred.ndim, null));
  const st = scatterAdd(yTrue.data, rt.outIndex, numel(rt.outShape));
  const sp = scatterAdd(yPred.data, rp.outIndex, numel(rp.outShape));
  const i2 = broadcastPair(loss, 'add', rt.outShape, rp.outShape);
  const den = broadcastPair(loss, 'divide', r.outShape, i2.shape);
  const denom = Float64Array.from(i2.ia, (a, k) => st[a]! + sp[i2.ib[k]!]! + EPS);
  const values = Float64Array.from(den.ia, (a, k) => 1 - (2 * inter[a]!) / denom[den.ib[k]!]!);
  return {
    value: new Tensor(den.shape, values),
    backward(up) {
      const gInter = scatterAdd(Float64Array.from(den.ia, (_a, k) => (-2 * up[k]!) / denom[den.ib[k]!]!), den.ia, m);
      const gDen = scatterAdd(Float64Array.from(den.ia, (a, k) => (2 * inter[a]! * up[k]!) / denom[den.ib[k]!]! ** 2), den.ib, denom.length);
      const gSp = scatterAdd(gDen, i2.ib, sp.length);
      const g = scatterAdd(Float64Array.from(t, (v, i) => v * gInter[r.outIndex[i]!]!), bc.ib, yPred.size);
      for (let i = 0; i < yPred.size; i++) g[i]! += gSp[rp.outIndex[i]!]!;
      return g;
    },
  };
}

export function tversky(yTrue: Tensor, yPred: Tensor, kw: KwArgs): KerasOutput {
  const loss = 'keras.losses.tversky';
  const alpha = num(loss, kw, 'alpha');
  const beta = num(loss, kw, 'beta');
  const { bc, r, m, t, p } = overlapSums(loss, yTrue, yPred, kw);
  const tp = scatterAdd(t.map((v, i) => v * p[i]!), r.outIndex, m);
  const fn = scatterAdd(t.map((v, i) => (1 - p[i]!) * v), r.outIndex, m);
  const fp = scatterAdd(t.map((v, i) => p[i]! * (1 - v)), r.outIndex, m);
  const den = tp.map((v, k) => v + fn[k]! * alpha + fp[k]! * beta + EPS);
  return {
    value: new Tensor(r.outShape, tp.map((v, k) => 1 - v / den[k]!)),
    backward(up) {
      const g = Float64Array.from(t, (v, i) => {
        const k = r.outIndex[i]!;
        const d2 = den[k]! * den[k]!;
        const dTp = -(den[k]! - tp[k]!) / d2;
        const dFn = (tp[k]! * alpha) / d2;
        const dFp = (tp[k]! * beta) / d2;
        return up[k]! * (dTp * v - dFn * v + dFp * (1 - v));
      });
      return scatterAdd(g, bc.ib, yPred.size);
    },
  };
}

function logSumExpRow(values: Float64Array, keep: Uint8Array, from: number, n: number): number {
  let mx = -Infinity;
  for (let j = 0; j < n; j++) if (keep[from + j]) mx = Math.max(mx, values[from + j]!);
  const shift = Number.isFinite(mx) ? mx : 0;
  let s = 0;
  for (let j = 0; j < n; j++) if (keep[from + j]) s += Math.exp(values[from + j]! - shift);
  return Math.log(s) + shift;
}

/** Keras' circle loss on raw (not normalised) embeddings, with no stop-gradient on the weights. */
export function circle(yTrue: Tensor, yPred: Tensor, kw: KwArgs, extra: TensorArgs): KerasOutput {
  const loss = 'keras.losses.circle';
  if (yPred.ndim !== 2) throw new LossError(loss, 'y_pred', `expected embeddings of shape (N, D), got [${yPred.shape.join(', ')}]`);
  const refEmb = extra['ref_embeddings'] ?? yPred;
  const refLab = extra['ref_labels'] ?? yTrue;
  const [n, d] = yPred.shape as [number, number];
  if (refEmb.ndim !== 2 || refEmb.shape[1] !== d) throw new LossError(loss, 'ref_embeddings', `matmul got incompatible shapes [${yPred.shape.join(', ')}] and the transpose of [${refEmb.shape.join(', ')}]`);
  const nr = refEmb.shape[0]!;
  if (yTrue.size !== n || refLab.size !== nr) throw new LossError(loss, 'y_true', `labels must have one entry per embedding (${n} and ${nr}), got ${yTrue.size} and ${refLab.size}`);
  const gamma = num(loss, kw, 'gamma');
  const margin = num(loss, kw, 'margin');
  const removeDiagonal = bool(loss, kw, 'remove_diagonal');
  const dot = new Float64Array(n * nr);
  for (let i = 0; i < n; i++) for (let j = 0; j < nr; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += yPred.data[i * d + k]! * refEmb.data[j * d + k]!;
    dot[i * nr + j] = s;
  }
  const pos = new Uint8Array(n * nr);
  const neg = new Uint8Array(n * nr);
  const posW = new Float64Array(n * nr);
  const negW = new Float64Array(n * nr);
  const dist = new Float64Array(n * nr);
  for (let i = 0; i < n; i++) for (let j = 0; j < nr; j++) {
    const ij = i * nr + j;
    const same = Math.trunc(yTrue.data[i]!) === Math.trunc(refLab.data[j]!);
    pos[ij] = same && !(removeDiagonal && i === j) ? 1 : 0;
    neg[ij] = same ? 0 : 1;
    const D = Math.max(1 - dot[ij]!, 0);
    dist[ij] = D;
    posW[ij] = -gamma * Math.max((margin + D) * pos[ij]!, 0) * (margin - D);
    negW[ij] = gamma * Math.max((1 + margin - D) * neg[ij]!, 0) * (1 - margin - D);
  }
  const P = new Float64Array(n);
  const N = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    P[i] = logSumExpRow(posW, pos, i * nr, nr);
    N[i] = logSumExpRow(negW, neg, i * nr, nr);
    values[i] = softplus(P[i]! + N[i]!);
  }
  return {
    value: new Tensor([n], values),
    mask: values.map((v) => (v > 0 ? 1 : 0)),
    backward(up) {
      const gDot = new Float64Array(n * nr);
      for (let i = 0; i < n; i++) {
        const s = up[i]! * sigmoid(P[i]! + N[i]!);
        if (s === 0) continue;
        for (let j = 0; j < nr; j++) {
          const ij = i * nr + j;
          const D = dist[ij]!;
          let gD = 0;
          if (pos[ij]) {
            const w = Math.exp(posW[ij]! - P[i]!) * s;
            const a = Math.max(margin + D, 0);
            gD += w * -gamma * (maxGrad(margin + D, 0) * (margin - D) - a);
          }
          if (neg[ij]) {
            const w = Math.exp(negW[ij]! - N[i]!) * s;
            const a = Math.max(1 + margin - D, 0);
            gD += w * gamma * (-maxGrad(1 + margin - D, 0) * (1 - margin - D) - a);
          }
          gDot[ij] = -gD * maxGrad(1 - dot[ij]!, 0);
        }
      }
      const g = new Float64Array(yPred.size);
      for (let i = 0; i < n; i++) for (let j = 0; j < nr; j++) {
        const gij = gDot[i * nr + j]!;
        if (gij === 0) continue;
        for (let k = 0; k < d; k++) {
          g[i * d + k]! += gij * refEmb.data[j * d + k]!;
          if (refEmb === yPred) g[j * d + k]! += gij * yPred.data[i * d + k]!;
        }
      }
      return g;
    },
  };
}

/** Keras' ctc: logits (B, T, C), labels (B, L) padded with the blank 0; the label length is the
 *  number of non-zero entries. Feasible alignments use the engine's CTC recursions (whose logit
 *  gradient is the one through log_softmax); infeasible ones take the −1e5 log-epsilon value. */
export function ctc(yTrue: Tensor, yPred: Tensor): KerasOutput {
  const loss = 'keras.losses.ctc';
  if (yTrue.ndim !== 2) throw new LossError(loss, 'y_true', `Targets \`y_true\` are expected to be a tensor of shape \`(batch_size, max_length)\`, got [${yTrue.shape.join(', ')}]`);
  if (yPred.ndim !== 3) throw new LossError(loss, 'y_pred', `Logits \`y_pred\` are expected to be a tensor of shape \`(batch_size, max_length, num_classes)\`, got [${yPred.shape.join(', ')}]`);
  const [b, T, C] = yPred.shape as [number, number, number];
  const L = yTrue.shape[1]!;
  if (yTrue.shape[0] !== b) throw new LossError(loss, 'y_true', `batch size ${yTrue.shape[0]} does not match y_pred's ${b}`);
  const lp = new Float64Array(yPred.size);
  for (let row = 0; row < b * T; row++) {
    let mx = -Infinity;
    for (let c = 0; c < C; c++) mx = Math.max(mx, yPred.data[row * C + c]!);
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(yPred.data[row * C + c]! - mx);
    const lse = Math.log(z) + mx;
    for (let c = 0; c < C; c++) lp[row * C + c] = yPred.data[row * C + c]! - lse;
  }
  const seqs = Array.from({ length: b }, (_, i) => {
    const row = Array.from(yTrue.data.subarray(i * L, (i + 1) * L), Math.trunc);
    const length = row.filter((v) => v !== 0).length;
    return { lp, offset: i * T * C, stride: C, inputLength: T, labels: row.slice(0, length), blank: 0 };
  });
  const forward = seqs.map((s) => ctcForward(s));
  const fallback = seqs.map((s, i) => (Number.isFinite(forward[i]!.nll) ? null : optaxStyleCtc(lp, s)));
  const values = Float64Array.from(forward, (f, i) => fallback[i]?.nll ?? f.nll);
  return {
    value: new Tensor([b], values),
    backward(up) {
      const g = new Float64Array(yPred.size);
      const glp = new Float64Array(yPred.size);
      seqs.forEach((s, i) => {
        const f = fallback[i];
        if (f) f.backward(up[i]!, glp);
        else ctcBackward(s, forward[i]!.alpha, forward[i]!.nll, up[i]!, C, g);
      });
      // The fallback's gradient is on the log-probabilities: pull it back through log_softmax.
      for (let row = 0; row < b * T; row++) {
        let sum = 0;
        for (let c = 0; c < C; c++) sum += glp[row * C + c]!;
        if (sum === 0 && glp.subarray(row * C, row * C + C).every((v) => v === 0)) continue;
        for (let c = 0; c < C; c++) g[row * C + c]! += glp[row * C + c]! - Math.exp(lp[row * C + c]!) * sum;
      }
      return g;
    },
  };
}
