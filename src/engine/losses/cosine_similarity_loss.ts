import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { callOptions, rejectUnknownNames } from './call_options';
import { reduceRows, sameShapeMatrices } from './spec_kit';

const ID = 'cosine_similarity_loss';

export const spec: LossSpec = {
  id: ID,
  title: 'Cosine similarity loss',
  family: 'embedding',
  summary: '−cos(x, y) per row: 0 for orthogonal, −1 for aligned vectors; only the direction of the prediction is trained.',
  formula: { unicode: 'ℓᵢ = −xᵢ·yᵢ / (max(‖xᵢ‖, ε)·max(‖yᵢ‖, ε))', latex: '\\ell_i = -\\frac{x_i \\cdot y_i}{\\max(\\lVert x_i \\rVert, \\varepsilon)\\,\\max(\\lVert y_i \\rVert, \\varepsilon)}' },
  args: [
    { name: 'input', shape: '(N, D)', dtype: 'float', differentiable: true, meaning: 'Predicted vectors.' },
    { name: 'target', shape: '(N, D)', dtype: 'float', differentiable: true, meaning: 'Target vectors.' },
  ],
  options: [
    reductionOption('over the batch'),
    { name: 'eps', type: 'number', default: 1e-8, range: { min: 0 }, meaning: 'Lower bound of each norm (as torch.nn.functional.cosine_similarity).' },
  ],
  shapes: { input: '(N, D)', target: '(N, D)', output: "scalar; with reduction='none', (N)" },
  spellings: [
    { framework: 'keras', kind: 'string', name: 'cosine_similarity', note: "compile(loss='cosine_similarity'): keras.losses.CosineSimilarity." },
  ],
  whenToUse: ['Regressing directions: embeddings, normals, word vectors.', 'Distillation of feature directions regardless of scale.'],
  pitfalls: [
    { id: 'cosine-sign', title: 'Negative values', detail: 'Keras’ CosineSimilarity returns −cos (lower is better, −1 best); code that reports it as a similarity gets the sign wrong.' },
    { id: 'cosine-zero-vector', title: 'Zero vectors', detail: 'A zero prediction has no direction: the value is 0 and the gradient blows up as 1/ε.' },
  ],
  gradient: 'd/dx = −(ŷ − cos·x̂)/‖x‖: perpendicular to x, so the norm of the prediction is never trained.',
  references: [
    { title: 'keras.losses.CosineSimilarity — Keras API reference', url: 'https://keras.io/api/losses/regression_losses/' },
    { title: 'torch.nn.functional.cosine_similarity — PyTorch 1.13', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.cosine_similarity.html' },
  ],
  expects: { prediction: 'embeddings', target: 'values' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const { x, y, n, l: d } = sameShapeMatrices(ID, args);
    const opt = callOptions(spec, options);
    const eps = opt.number('eps');
    const values = new Float64Array(n);
    const gx = new Float64Array(x.size);
    const gy = new Float64Array(y.size);
    for (let i = 0; i < n; i++) {
      let xy = 0;
      let xx = 0;
      let yy = 0;
      for (let k = 0; k < d; k++) {
        const a = x.data[i * d + k]!;
        const b = y.data[i * d + k]!;
        xy += a * b;
        xx += a * a;
        yy += b * b;
      }
      const nx = Math.sqrt(xx);
      const ny = Math.sqrt(yy);
      const mx = Math.max(nx, eps);
      const my = Math.max(ny, eps);
      values[i] = -xy / (mx * my);
      for (let k = 0; k < d; k++) {
        const a = x.data[i * d + k]!;
        const b = y.data[i * d + k]!;
        gx[i * d + k] = -(b / (mx * my) - (nx > eps ? (xy * a) / (mx * mx * mx * my) : 0));
        gy[i * d + k] = -(a / (mx * my) - (ny > eps ? (xy * b) / (my * my * my * mx) : 0));
      }
    }
    return reduceRows([n], values, { input: { shape: x.shape, perRow: gx }, target: { shape: y.shape, perRow: gy } }, opt.reduction(), wantGrad);
  },
};
