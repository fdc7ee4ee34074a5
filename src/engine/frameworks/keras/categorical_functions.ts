/** Keras' losses over a class (or feature) axis: categorical hinge, cosine similarity, the
 *  categorical, focal, sparse and generalized cross-entropies. */
import { LossError } from '../../errors';
import { Tensor, formatShape, numel, sameShape } from '../../tensor';
import { EPS, bool, clip, clipGrad, maxGrad, num, requireRank, type KerasOutput, type KwArgs } from './function_kit';
import { broadcastPair, readAxes, reduceAxes, scatterAdd, type AxisReduction } from './shapes';

/** Per-slice softmax along the reduction's axes (max-shifted, as jax.nn.softmax). */
function softmax(x: Float64Array, r: AxisReduction): { s: Float64Array; lse: Float64Array } {
  const m = numel(r.outShape);
  const mx = new Float64Array(m).fill(-Infinity);
  for (let i = 0; i < x.length; i++) mx[r.outIndex[i]!] = Math.max(mx[r.outIndex[i]!]!, x[i]!);
  const z = new Float64Array(m);
  const e = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const k = r.outIndex[i]!;
    e[i] = Math.exp(x[i]! - (Number.isFinite(mx[k]!) ? mx[k]! : 0));
    z[k]! += e[i]!;
  }
  const lse = new Float64Array(m);
  for (let k = 0; k < m; k++) lse[k] = Math.log(z[k]!) + (Number.isFinite(mx[k]!) ? mx[k]! : 0);
  for (let i = 0; i < x.length; i++) e[i]! /= z[r.outIndex[i]!]!;
  return { s: e, lse };
}

/** d/dx of Σ g·softmax(x): s ⊙ (g − Σ g·s) per slice. */
function softmaxBackward(g: Float64Array, s: Float64Array, r: AxisReduction): Float64Array {
  const dot = scatterAdd(g.map((v, i) => v * s[i]!), r.outIndex, numel(r.outShape));
  return g.map((v, i) => s[i]! * (v - dot[r.outIndex[i]!]!));
}

/** q = clip(p / Σp, eps, 1 − eps) per slice, and the pull-back of a cotangent on q to p. */
function normalizedClipped(p: Float64Array, r: AxisReduction): { c: Float64Array; backward(gc: Float64Array): Float64Array } {
  const sums = scatterAdd(p, r.outIndex, numel(r.outShape));
  const q = p.map((v, i) => v / sums[r.outIndex[i]!]!);
  const c = q.map((v) => clip(v, EPS, 1 - EPS));
  return {
    c,
    backward(gc) {
      const gq = gc.map((v, i) => v * clipGrad(q[i]!, EPS, 1 - EPS));
      const dot = scatterAdd(gq.map((v, i) => v * p[i]!), r.outIndex, numel(r.outShape));
      return gq.map((v, i) => {
        const sum = sums[r.outIndex[i]!]!;
        return v / sum - dot[r.outIndex[i]!]! / (sum * sum);
      });
    },
  };
}

function smoothCategorical(yTrue: Tensor, ls: number): Tensor {
  if (!ls) return yTrue;
  const k = yTrue.shape[yTrue.ndim - 1] ?? 1;
  return new Tensor(yTrue.shape, yTrue.data.map((v) => v * (1 - ls) + ls / k));
}

