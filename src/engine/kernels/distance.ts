/** Distances between the last-dimension vectors of two broadcast tensors, with their gradients:
 *  PyTorch 1.13's pairwise_distance (‖x1 − x2 + eps‖_p) and the cosine distance 1 − cos. */
import { LossError } from '../errors';
import { Tensor, broadcastIndex, broadcastShapes, formatShape, numel } from '../tensor';

export interface DistanceResult {
  /** One distance per vector: the broadcast shape of x1 and x2 without its last dimension. */
  value: Tensor;
  /** Gradients of Σ g·distance with respect to x1 and x2, each at its own shape. */
  backward(g: Float64Array): [Tensor, Tensor];
}

/** A distance between the vectors of two tensors; `names` name x1 and x2 in error messages. */
export type Distance = (loss: string, names: readonly [string, string], x1: Tensor, x2: Tensor) => DistanceResult;

interface Rows {
  outShape: number[];
  rows: number;
  width: number;
  map1: Int32Array;
  map2: Int32Array;
}

/** Broadcasts x1 against x2 and splits the result into rows along the last dimension (a 0-d
 *  result is one row of one element, as torch.norm treats a scalar). */
function rowsOf(loss: string, names: readonly [string, string], x1: Tensor, x2: Tensor): Rows {
  const shape = broadcastShapes(x1.shape, x2.shape);
  if (!shape) {
    throw new LossError(loss, names[1], `shape ${formatShape(x2.shape)} does not broadcast with ${names[0]} shape ${formatShape(x1.shape)}`);
  }
  const outShape = shape.slice(0, -1);
  const width = shape.length === 0 ? 1 : shape[shape.length - 1]!;
  return { outShape, rows: numel(outShape), width, map1: broadcastIndex(x1.shape, shape), map2: broadcastIndex(x2.shape, shape) };
}

function scatter(r: Rows, x1: Tensor, x2: Tensor, gDiff: Float64Array, sign2: number): [Tensor, Tensor] {
  const g1 = new Float64Array(x1.size);
  const g2 = new Float64Array(x2.size);
  for (let k = 0; k < gDiff.length; k++) {
    g1[r.map1[k]!]! += gDiff[k]!;
    g2[r.map2[k]!]! += sign2 * gDiff[k]!;
  }
  return [new Tensor(x1.shape, g1), new Tensor(x2.shape, g2)];
}

/** torch.norm(v, p) of one row; p may be any real, ±inf or 0 (count of non-zeros). */
export function pNorm(v: Float64Array, off: number, n: number, p: number): number {
  let s = 0;
  if (p === 2) {
    for (let i = off; i < off + n; i++) s += v[i]! * v[i]!;
    return Math.sqrt(s);
  }
  if (p === 1) {
    for (let i = off; i < off + n; i++) s += Math.abs(v[i]!);
    return s;
  }
  if (p === 0) {
    for (let i = off; i < off + n; i++) if (v[i] !== 0) s++;
    return s;
  }
  if (p === Infinity || p === -Infinity) {
    let m = p === Infinity ? 0 : Infinity;
    for (let i = off; i < off + n; i++) {
      const a = Math.abs(v[i]!);
      if (Number.isNaN(a)) return NaN;
      m = p === Infinity ? Math.max(m, a) : Math.min(m, a);
    }
    return m;
  }
  for (let i = off; i < off + n; i++) s += Math.abs(v[i]!) ** p;
  return s ** (1 / p);
}

/** Adds g·d‖v‖_p/dv for one row into `out`, following ATen's norm_backward (zero where the norm
 *  is zero; ties of the ±inf norm share the gradient equally). */
