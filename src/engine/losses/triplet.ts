/** The computation shared by triplet_margin_loss and triplet_margin_with_distance_loss:
 *  max(0, margin + d(a, p) − d(a, n)), with the optional distance swap, any distance. */
import { LossError } from '../errors';
import type { LossResult, TensorArgs } from '../catalog/types';
import { Tensor, broadcastIndex, broadcastShapes, formatShape } from '../tensor';
import { reduce, requireArg, type Reduction } from './common';
import type { Distance } from '../kernels/distance';

export interface TripletSettings {
  distance: Distance;
  margin: number;
  swap: boolean;
  reduction: Reduction;
  /** The pre-clamp value from d(a, p) and d(a, n), in the order PyTorch adds the terms. */
  hinge: (dPos: number, dNeg: number) => number;
}

function broadcastOrThrow(loss: string, a: readonly number[], b: readonly number[], what: string): number[] {
  const s = broadcastShapes(a, b);
  if (!s) throw new LossError(loss, 'negative', `${what}: distances of shape ${formatShape(a)} and ${formatShape(b)} do not broadcast`);
  return s;
}

function add(into: Float64Array, t: Tensor): void {
  for (let i = 0; i < into.length; i++) into[i]! += t.data[i]!;
}

export function tripletLoss(loss: string, args: TensorArgs, s: TripletSettings, wantGrad: boolean): LossResult {
  const anchor = requireArg(loss, args, 'anchor');
  const positive = requireArg(loss, args, 'positive');
  const negative = requireArg(loss, args, 'negative');
  const pos = s.distance(loss, ['anchor', 'positive'], anchor, positive);
  const neg = s.distance(loss, ['anchor', 'negative'], anchor, negative);
  const swp = s.swap ? s.distance(loss, ['positive', 'negative'], positive, negative) : null;

  // torch.minimum(d(a, n), d(p, n)) when swapping.
  const negShape = swp ? broadcastOrThrow(loss, neg.value.shape, swp.value.shape, 'swap') : [...neg.value.shape];
  const mapNeg = broadcastIndex(neg.value.shape, negShape);
  const mapSwap = swp ? broadcastIndex(swp.value.shape, negShape) : null;
  const dNeg = new Float64Array(mapNeg.length);
  for (let k = 0; k < dNeg.length; k++) {
    const dn = neg.value.data[mapNeg[k]!]!;
    dNeg[k] = swp ? Math.min(dn, swp.value.data[mapSwap![k]!]!) : dn;
  }

  const outShape = broadcastOrThrow(loss, pos.value.shape, negShape, 'positive and negative distances');
  const mapPos = broadcastIndex(pos.value.shape, outShape);
  const mapOutNeg = broadcastIndex(negShape, outShape);
  const pre = new Float64Array(mapPos.length);
  const values = new Float64Array(pre.length);
  for (let k = 0; k < pre.length; k++) {
    pre[k] = s.hinge(pos.value.data[mapPos[k]!]!, dNeg[mapOutNeg[k]!]!);
    values[k] = Math.max(pre[k]!, 0);
  }
  const { value, scale } = reduce(values, outShape, s.reduction);
  if (!wantGrad) return { value, grad: {} };

  const gPos = new Float64Array(pos.value.size);
  const gNegEff = new Float64Array(dNeg.length);
  for (let k = 0; k < pre.length; k++) {
    const g = pre[k]! >= 0 ? scale : 0; // clamp_min passes the gradient where its input is >= 0
    gPos[mapPos[k]!]! += g;
    gNegEff[mapOutNeg[k]!]! -= g;
  }
  const gNeg = new Float64Array(neg.value.size);
  const gSwap = swp ? new Float64Array(swp.value.size) : null;
  for (let k = 0; k < gNegEff.length; k++) {
    const g = gNegEff[k]!;
    if (!swp) {
      gNeg[mapNeg[k]!]! += g;
      continue;
    }
    // minimum's backward: a tie splits the gradient in half.
    const dn = neg.value.data[mapNeg[k]!]!;
    const ds = swp.value.data[mapSwap![k]!]!;
    if (dn === ds) {
      gNeg[mapNeg[k]!]! += g / 2;
      gSwap![mapSwap![k]!]! += g / 2;
    } else {
      if (!(dn > ds)) gNeg[mapNeg[k]!]! += g;
      if (!(dn < ds)) gSwap![mapSwap![k]!]! += g;
    }
  }
  const ga = new Float64Array(anchor.size);
  const gp = new Float64Array(positive.size);
  const gn = new Float64Array(negative.size);
  const [pa, pp] = pos.backward(gPos);
  add(ga, pa);
  add(gp, pp);
  const [na, nn] = neg.backward(gNeg);
  add(ga, na);
  add(gn, nn);
  if (swp && gSwap) {
    const [sp, sn] = swp.backward(gSwap);
    add(gp, sp);
    add(gn, sn);
  }
  // Integer embeddings are accepted (PyTorch promotes them) but are not differentiable.
  const grad: Record<string, Tensor> = {};
  if (anchor.isFloating) grad['anchor'] = new Tensor(anchor.shape, ga);
  if (positive.isFloating) grad['positive'] = new Tensor(positive.shape, gp);
  if (negative.isFloating) grad['negative'] = new Tensor(negative.shape, gn);
  return { value, grad };
}
