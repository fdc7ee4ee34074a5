/** optax.losses regression spellings: squared_error, l2_loss, huber_loss, log_cosh,
 *  cosine_similarity, cosine_distance. */
import type { LossResult } from '../../catalog/types';
import { Tensor } from '../../tensor';
import { arg, defineFrameworkLoss, option, type FrameworkOptions } from '../define';
import type { FrameworkLoss } from '../types';
import { broadcastPair, canonicalAxes, groupBy, maskAt, maxSlope, readAt, requireFloating, requireShapesEqual, sumTo } from './arrays';
import { elementwise } from './elementwise';

const PREDICTIONS = arg('predictions', true, 'The predicted values.');
const TARGETS_OPTIONAL = arg('targets', false, 'The target values; omitted means 0.', true);

function squared(name: string, factor: number): FrameworkLoss {
  return defineFrameworkLoss({
    name, framework: 'jax', kind: 'functional', lossId: 'mse_loss',
    args: [PREDICTIONS, TARGETS_OPTIONAL],
    options: [],
    differences: factor === 1
      ? "Elementwise (predictions − targets)², no reduction (PyTorch's reduction='none'); shapes must be equal (no broadcasting); targets=None means 0."
      : "Half the squared error, ½(predictions − targets)², elementwise (no reduction): its gradient is the plain residual. Shapes must be equal; targets=None means 0.",
    run(args, _o, wantGrad): LossResult {
      const p = args['predictions']!;
      const t = args['targets'];
      requireFloating(name, 'predictions', p);
      if (t) requireShapesEqual(name, p, t);
      return elementwise(name, 'predictions', p, t, (x, y) => {
        const d = x - y;
        return [factor * d * d, 2 * factor * d];
      }, wantGrad);
    },
  });
}

const huber = defineFrameworkLoss({
  name: 'optax.losses.huber_loss', framework: 'jax', kind: 'functional', lossId: 'huber_loss',
  args: [PREDICTIONS, TARGETS_OPTIONAL],
  options: [option('delta', 'number', 1, 'Where the loss turns from quadratic to linear.')],
  differences: "Elementwise (no reduction); 0.5·min(|e|, δ)² + δ·(|e| − min(|e|, δ)), the same function as PyTorch's huber_loss; targets broadcast and may be omitted (0).",
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const p = args['predictions']!;
    requireFloating(name, 'predictions', p);
    const delta = o.number('delta');
    return elementwise(name, 'predictions', p, args['targets'], (x, y) => {
      const e = x - y;
      const a = Math.abs(e);
      const q = Math.min(a, delta);
      const dq = maxSlope(delta, a); // d min(a, δ)/da: 1 below δ, ½ at δ (JAX), 0 above
      const sign = e >= 0 ? 1 : -1; // JAX: d|e|/de = 1 at 0
      return [0.5 * q * q + delta * (a - q), sign * (q * dq + delta * (1 - dq))];
    }, wantGrad);
  },
});

const logCosh = defineFrameworkLoss({
  name: 'optax.losses.log_cosh', framework: 'jax', kind: 'functional', lossId: 'log_cosh_loss',
  args: [PREDICTIONS, TARGETS_OPTIONAL],
  options: [],
  differences: 'Elementwise log(cosh(predictions − targets)) (no reduction), computed as logaddexp(x, −x) − log 2; targets broadcast and may be omitted (0).',
  run(args, o, wantGrad): LossResult {
    const name = o.loss;
    const p = args['predictions']!;
    requireFloating(name, 'predictions', p);
    return elementwise(name, 'predictions', p, args['targets'], (x, y) => {
      const e = x - y;
      const a = Math.abs(e);
      return [a + Math.log1p(Math.exp(-2 * a)) - Math.LN2, Math.tanh(e)];
    }, wantGrad);
  },
});

/** The per-vector unit scaling of cosine_similarity: a / √max(Σ_where a², ε) over `axes`. */
interface Unit {
  unit: Float64Array;
  norm: Float64Array;
  /** d norm / d Σa²·2a factor: 1 when Σa² > ε, ½ at ε (JAX's clip tie), 0 below. */
  slope: Float64Array;
  groupOf: Int32Array;
}

function unitVectors(a: Tensor, axes: number[], mask: Uint8Array | null, eps: number): Unit {
  const { groupOf, groups } = groupBy(a.shape, axes);
  const sq = new Float64Array(groups);
  for (let i = 0; i < a.size; i++) if (!mask || mask[i]) sq[groupOf[i]!]! += a.data[i]! * a.data[i]!;
  const norm = new Float64Array(groups);
  const slope = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    norm[g] = Math.sqrt(Math.max(sq[g]!, eps));
    slope[g] = maxSlope(sq[g]!, eps);
  }
  const unit = new Float64Array(a.size);
  for (let i = 0; i < a.size; i++) unit[i] = a.data[i]! / norm[groupOf[i]!]!;
  return { unit, norm, slope, groupOf };
}

/** Gradient of a/‖a‖ given the cotangent `gUnit` of the unit vector (same layout as a). */
function unitBackward(a: Tensor, u: Unit, mask: Uint8Array | null, gUnit: Float64Array): Float64Array {
  const dot = new Float64Array(u.norm.length);
  for (let i = 0; i < a.size; i++) dot[u.groupOf[i]!]! += gUnit[i]! * a.data[i]!;
  const out = new Float64Array(a.size);
  for (let i = 0; i < a.size; i++) {
    const g = u.groupOf[i]!;
    const n = u.norm[g]!;
    let v = gUnit[i]! / n;
    if (!mask || mask[i]) v -= (dot[g]! / (n * n)) * u.slope[g]! * (a.data[i]! / n);
    out[i] = v;
  }
  return out;
}