export function categoricalHinge(yTrue: Tensor, yPred: Tensor): KerasOutput {
  const loss = 'keras.losses.categorical_hinge';
  const bc = broadcastPair(loss, 'multiply', yTrue.shape, yPred.shape);
  requireRank(loss, 'y_pred', new Tensor(bc.shape, new Float64Array(bc.ia.length)), 1);
  const r = reduceAxes(bc.shape, [bc.shape.length - 1]);
  const m = numel(r.outShape);
  const n = bc.ia.length;
  const t = Float64Array.from(bc.ia, (i) => yTrue.data[i]!);
  const p = Float64Array.from(bc.ib, (i) => yPred.data[i]!);
  const pos = new Float64Array(m);
  const neg = new Float64Array(m).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const k = r.outIndex[i]!;
    pos[k]! += t[i]! * p[i]!;
    neg[k] = Math.max(neg[k]!, (1 - t[i]!) * p[i]!);
  }
  const ties = new Float64Array(m);
  for (let i = 0; i < n; i++) if ((1 - t[i]!) * p[i]! === neg[r.outIndex[i]!]) ties[r.outIndex[i]!]! += 1;
  const values = new Float64Array(m);
  for (let k = 0; k < m; k++) values[k] = Math.max(neg[k]! - pos[k]! + 1, 0);
  return {
    value: new Tensor(r.outShape, values),
    backward(up) {
      const g = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const k = r.outIndex[i]!;
        const outer = up[k]! * maxGrad(neg[k]! - pos[k]! + 1, 0);
        const isMax = (1 - t[i]!) * p[i]! === neg[k] ? 1 / ties[k]! : 0;
        g[i] = outer * ((1 - t[i]!) * isMax - t[i]!);
      }
      return scatterAdd(g, bc.ib, yPred.size);
    },
  };
}

/** Keras' normalize (order 2): x · min(rsqrt(Σx²), 1/eps) along `axis`, with its pull-back. */
function l2Normalize(x: Tensor, axis: number): { n: Float64Array; backward(gn: Float64Array): Float64Array } {
  const r = reduceAxes(x.shape, [axis]);
  const s = scatterAdd(x.data.map((v) => v * v), r.outIndex, numel(r.outShape));
  const inv = s.map((v) => Math.min(1 / Math.sqrt(v), 1 / EPS));
  const n = x.data.map((v, i) => v * inv[r.outIndex[i]!]!);
  return {
    n,
    backward(gn) {
      const dot = scatterAdd(gn.map((v, i) => v * x.data[i]!), r.outIndex, numel(r.outShape));
      const dInvDs = s.map((v) => maxGrad(1 / EPS, 1 / Math.sqrt(v)) * (-0.5 / (v * Math.sqrt(v))));
      return gn.map((v, i) => {
        const k = r.outIndex[i]!;
        return v * inv[k]! + dot[k]! * dInvDs[k]! * 2 * x.data[i]!;
      });
    },
  };
}

export function cosineSimilarity(yTrue: Tensor, yPred: Tensor, kw: KwArgs): KerasOutput {
  const loss = 'keras.losses.cosine_similarity';
  const axisRaw = kw['axis'];
  if (typeof axisRaw !== 'number' || !Number.isInteger(axisRaw)) throw new LossError(loss, 'axis', `expected an integer, got ${JSON.stringify(axisRaw)}`);
  const nt = l2Normalize(yTrue, readAxes(loss, axisRaw, yTrue.ndim, -1)[0]!);
  const np = l2Normalize(yPred, readAxes(loss, axisRaw, yPred.ndim, -1)[0]!);
  const bc = broadcastPair(loss, 'multiply', yTrue.shape, yPred.shape);
  const r = reduceAxes(bc.shape, readAxes(loss, axisRaw, bc.shape.length, -1));
  const prod = Float64Array.from(bc.ia, (ia, i) => -nt.n[ia]! * np.n[bc.ib[i]!]!);
  return {
    value: new Tensor(r.outShape, scatterAdd(prod, r.outIndex, numel(r.outShape))),
    backward(up) {
      const gnb = Float64Array.from(bc.ia, (ia, i) => -up[r.outIndex[i]!]! * nt.n[ia]!);
      return np.backward(scatterAdd(gnb, bc.ib, yPred.size));
    },
  };
}

function classAxes(loss: string, raw: unknown, rank: number): number[] {
  if (typeof raw === 'boolean') throw new LossError(loss, 'axis', `\`axis\` must be of type \`int\`, got ${raw}`);
  return readAxes(loss, raw as number | readonly number[], rank, -1);
}

