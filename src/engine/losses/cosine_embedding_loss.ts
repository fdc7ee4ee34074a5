import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { Tensor, broadcastIndex, broadcastShapes, formatShape, numel } from '../tensor';
import { reduce, requireArg } from './common';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { LEGACY_REDUCTION_OPTIONS, fmt, reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';

const LOSS = 'cosine_embedding_loss';
/** ATen's EPSILON, a C++ float, added to both squared magnitudes. */
const EPSILON = Math.fround(1e-12);

/** Sums a row-major tensor over dimension `dim`; `spread` is its adjoint (copies back along `dim`). */
function alongDim(shape: readonly number[], dim: number) {
  const outer = numel(shape.slice(0, dim));
  const len = shape[dim]!;
  const inner = numel(shape.slice(dim + 1));
  return {
    shape: [...shape.slice(0, dim), ...shape.slice(dim + 1)],
    sum(v: Float64Array): Float64Array {
      const out = new Float64Array(outer * inner);
      for (let o = 0; o < outer; o++)
        for (let j = 0; j < len; j++)
          for (let i = 0; i < inner; i++) out[o * inner + i]! += v[(o * len + j) * inner + i]!;
      return out;
    },
    spread(g: Float64Array): Float64Array {
      const out = new Float64Array(outer * len * inner);
      for (let o = 0; o < outer; o++)
        for (let j = 0; j < len; j++)
          for (let i = 0; i < inner; i++) out[(o * len + j) * inner + i] = g[o * inner + i]!;
      return out;
    },
  };
}

function broadcastOrThrow(name: string, a: readonly number[], b: readonly number[], what: string): number[] {
  const s = broadcastShapes(a, b);
  if (!s) throw new LossError(LOSS, name, `${what}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast`);
  return s;
}

export const spec: LossSpec = {
  id: LOSS,
  title: 'Cosine embedding loss',
  family: 'embedding',
  summary:
    'For pairs of embeddings and a label y = +1 (similar) or −1 (dissimilar): similar pairs pay 1 − cos(x₁, x₂), dissimilar pairs pay ' +
    'max(0, cos(x₁, x₂) − margin). Only the directions of the embeddings matter.',
  formula: {
    unicode: 'ℓᵢ = 1 − cos(x₁ᵢ, x₂ᵢ) if yᵢ = 1;  max(0, cos(x₁ᵢ, x₂ᵢ) − margin) if yᵢ = −1;  cos = x₁·x₂ / √((‖x₁‖² + ε)(‖x₂‖² + ε)), ε = 1e-12',
    latex:
      '\\ell_i = \\begin{cases} 1 - \\cos(x_{1,i}, x_{2,i}) & y_i = 1 \\\\ \\max\\bigl(0,\\ \\cos(x_{1,i}, x_{2,i}) - \\text{margin}\\bigr) & y_i = -1 \\end{cases}, ' +
      '\\quad \\cos(a, b) = \\frac{a \\cdot b}{\\sqrt{(\\lVert a \\rVert^2 + \\epsilon)(\\lVert b \\rVert^2 + \\epsilon)}}',
  },
  args: [
    { name: 'input1', shape: '(N, D) or unbatched (D)', dtype: 'float', differentiable: true, meaning: 'First embedding of each pair.' },
    { name: 'input2', shape: '(N, D) or (D), broadcastable with input1', dtype: 'float', differentiable: true, meaning: 'Second embedding of each pair.' },
    {
      name: 'target', shape: '(N), or 0-d for unbatched input', dtype: 'float or int', differentiable: false,
      meaning: '+1 for pairs that should point the same way, −1 for pairs that should not; any other value contributes 0.',
    },
  ],
  options: [
    {
      name: 'margin', type: 'number', default: 0, range: { min: -1, max: 1 },
      meaning: 'Cosine similarity below which a dissimilar pair stops costing anything; PyTorch suggests 0 to 0.5.',
      explain: (v) => {
        if (typeof v !== 'number') return 'margin must be a number';
        if (v >= 1) return `margin ${fmt(v)} ≥ 1: a cosine never exceeds 1, so dissimilar pairs never cost anything`;
        if (v <= -1) return `margin ${fmt(v)} ≤ −1: every dissimilar pair costs cos + ${fmt(-v)}, even opposite ones`;
        if (v === 0) return 'dissimilar pairs are pushed until they are orthogonal or opposite (cos ≤ 0)';
        return `dissimilar pairs are pushed until their cosine similarity is at most ${fmt(v)}`;
      },
      tunable: { min: -1, max: 1, step: 0.05 },
    },
    ...LEGACY_REDUCTION_OPTIONS,
    reductionOption('over the pairs'),
  ],
  shapes: {
    input: 'input1, input2: (N, D), or unbatched (D) with a 0-d target',
    target: '(N), or 0-d for unbatched input; a 2-D target is rejected',
    output: "scalar; with reduction='none', (N) (0-d when unbatched)",
  },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.CosineEmbeddingLoss', positional: ['margin', 'size_average', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.cosine_embedding_loss', positional: ['input1', 'input2', 'target', 'margin', 'size_average', 'reduce', 'reduction'] },
  ],
  whenToUse: [
    'Learning embeddings compared by angle (text or image retrieval, duplicate detection) from pairs labelled similar/dissimilar.',
    'When the magnitude of the embedding carries no meaning, or varies for reasons unrelated to similarity.',
  ],
  pitfalls: [
    {
      id: 'cosine-zero-one-labels',
      title: 'Labels must be ±1, not 0/1',
      detail: 'Only y = 1 and y = −1 contribute: pairs labelled 0 cost nothing and are silently ignored. Encode dissimilar pairs as −1.',
    },
    {
      id: 'cosine-zero-vector',
      title: 'Near-zero embeddings give huge gradients',
      detail:
        'The 1e-12 added to the squared norms only prevents a division by zero: for an embedding of norm ≪ 1e-6 the cosine is ill-defined and ' +
        'its gradient scales like 1/‖x‖, up to ~1e6. Make sure the encoder cannot output (near-)zero vectors, e.g. normalise with a larger eps.',
    },
    {
      id: 'cosine-ignores-magnitude',
      title: 'The magnitude of the embeddings is not trained',
      detail:
        'The gradient of the cosine is orthogonal to each embedding, so norms drift freely during training. If downstream code uses dot products ' +
        'or Euclidean distances, normalise the embeddings there as well.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd cos/dx₁ = x₂/(‖x₁‖‖x₂‖) − cos·x₁/‖x₁‖² (symmetric for x₂): orthogonal to x₁ and shrinking as ‖x₁‖ grows. Similar pairs get −d cos, ' +
    'dissimilar pairs with cos ≥ margin get +d cos, others 0; ÷N for mean. No gradient for the target.',
  references: [
    { title: 'torch.nn.CosineEmbeddingLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.CosineEmbeddingLoss.html' },
    { title: 'torch.nn.functional.cosine_embedding_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.cosine_embedding_loss.html' },
  ],
  expects: { prediction: 'embeddings', target: 'plus_minus_one' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const read = callOptions(spec, options);
    const reduction = readReduction(read, true);
    const margin = read.number('margin');
    const x1 = requireArg(LOSS, args, 'input1');
    const x2 = requireArg(LOSS, args, 'input2');
    const target = requireArg(LOSS, args, 'target');
    const dim = target.ndim;
    if (dim > 1) throw new LossError(LOSS, 'target', `expected a 0-d or 1-d target, got shape ${formatShape(target.shape)} (multi-target not supported)`);
    if (x1.ndim !== dim + 1) {
      throw new LossError(LOSS, 'input1', `a ${dim}-d target expects ${dim + 1}-d inputs, got input1 ${formatShape(x1.shape)} and input2 ${formatShape(x2.shape)}`);
    }
    if (x2.ndim <= dim) throw new LossError(LOSS, 'input2', `shape ${formatShape(x2.shape)} has no dimension ${dim} to sum the embedding over`);

    // ATen sums x1·x2 at their broadcast shape, but each squared magnitude over its own tensor.
    const full = broadcastOrThrow('input2', x1.shape, x2.shape, 'input1 · input2');
    const map1 = broadcastIndex(x1.shape, full);
    const map2 = broadcastIndex(x2.shape, full);
    const prodAlong = alongDim(full, dim);
    const along1 = alongDim(x1.shape, dim);
    const along2 = alongDim(x2.shape, dim);
    const prodFull = new Float64Array(map1.length);
    for (let k = 0; k < prodFull.length; k++) prodFull[k] = x1.data[map1[k]!]! * x2.data[map2[k]!]!;
    const prod = prodAlong.sum(prodFull);
    const m1 = along1.sum(x1.data.map((v) => v * v)).map((v) => v + EPSILON);
    const m2 = along2.sum(x2.data.map((v) => v * v)).map((v) => v + EPSILON);
    const denShape = broadcastOrThrow('input2', along1.shape, along2.shape, 'magnitudes');
    const mapM1 = broadcastIndex(along1.shape, denShape);
    const mapM2 = broadcastIndex(along2.shape, denShape);
    const den = new Float64Array(mapM1.length);
    for (let k = 0; k < den.length; k++) den[k] = Math.sqrt(m1[mapM1[k]!]! * m2[mapM2[k]!]!);
    const cosShape = broadcastOrThrow('input2', prodAlong.shape, denShape, 'cosine');
    const mapProd = broadcastIndex(prodAlong.shape, cosShape);
    const mapDen = broadcastIndex(denShape, cosShape);
    const cos = new Float64Array(mapProd.length);
    for (let k = 0; k < cos.length; k++) cos[k] = prod[mapProd[k]!]! / den[mapDen[k]!]!;
    const outShape = broadcastOrThrow('target', cosShape, target.shape, 'target');
    const mapCos = broadcastIndex(cosShape, outShape);
    const mapT = broadcastIndex(target.shape, outShape);
    const values = new Float64Array(mapCos.length);
    for (let k = 0; k < values.length; k++) {
      const c = cos[mapCos[k]!]!;
      const y = target.data[mapT[k]!]!;
      values[k] = y === 1 ? 1 - c : y === -1 ? Math.max(c - margin, 0) : 0;
    }
    const { value, scale } = reduce(values, outShape, reduction);
    if (!wantGrad) return { value, grad: {} };

    const gCos = new Float64Array(cos.length);
    for (let k = 0; k < values.length; k++) {
      const c = cos[mapCos[k]!]!;
      const y = target.data[mapT[k]!]!;
      gCos[mapCos[k]!]! += y === 1 ? -scale : y === -1 && c - margin >= 0 ? scale : 0;
    }
    const gProd = new Float64Array(prod.length);
    const gDen = new Float64Array(den.length);
    for (let k = 0; k < cos.length; k++) {
      const d = den[mapDen[k]!]!;
      gProd[mapProd[k]!]! += gCos[k]! / d;
      gDen[mapDen[k]!]! -= (gCos[k]! * cos[k]!) / d;
    }
    const gm1 = new Float64Array(m1.length);
    const gm2 = new Float64Array(m2.length);
    for (let k = 0; k < den.length; k++) {
      const gA = gDen[k]! / (2 * den[k]!);
      gm1[mapM1[k]!]! += gA * m2[mapM2[k]!]!;
      gm2[mapM2[k]!]! += gA * m1[mapM1[k]!]!;
    }
    const gProdFull = prodAlong.spread(gProd);
    const g1 = along1.spread(gm1).map((g, i) => 2 * x1.data[i]! * g);
    const g2 = along2.spread(gm2).map((g, i) => 2 * x2.data[i]! * g);
    for (let k = 0; k < gProdFull.length; k++) {
      g1[map1[k]!]! += gProdFull[k]! * x2.data[map2[k]!]!;
      g2[map2[k]!]! += gProdFull[k]! * x1.data[map1[k]!]!;
    }
    const grad: Record<string, Tensor> = {};
    if (x1.isFloating) grad['input1'] = new Tensor(x1.shape, g1);
    if (x2.isFloating) grad['input2'] = new Tensor(x2.shape, g2);
    return { value, grad };
  },
};
