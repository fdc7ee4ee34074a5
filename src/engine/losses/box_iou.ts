/** torchvision 0.14's IoU-family box losses (GIoU, DIoU, CIoU) on (…, 4) boxes (x1, y1, x2, y2),
 *  forward and the gradient PyTorch's autograd gives (ties of min/max split equally, the CIoU
 *  trade-off α held constant). */
import { LossError } from '../errors';
import type { LossResult, LossSpec, Options, TensorArgs } from '../catalog/types';
import { Tensor, broadcastIndex, broadcastShapes, formatShape } from '../tensor';
import { requireArg } from './common';
import { callOptions } from './call_options';

export type BoxLossKind = 'giou' | 'diou' | 'ciou';

/** max(a, b) and its partials (½ each at a tie). */
function max2(a: number, b: number): [number, number, number] {
  return a > b ? [a, 1, 0] : a < b ? [b, 0, 1] : [a, 0.5, 0.5];
}
function min2(a: number, b: number): [number, number, number] {
  return a < b ? [a, 1, 0] : a > b ? [b, 0, 1] : [a, 0.5, 0.5];
}

/** The two boxes' gradient terms, summed per pair before they are added to the callers' arrays
 *  (module-level: two typed arrays per pair were a large part of a batch's time). */
const gc1 = new Float64Array(4);
const gc2 = new Float64Array(4);

/** One pair of boxes, b1[o1 .. o1 + 4) and b2[o2 .. o2 + 4): the loss, and (when `g1`/`g2` are
 *  given) g times its gradient added in at the same offsets. */
export function boxPairLoss(kind: BoxLossKind, b1: ArrayLike<number>, o1: number, b2: ArrayLike<number>, o2: number, eps: number, g: number, g1: Float64Array | null, g2: Float64Array | null): number {
  const [x1, y1, x2, y2] = [b1[o1]!, b1[o1 + 1]!, b1[o1 + 2]!, b1[o1 + 3]!];
  const [X1, Y1, X2, Y2] = [b2[o2]!, b2[o2 + 1]!, b2[o2 + 2]!, b2[o2 + 3]!];
  const [xk1, xk1a, xk1b] = max2(x1, X1);
  const [yk1, yk1a, yk1b] = max2(y1, Y1);
  const [xk2, xk2a, xk2b] = min2(x2, X2);
  const [yk2, yk2a, yk2b] = min2(y2, Y2);
  const overlap = yk2 > yk1 && xk2 > xk1;
  const inter = overlap ? (xk2 - xk1) * (yk2 - yk1) : 0;
  const area1 = (x2 - x1) * (y2 - y1);
  const area2 = (X2 - X1) * (Y2 - Y1);
  const union = area1 + area2 - inter;
  // GIoU and DIoU take the caller's eps; CIoU computes its DIoU part with torchvision's default.
  const iouEps = kind === 'ciou' ? 1e-7 : eps;
  const iou = inter / (union + iouEps);
  const [xc1, xc1a, xc1b] = min2(x1, X1);
  const [yc1, yc1a, yc1b] = min2(y1, Y1);
  const [xc2, xc2a, xc2b] = max2(x2, X2);
  const [yc2, yc2a, yc2b] = max2(y2, Y2);
  let loss = 1 - iou;
  let gIou = -g;
  let gUnion = 0;
  let gXc1 = 0;
  let gYc1 = 0;
  let gXc2 = 0;
  let gYc2 = 0;
  gc1.fill(0);
  gc2.fill(0);
  if (kind === 'giou') {
    const areaC = (xc2 - xc1) * (yc2 - yc1);
    loss += (areaC - union) / (areaC + eps);
    const gAreaC = (g * (union + eps)) / ((areaC + eps) * (areaC + eps));
    gUnion += -g / (areaC + eps);
    gXc2 += gAreaC * (yc2 - yc1);
    gXc1 -= gAreaC * (yc2 - yc1);
    gYc2 += gAreaC * (xc2 - xc1);
    gYc1 -= gAreaC * (xc2 - xc1);
  } else {
    const dEps = kind === 'diou' ? eps : 1e-7;
    const diag2 = (xc2 - xc1) ** 2 + (yc2 - yc1) ** 2 + dEps;
    const dx = (x2 + x1) / 2 - (X1 + X2) / 2;
    const dy = (y2 + y1) / 2 - (Y1 + Y2) / 2;
    const rho2 = dx * dx + dy * dy;
    loss += rho2 / diag2;
    const gRho2 = g / diag2;
    const gDiag2 = (-g * rho2) / (diag2 * diag2);
    gXc2 += gDiag2 * 2 * (xc2 - xc1);
    gXc1 -= gDiag2 * 2 * (xc2 - xc1);
    gYc2 += gDiag2 * 2 * (yc2 - yc1);
    gYc1 -= gDiag2 * 2 * (yc2 - yc1);
    const gdx = gRho2 * 2 * dx;
    const gdy = gRho2 * 2 * dy;
    gc1[0]! += gdx / 2;
    gc1[2]! += gdx / 2;
    gc2[0]! -= gdx / 2;
    gc2[2]! -= gdx / 2;
    gc1[1]! += gdy / 2;
    gc1[3]! += gdy / 2;
    gc2[1]! -= gdy / 2;
    gc2[3]! -= gdy / 2;
    if (kind === 'ciou') {
      const w1 = x2 - x1;
      const h1 = y2 - y1;
      const w2 = X2 - X1;
      const h2 = Y2 - Y1;
      const diff = Math.atan(w2 / h2) - Math.atan(w1 / h1);
      const v = (4 / (Math.PI * Math.PI)) * diff * diff;
      const alpha = v / (1 - iou + v + eps);
      loss += alpha * v;
      const gDiff = g * alpha * (4 / (Math.PI * Math.PI)) * 2 * diff;
      // d atan(w/h) = (dw/h − w·dh/h²) / (1 + (w/h)²)
      const r1 = w1 / h1;
      const r2 = w2 / h2;
      const gR1 = -gDiff / (1 + r1 * r1);
      const gR2 = gDiff / (1 + r2 * r2);
      const gW1 = gR1 / h1;
      const gH1 = (-gR1 * w1) / (h1 * h1);
      const gW2 = gR2 / h2;
      const gH2 = (-gR2 * w2) / (h2 * h2);
      gc1[2]! += gW1;
      gc1[0]! -= gW1;
      gc1[3]! += gH1;
      gc1[1]! -= gH1;
      gc2[2]! += gW2;
      gc2[0]! -= gW2;
      gc2[3]! += gH2;
      gc2[1]! -= gH2;
    }
  }
  if (!g1 || !g2) return loss;
  // iou = inter / (union + eps)
  const gInterFromIou = gIou / (union + iouEps);
  gUnion += (-gIou * inter) / ((union + iouEps) * (union + iouEps));
  const gInter = gInterFromIou - gUnion;
  // areas
  gc1[2]! += gUnion * (y2 - y1);
  gc1[0]! -= gUnion * (y2 - y1);
  gc1[3]! += gUnion * (x2 - x1);
  gc1[1]! -= gUnion * (x2 - x1);
  gc2[2]! += gUnion * (Y2 - Y1);
  gc2[0]! -= gUnion * (Y2 - Y1);
  gc2[3]! += gUnion * (X2 - X1);
  gc2[1]! -= gUnion * (X2 - X1);
  if (overlap) {
    const gXk2 = gInter * (yk2 - yk1);
    const gYk2 = gInter * (xk2 - xk1);
    gc1[0]! -= gXk2 * xk1a;
    gc2[0]! -= gXk2 * xk1b;
    gc1[1]! -= gYk2 * yk1a;
    gc2[1]! -= gYk2 * yk1b;
    gc1[2]! += gXk2 * xk2a;
    gc2[2]! += gXk2 * xk2b;
    gc1[3]! += gYk2 * yk2a;
    gc2[3]! += gYk2 * yk2b;
  }
  gc1[0]! += gXc1 * xc1a;
  gc2[0]! += gXc1 * xc1b;
  gc1[1]! += gYc1 * yc1a;
  gc2[1]! += gYc1 * yc1b;
  gc1[2]! += gXc2 * xc2a;
  gc2[2]! += gXc2 * xc2b;
  gc1[3]! += gYc2 * yc2a;
  gc2[3]! += gYc2 * yc2b;
  for (let k = 0; k < 4; k++) {
    g1[o1 + k]! += gc1[k]!;
    g2[o2 + k]! += gc2[k]!;
  }
  return loss;
}