export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor, kw: KwArgs): KerasOutput {
  const loss = 'keras.losses.categorical_crossentropy';
  const t = smoothCategorical(yTrue, num(loss, kw, 'label_smoothing'));
  if (!sameShape(yTrue.shape, yPred.shape)) {
    throw new LossError(loss, 'y_pred', `Arguments \`target\` and \`output\` must have the same shape. Received: target.shape=${formatShape(yTrue.shape)}, output.shape=${formatShape(yPred.shape)}`);
  }
  requireRank(loss, 'y_pred', yPred, 1);
  const r = reduceAxes(yPred.shape, classAxes(loss, kw['axis'], yPred.ndim));
  const m = numel(r.outShape);
  if (bool(loss, kw, 'from_logits')) {
    const { s, lse } = softmax(yPred.data, r);
    const values = scatterAdd(t.data.map((v, i) => -v * (yPred.data[i]! - lse[r.outIndex[i]!]!)), r.outIndex, m);
    const tSum = scatterAdd(t.data, r.outIndex, m);
    return {
      value: new Tensor(r.outShape, values),
      backward: (up) => s.map((v, i) => up[r.outIndex[i]!]! * (v * tSum[r.outIndex[i]!]! - t.data[i]!)),
    };
  }
  const q = normalizedClipped(yPred.data, r);
  const values = scatterAdd(t.data.map((v, i) => -v * Math.log(q.c[i]!)), r.outIndex, m);
  return {
    value: new Tensor(r.outShape, values),
    backward: (up) => q.backward(t.data.map((v, i) => (-up[r.outIndex[i]!]! * v) / q.c[i]!)),
  };
}

export function categoricalFocalCrossentropy(yTrue: Tensor, yPred: Tensor, kw: KwArgs): KerasOutput {
  const loss = 'keras.losses.categorical_focal_crossentropy';
  const alpha = num(loss, kw, 'alpha');
  const gamma = num(loss, kw, 'gamma');
  const t = smoothCategorical(yTrue, num(loss, kw, 'label_smoothing'));
  requireRank(loss, 'y_pred', yPred, 1);
  const rp = reduceAxes(yPred.shape, classAxes(loss, kw['axis'], yPred.ndim));
  const soft = bool(loss, kw, 'from_logits') ? softmax(yPred.data, rp).s : null;
  const q = normalizedClipped(soft ?? yPred.data, rp);
  const bc = broadcastPair(loss, 'multiply', t.shape, yPred.shape);
  const r = reduceAxes(bc.shape, classAxes(loss, kw['axis'], bc.shape.length));
  const n = bc.ia.length;
  const values = new Float64Array(n);
  const grads = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const tv = t.data[bc.ia[i]!]!;
    const c = q.c[bc.ib[i]!]!;
    const mod = Math.pow(1 - c, gamma);
    const ce = -tv * Math.log(c);
    values[i] = alpha * mod * ce;
    const dMod = gamma === 0 ? 0 : -gamma * Math.pow(1 - c, gamma - 1);
    grads[i] = alpha * (dMod * ce + mod * (-tv / c));
  }
  return {
    value: new Tensor(r.outShape, scatterAdd(values, r.outIndex, numel(r.outShape))),
    backward(up) {
      const gc = scatterAdd(grads.map((g, i) => g * up[r.outIndex[i]!]!), bc.ib, yPred.size);
      const gp = q.backward(gc);
      return soft ? softmaxBackward(gp, soft, rp) : gp;
    },
  };
}

