/** pytorch_metric_learning.losses.ArcFaceLoss: additive angular margin on the target class of
 *  cosine logits against the class weights W, scaled, then cross-entropy (mean). */
import { LossError } from '../../errors';
import { formatShape } from '../../tensor';
import type { LossResult } from '../../catalog/types';
import { arg, defineFrameworkLoss, option } from '../define';
import type { FrameworkLoss } from '../types';
import { unitRows } from '../gram';
import { readBatch, scalarResult } from './embeddings';

const NAME = 'pytorch_metric_learning.losses.ArcFaceLoss';

/** ArcFace's target logit cos(θ + m) (cos θ − m·sin m past π − m) and its derivative in cos θ. */
export function arcMargin(c: number, m: number): [number, number] {
  const clamped = Math.min(Math.max(c, -1), 1);
  const theta = Math.acos(clamped);
  const dTheta = c >= -1 && c <= 1 ? -1 / Math.sqrt(1 - c * c) : 0;
  if (theta <= Math.PI - m) return [Math.cos(theta + m), -Math.sin(theta + m) * dTheta];
  return [Math.cos(theta) - m * Math.sin(m), -Math.sin(theta) * dTheta];
}

export const arcFace: FrameworkLoss = defineFrameworkLoss({
  name: NAME, framework: 'pytorch-metric-learning', kind: 'module', lossId: 'arcface_loss',
  args: [
    arg('embeddings', true, 'Embeddings (N, D).'),
    arg('labels', false, 'Class indices (N,).'),
    arg('W', false, 'The class weight matrix (embedding_size, num_classes), used as given.'),
  ],
  options: [
    option('num_classes', 'integer', null, 'Number of classes (required).'),
    option('embedding_size', 'integer', null, 'Embedding dimension (required).'),
    option('margin', 'number', 28.6, 'Additive angular margin in degrees.'),
    option('scale', 'number', 64, 'Logit scale s.'),
  ],
  differences: 'The margin is given in degrees (28.6° ≈ 0.5 rad); past θ = π − m the target logit is cos θ − m·sin m; the class weights W (D, C) are a parameter of the loss; cross-entropy averaged over the batch.',
  run(args, o, wantGrad): LossResult {
    const C = o.optionalNumber('num_classes');
    const embeddingSize = o.optionalNumber('embedding_size');
    if (C === null || embeddingSize === null) throw new LossError(NAME, null, "missing required arguments 'num_classes' and 'embedding_size'");
    const e = args['embeddings']!;
    const W = args['W']!;
    const b = readBatch(NAME, e, args['labels']!);
    const { N, D } = b;
    if (W.ndim !== 2 || W.shape[0] !== D) throw new LossError(NAME, 'W', `shape ${formatShape(W.shape)} does not multiply embeddings of shape ${formatShape(e.shape)}`);
    if (W.shape[1] !== C) throw new LossError(NAME, 'W', `has ${W.shape[1]} columns but num_classes is ${C}`);
    for (const y of b.labels) {
      if (!(y >= 0 && y < C)) throw new LossError(NAME, 'labels', `index ${y} is out of bounds for dimension 1 with size ${C}`);
    }
    const m = (o.number('margin') * Math.PI) / 180;
    const scale = o.number('scale');
    // Class vectors are W's columns, normalised like the embeddings.
    const Wt = new Float64Array(C * D);
    for (let d = 0; d < D; d++) for (let c = 0; c < C; c++) Wt[c * D + d] = W.data[d * C + c]!;
    const w = unitRows(Wt, C, D, (sq) => {
      const r = Math.sqrt(sq);
      return r >= 1e-12 ? { norm: r, slope: 1 } : { norm: 1e-12, slope: 0 };
    }).unit;
    const u = b.rows.unit;
    let total = 0;
    const gU = wantGrad ? new Float64Array(N * D) : null;
    const logits = new Float64Array(C);
    for (let i = 0; i < N; i++) {
      const y = b.labels[i]!;
      let slope = 0;
      for (let c = 0; c < C; c++) {
        let cos = 0;
        for (let d = 0; d < D; d++) cos += u[i * D + d]! * w[c * D + d]!;
        if (c === y) {
          const [t, dt] = arcMargin(cos, m);
          logits[c] = t * scale;
          slope = dt;
        } else logits[c] = cos * scale;
      }
      let mx = -Infinity;
      for (let c = 0; c < C; c++) mx = Math.max(mx, logits[c]!);
      let s = 0;
      for (let c = 0; c < C; c++) s += Math.exp(logits[c]! - mx);
      const lse = Math.log(s) + mx;
      total += lse - logits[y]!;
      if (gU) {
        for (let c = 0; c < C; c++) {
          const gLogit = (Math.exp(logits[c]! - lse) - (c === y ? 1 : 0)) / N;
          const gCos = gLogit * scale * (c === y ? slope : 1);
          for (let d = 0; d < D; d++) gU[i * D + d]! += gCos * w[c * D + d]!;
        }
      }
    }
    return scalarResult(total / N, gU ? b.rows.backward(gU) : null, e.shape);
  },
});
