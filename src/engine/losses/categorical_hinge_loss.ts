import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { callOptions, rejectUnknownNames } from './call_options';
import { reduceRows, sameShapeMatrices } from './spec_kit';

const ID = 'categorical_hinge_loss';

export const spec: LossSpec = {
  id: ID,
  title: 'Categorical hinge loss',
  family: 'margin',
  summary: 'max(0, 1 + max over wrong classes of the score − score of the true class), with one-hot targets: the Crammer–Singer multi-class hinge.',
  formula: { unicode: 'ℓᵢ = max(0, 1 + maxₖ (1 − yᵢₖ)xᵢₖ − Σₖ yᵢₖxᵢₖ)', latex: '\\ell_i = \\max\\bigl(0,\\ 1 + \\max_k (1 - y_{ik}) x_{ik} - \\textstyle\\sum_k y_{ik} x_{ik}\\bigr)' },
  args: [
    { name: 'input', shape: '(N, C)', dtype: 'float', differentiable: true, meaning: 'Class scores.' },
    { name: 'target', shape: '(N, C)', dtype: 'float', differentiable: false, meaning: 'One-hot targets.' },
  ],
  options: [
    reductionOption('over the batch'),
  ],
  shapes: { input: '(N, C)', target: '(N, C), one-hot', output: "scalar; with reduction='none', (N)" },
  spellings: [
    { framework: 'keras', kind: 'string', name: 'categorical_hinge', note: "compile(loss='categorical_hinge'): keras.losses.CategoricalHinge." },
  ],
  whenToUse: ['Multi-class margin classifiers with one-hot targets (Keras CategoricalHinge).', 'When only the ranking of the true class against the best wrong class matters.'],
  pitfalls: [
    { id: 'cat-hinge-one-hot', title: 'Targets must be one-hot', detail: 'Class indices or soft labels make the \"wrong classes\" term meaningless; use multi_margin_loss for indices.' },
    { id: 'cat-hinge-vs-multi-margin', title: 'Not PyTorch’s multi_margin_loss', detail: 'multi_margin_loss averages the hinge over every wrong class; this takes only the best wrong class.' },
  ],
  gradient: 'Inside the margin: +1 on the best wrong class (split among ties), −1 on the true class; 0 once the true class leads by 1.',
  references: [
    { title: 'Crammer, K. & Singer, Y. (2001). On the Algorithmic Implementation of Multiclass Kernel-based Vector Machines. JMLR 2.' },
    { title: 'keras.losses.CategoricalHinge — Keras API reference', url: 'https://keras.io/api/losses/hinge_losses/' },
  ],
  expects: { prediction: 'scores', target: 'class_probabilities' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const { x, y, n, l: c } = sameShapeMatrices(ID, args);
    const values = new Float64Array(n);
    const g = new Float64Array(x.size);
    for (let i = 0; i < n; i++) {
      let pos = 0;
      let neg = -Infinity;
      for (let k = 0; k < c; k++) {
        pos += y.data[i * c + k]! * x.data[i * c + k]!;
        neg = Math.max(neg, (1 - y.data[i * c + k]!) * x.data[i * c + k]!);
      }
      const m = neg - pos + 1;
      values[i] = Math.max(m, 0);
      if (m <= 0) continue;
      let ties = 0;
      for (let k = 0; k < c; k++) if ((1 - y.data[i * c + k]!) * x.data[i * c + k]! === neg) ties++;
      for (let k = 0; k < c; k++) {
        const t = y.data[i * c + k]!;
        g[i * c + k] = ((1 - t) * x.data[i * c + k]! === neg ? (1 - t) / ties : 0) - t;
      }
    }
    return reduceRows([n], values, { input: { shape: x.shape, perRow: g } }, callOptions(spec, options).reduction(), wantGrad);
  },
};