export function pNormBackward(v: Float64Array, off: number, n: number, p: number, norm: number, g: number, out: Float64Array): void {
  if (p === 0) return;
  if (p === 1) {
    for (let i = off; i < off + n; i++) out[i]! += Math.sign(v[i]!) * g;
    return;
  }
  if (p === 2) {
    const s = norm === 0 ? 0 : g / norm;
    for (let i = off; i < off + n; i++) out[i]! += v[i]! * s;
    return;
  }
  if (p === Infinity || p === -Infinity) {
    let count = 0;
    for (let i = off; i < off + n; i++) if (Math.abs(v[i]!) === norm || Number.isNaN(v[i]!)) count++;
    for (let i = off; i < off + n; i++) {
      if (Math.abs(v[i]!) === norm || Number.isNaN(v[i]!)) out[i]! += (Math.sign(v[i]!) * g) / count;
    }
    return;
  }
  const s = norm === 0 ? 0 : g / norm ** (p - 1);
  for (let i = off; i < off + n; i++) {
    const x = v[i]!;
    const scaled = p < 2 ? Math.sign(x) * Math.abs(x) ** (p - 1) : x * Math.abs(x) ** (p - 2);
    out[i]! += scaled * s;
  }
}

/** torch.pairwise_distance(x1, x2, p, eps) = ‖x1 − x2 + eps‖_p over the last dimension. */
export function pairwiseDistance(p: number, eps: number): Distance {
  return (loss, names, x1, x2) => {
    const r = rowsOf(loss, names, x1, x2);
    const diff = new Float64Array(r.map1.length);
    for (let k = 0; k < diff.length; k++) diff[k] = x1.data[r.map1[k]!]! - x2.data[r.map2[k]!]! + eps;
    const norms = new Float64Array(r.rows);
    for (let row = 0; row < r.rows; row++) norms[row] = pNorm(diff, row * r.width, r.width, p);
    return {
      value: new Tensor(r.outShape, norms),
      backward(g) {
        const gDiff = new Float64Array(diff.length);
        for (let row = 0; row < r.rows; row++) pNormBackward(diff, row * r.width, r.width, p, norms[row]!, g[row]!, gDiff);
        return scatter(r, x1, x2, gDiff, -1);
      },
    };
  };
}

/** 1 − cosine_similarity(x1, x2, eps) over the last dimension, where each norm is clamped below
 *  at eps as F.cosine_similarity does (eps 1e-8 by default). */
export function cosineDistance(eps = 1e-8): Distance {
  return (loss, names, x1, x2) => {
    const r = rowsOf(loss, names, x1, x2);
    const a = new Float64Array(r.map1.length);
    const b = new Float64Array(r.map1.length);
    for (let k = 0; k < a.length; k++) {
      a[k] = x1.data[r.map1[k]!]!;
      b[k] = x2.data[r.map2[k]!]!;
    }
    const na = new Float64Array(r.rows);
    const nb = new Float64Array(r.rows);
    const cos = new Float64Array(r.rows);
    for (let row = 0; row < r.rows; row++) {
      const off = row * r.width;
      na[row] = pNorm(a, off, r.width, 2);
      nb[row] = pNorm(b, off, r.width, 2);
      let dot = 0;
      for (let i = off; i < off + r.width; i++) dot += a[i]! * b[i]!;
      cos[row] = dot / (Math.max(na[row]!, eps) * Math.max(nb[row]!, eps));
    }
    return {
      value: new Tensor(r.outShape, cos.map((c) => 1 - c)),
      backward(g) {
        const ga = new Float64Array(a.length);
        const gb = new Float64Array(a.length);
        for (let row = 0; row < r.rows; row++) {
          const off = row * r.width;
          const ca = Math.max(na[row]!, eps);
          const cb = Math.max(nb[row]!, eps);
          // d(−cos): the clamped norm is constant below eps, otherwise it moves with its vector.
          const ka = na[row]! > eps ? cos[row]! / (na[row]! * na[row]!) : 0;
          const kb = nb[row]! > eps ? cos[row]! / (nb[row]! * nb[row]!) : 0;
          for (let i = off; i < off + r.width; i++) {
            ga[i] = -g[row]! * (b[i]! / (ca * cb) - ka * a[i]!);
            gb[i] = -g[row]! * (a[i]! / (ca * cb) - kb * b[i]!);
          }
        }
        const g1 = new Float64Array(x1.size);
        const g2 = new Float64Array(x2.size);
        for (let k = 0; k < a.length; k++) {
          g1[r.map1[k]!]! += ga[k]!;
          g2[r.map2[k]!]! += gb[k]!;
        }
        return [new Tensor(x1.shape, g1), new Tensor(x2.shape, g2)];
      },
    };
  };
}