/** optax.losses.cosine_similarity with its gradient for `predictions`. Each operand's squared
 *  norm is summed over its broadcast against `where` (jnp.sum(where=) broadcasts both). */
export function cosineSimilarity(
  name: string,
  a: Tensor,
  b: Tensor,
  opts: { epsilon: number; axis: ReturnType<FrameworkOptions['raw']>; where: Tensor | undefined },
): { value: Tensor; gradA: (upstream: Float64Array) => Tensor } {
  const w = opts.where;
  const shapeA = w ? broadcastPair(name, 'sum', a.shape, w.shape) : [...a.shape];
  const shapeB = w ? broadcastPair(name, 'sum', b.shape, w.shape) : [...b.shape];
  const aX = new Tensor(shapeA, readAt(a, shapeA));
  const bX = new Tensor(shapeB, readAt(b, shapeB));
  const maskA = maskAt(name, w, shapeA);
  const ua = unitVectors(aX, canonicalAxes(name, opts.axis, shapeA.length), maskA, opts.epsilon);
  const ub = unitVectors(bX, canonicalAxes(name, opts.axis, shapeB.length), maskAt(name, w, shapeB), opts.epsilon);
  const shape = broadcastPair(name, 'mul', shapeA, shapeB);
  const { outShape, groupOf, groups } = groupBy(shape, canonicalAxes(name, opts.axis, shape.length));
  const mask = maskAt(name, w, shape);
  const uA = readAt(new Tensor(shapeA, ua.unit), shape);
  const uB = readAt(new Tensor(shapeB, ub.unit), shape);
  const out = new Float64Array(groups);
  for (let i = 0; i < uA.length; i++) if (!mask || mask[i]) out[groupOf[i]!]! += uA[i]! * uB[i]!;
  return {
    value: new Tensor(outShape, out),
    gradA(upstream) {
      const gProd = new Float64Array(uA.length);
      for (let i = 0; i < uA.length; i++) if (!mask || mask[i]) gProd[i] = upstream[groupOf[i]!]! * uB[i]!;
      const gUnit = sumTo(gProd, shape, shapeA).data;
      return sumTo(unitBackward(aX, ua, maskA, gUnit), shapeA, a.shape);
    },
  };
}

function cosine(name: string, distance: boolean): FrameworkLoss {
  return defineFrameworkLoss({
    name, framework: 'jax', kind: 'functional', lossId: 'cosine_similarity_loss',
    args: [
      PREDICTIONS,
      arg('targets', false, 'The vectors to compare with.'),
      arg('where', false, 'Which elements take part in the sums (int 0/1 mask).', true),
    ],
    options: [
      option('epsilon', 'number', 0, 'Lower bound of the squared norms before the square root.'),
      option('axis', 'integer', -1, 'The axis (or list of axes) holding the vectors.'),
    ],
    differences: distance
      ? '1 − cosine similarity per vector (no reduction); the norms are √max(Σx², epsilon) with epsilon 0 by default, so a zero vector gives NaN; a `where` mask restricts every sum.'
      : 'The cosine similarity itself (higher is better, not a loss to minimise as is), per vector, no reduction; norms √max(Σx², epsilon) with epsilon 0 by default; a `where` mask restricts every sum.',
    run(args, o, wantGrad): LossResult {
      const p = args['predictions']!;
      const t = args['targets']!;
      requireFloating(name, 'predictions', p);
      requireFloating(name, 'targets', t);
      const cos = cosineSimilarity(name, p, t, { epsilon: o.number('epsilon'), axis: o.raw('axis'), where: args['where'] });
      const value = distance ? new Tensor(cos.value.shape, cos.value.data.map((v) => 1 - v)) : cos.value;
      const grad: Record<string, Tensor> = {};
      if (wantGrad) grad['predictions'] = cos.gradA(new Float64Array(value.size).fill(distance ? -1 : 1));
      return { value, grad };
    },
  });
}

export function hingeLike(name: string, lossId: string, margin: number, checkShapes: boolean, differences: string): FrameworkLoss {
  return defineFrameworkLoss({
    name, framework: 'jax', kind: 'functional', lossId,
    args: [arg('predictor_outputs', true, 'The scores (decision values).'), arg('targets', false, 'The labels, −1 or +1.')],
    options: [],
    differences,
    run(args, _o, wantGrad): LossResult {
      const x = args['predictor_outputs']!;
      const t = args['targets']!;
      if (checkShapes) requireShapesEqual(name, x, t);
      return elementwise(name, 'predictor_outputs', x, t, (s, y) => {
        const z = margin - s * y;
        return [Math.max(0, z), -y * maxSlope(z, 0)];
      }, wantGrad);
    },
  });
}

export const OPTAX_REGRESSION: readonly FrameworkLoss[] = [
  squared('optax.losses.squared_error', 1),
  squared('optax.losses.l2_loss', 0.5),
  huber,
  logCosh,
  cosine('optax.losses.cosine_similarity', false),
  cosine('optax.losses.cosine_distance', true),
];