export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor, kw: KwArgs): KerasOutput {
  const loss = 'keras.losses.sparse_categorical_crossentropy';
  let labels = yTrue;
  if (labels.ndim === yPred.ndim && labels.ndim > 0 && labels.shape[labels.ndim - 1] === 1) labels = labels.reshape(labels.shape.slice(0, -1));
  requireRank(loss, 'y_pred', yPred, 1);
  const axisRaw = kw['axis'];
  if (typeof axisRaw !== 'number' || !Number.isInteger(axisRaw)) throw new LossError(loss, 'axis', `expected an integer, got ${JSON.stringify(axisRaw)}`);
  const axis = readAxes(loss, axisRaw, yPred.ndim, -1)[0]!;
  // The jax backend compares with the shape up to the last axis; one_hot then puts the classes at
  // `axis`, which only lines up with y_pred when removing `axis` gives the same shape.
  const without = yPred.shape.filter((_, i) => i !== axis);
  if (!sameShape(labels.shape, yPred.shape.slice(0, -1)) || !sameShape(labels.shape, without)) {
    throw new LossError(loss, 'y_true', `Arguments \`target\` and \`output\` must have the same shape up until the last dimension: target.shape=${formatShape(labels.shape)}, output.shape=${formatShape(yPred.shape)}`);
  }
  const ignore = kw['ignore_class'];
  const valid = labels.data.map((v) => (ignore === null || ignore === undefined || v !== ignore ? 1 : 0));
  const r = reduceAxes(yPred.shape, [axis]);
  const m = numel(r.outShape);
  const classes = yPred.shape[axis]!;
  // The class index of each element along the class axis.
  const stride = numel(yPred.shape.slice(axis + 1));
  const classOf = (i: number) => Math.floor(i / stride) % classes;
  const target = new Float64Array(yPred.size);
  for (let i = 0; i < yPred.size; i++) {
    const k = r.outIndex[i]!;
    target[i] = valid[k]! && Math.trunc(labels.data[k]!) === classOf(i) ? 1 : 0;
  }
  const x = yPred.data.map((v, i) => v * valid[r.outIndex[i]!]!);
  const fromLogits = bool(loss, kw, 'from_logits');
  const soft = fromLogits ? softmax(x, r) : null;
  const q = fromLogits ? null : normalizedClipped(x, r);
  const logp = (i: number) => (soft ? x[i]! - soft.lse[r.outIndex[i]!]! : Math.log(q!.c[i]!));
  const values = new Float64Array(m);
  for (let i = 0; i < yPred.size; i++) if (target[i]) values[r.outIndex[i]!]! -= logp(i);
  for (let k = 0; k < m; k++) if (!valid[k]) values[k] = 0;
  const mask = ignore === null || ignore === undefined ? undefined : valid;
  return {
    value: new Tensor(r.outShape, values),
    mask,
    backward(up) {
      // Ignored entries get no gradient (Keras' where), and labels out of range none either
      // (their one-hot row is all zeros).
      const u = up.map((v, k) => (valid[k] ? v : 0));
      const tSum = scatterAdd(target, r.outIndex, m);
      const g = soft
        ? soft.s.map((s, i) => u[r.outIndex[i]!]! * (s * tSum[r.outIndex[i]!]! - target[i]!))
        : q!.backward(target.map((tv, i) => (tv ? -u[r.outIndex[i]!]! / q!.c[i]! : 0)));
      return g.map((v, i) => (valid[r.outIndex[i]!] ? v : 0));
    },
  };
}

export function categoricalGeneralizedCrossEntropy(yTrue: Tensor, yPred: Tensor, kw: KwArgs): KerasOutput {
  const loss = 'keras.losses.categorical_generalized_cross_entropy';
  if (kw['q'] === undefined || kw['q'] === null) throw new LossError(loss, 'q', "missing 1 required positional argument: 'q'");
  const qExp = num(loss, kw, 'q');
  requireRank(loss, 'y_pred', yPred, 1);
  const classes = yPred.shape[yPred.ndim - 1]!;
  const ohShape = [...yTrue.shape, classes];
  const bc = broadcastPair(loss, 'multiply', ohShape, yPred.shape);
  const r = reduceAxes(bc.shape, [bc.shape.length - 1]);
  const m = numel(r.outShape);
  const oh = Float64Array.from(bc.ia, (ia) => (Math.trunc(yTrue.data[Math.floor(ia / classes)]!) === ia % classes ? 1 : 0));
  const pt = scatterAdd(Float64Array.from(bc.ib, (ib, i) => oh[i]! * yPred.data[ib]!), r.outIndex, m);
  const values = pt.map((p) => (1 - Math.pow(p, qExp)) / qExp);
  return {
    value: new Tensor(r.outShape, values),
    backward(up) {
      const dpt = pt.map((p, k) => (up[k]! * -(qExp * Math.pow(p, qExp - 1))) / qExp);
      const g = Float64Array.from(oh, (o, i) => o * dpt[r.outIndex[i]!]!);
      return scatterAdd(g, bc.ib, yPred.size);
    },
  };
}