/** The torchvision function: validation, broadcasting of the box batches, reduction. */
export function computeBoxLoss(entry: Pick<LossSpec, 'id' | 'options'>, kind: BoxLossKind, args: TensorArgs, options: Options, wantGrad: boolean): LossResult {
  const loss = entry.id;
  const read = callOptions(entry, options);
  const reduction = read.string('reduction');
  const eps = read.number('eps');
  const boxes1 = requireArg(loss, args, 'boxes1');
  const boxes2 = requireArg(loss, args, 'boxes2');
  for (const [name, b] of [['boxes1', boxes1], ['boxes2', boxes2]] as const) {
    if (b.ndim < 1 || b.shape[b.ndim - 1] !== 4) throw new LossError(loss, name, `expected (…, 4) boxes (x1, y1, x2, y2), got shape ${formatShape(b.shape)}`);
  }
  const lead1 = boxes1.shape.slice(0, -1);
  const lead2 = boxes2.shape.slice(0, -1);
  const lead = broadcastShapes(lead1, lead2);
  // torchvision writes the intersections into a tensor shaped like boxes1's batch.
  if (!lead || lead.length !== lead1.length || lead.some((d, i) => d !== lead1[i])) {
    throw new LossError(loss, 'boxes2', `box batch ${formatShape(lead2)} does not match boxes1's ${formatShape(lead1)}`);
  }
  const map2 = broadcastIndex(lead2, lead1);
  const n = map2.length;
  const values = new Float64Array(n);
  const mean = reduction === 'mean';
  const reduced = mean || reduction === 'sum';
  const g = mean ? 1 / n : 1;
  const g1 = wantGrad ? new Float64Array(boxes1.size) : null;
  const g2 = wantGrad ? new Float64Array(boxes2.size) : null;
  for (let i = 0; i < n; i++) {
    const j = map2[i]!;
    values[i] = boxPairLoss(kind, boxes1.data, 4 * i, boxes2.data, 4 * j, eps, g, g1, g2);
  }
  let value: Tensor;
  if (!reduced) value = new Tensor(lead1, values);
  else {
    const sum = values.reduce((a, b) => a + b, 0);
    value = Tensor.scalar(mean ? (n === 0 ? 0 : sum / n) : sum);
  }
  const grad: Record<string, Tensor> = {};
  if (g1 && g2) {
    grad['boxes1'] = new Tensor(boxes1.shape, g1);
    grad['boxes2'] = new Tensor(boxes2.shape, g2);
  }
  return { value, grad };
}
