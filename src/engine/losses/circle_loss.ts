import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { reductionOption } from './option_specs';
import { callOptions, rejectUnknownNames } from './call_options';
import { requireArg, softplus, sigmoid } from './common';
import { reduceRows } from './spec_kit';

const ID = 'circle_loss';

export const spec: LossSpec = {
  id: ID,
  title: 'Circle loss',
  family: 'embedding',
  summary: 'softplus(logsumexp over positives of −γ·αₚ(sₚ − Δₚ) + logsumexp over negatives of γ·αₙ(sₙ − Δₙ)) per anchor, on cosine similarities: each similarity is weighted by how far it is from its optimum.',
  formula: { unicode: 'ℓᵢ = softplus(LSEₚ(−γ αₚ (sₚ − 1 + m)) + LSEₙ(γ αₙ (sₙ − m))), αₚ = [1 + m − sₚ]₊, αₙ = [sₙ + m]₊', latex: '\\ell_i = \\operatorname{softplus}\\Bigl(\\operatorname{LSE}_p\\bigl(-\\gamma\\alpha_p (s_p - 1 + m)\\bigr) + \\operatorname{LSE}_n\\bigl(\\gamma\\alpha_n (s_n - m)\\bigr)\\Bigr)' },
  args: [
    { name: 'input', shape: '(N, D)', dtype: 'float', differentiable: true, meaning: 'Embeddings (L2-normalised inside).' },
    { name: 'target', shape: '(N)', dtype: 'int', differentiable: false, meaning: 'Class labels; same label = positive pair.' },
  ],
  options: [
    reductionOption('over the batch'),
    { name: 'margin', type: 'number', default: 0.4, meaning: 'Relaxation m: positives aim above 1 − m, negatives below m.' },
    { name: 'gamma', type: 'number', default: 80, range: { min: 0, exclusiveMin: true }, meaning: 'Scale γ of the similarities.' },
  ],
  shapes: { input: '(N, D)', target: '(N)', output: "scalar; with reduction='none', (N)" },
  spellings: [],
  whenToUse: ['Deep metric learning and face/person re-identification with class labels.', 'A unified form of triplet and softmax-margin losses with self-paced weighting.'],
  pitfalls: [
    { id: 'circle-gamma-scale', title: 'γ sets the temperature', detail: 'γ = 80–256 makes the logsumexps nearly a max: most anchors give 0 or a large value. Lower γ for small batches.' },
    { id: 'circle-no-pairs', title: 'Anchors without positives or negatives', detail: 'An anchor with no other sample of its class (or no other class) gives 0: sample batches with several instances per class.' },
    { id: 'circle-keras-distance', title: 'Keras works on distances of unnormalised embeddings', detail: 'keras.losses.Circle uses max(1 − x·y, 0) on the embeddings as given and does not detach the weights; normalise the embeddings yourself there.' },
  ],
  gradient: 'The full derivative, through the weights αₚ, αₙ as well (the paper and pytorch-metric-learning treat them as constants, which changes the gradient but not the value): each pair moves in proportion to its softmax share and to how far it is from its optimum.',
  references: [
    { title: 'Sun, Y. et al. (2020). Circle Loss: A Unified Perspective of Pair Similarity Optimization. CVPR.' },
    { title: 'pytorch_metric_learning.losses.CircleLoss', url: 'https://kevinmusgrave.github.io/pytorch-metric-learning/losses/#circleloss' },
  ],
  expects: { prediction: 'embeddings', target: 'class_indices' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const x = requireArg(ID, args, 'input');
    const y = requireArg(ID, args, 'target');
    if (x.ndim !== 2) throw new LossError(ID, 'input', `expected shape (N, D), got [${x.shape.join(', ')}]`);
    const [n, d] = x.shape as [number, number];
    if (y.ndim !== 1 || y.shape[0] !== n) throw new LossError(ID, 'target', `expected shape (${n}), got [${y.shape.join(', ')}]`);
    const opt = callOptions(spec, options);
    const m = opt.number('margin');
    const gamma = opt.number('gamma');
    const norms = Array.from({ length: n }, (_, i) => Math.max(Math.hypot(...x.data.subarray(i * d, (i + 1) * d)), 1e-12));
    const u = Float64Array.from(x.data, (v, j) => v / norms[Math.floor(j / d)]!);
    const sim = (i: number, j: number) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += u[i * d + k]! * u[j * d + k]!;
      return s;
    };
    const values = new Float64Array(n);
    const gu = new Float64Array(x.size);
    for (let i = 0; i < n; i++) {
      const logits: number[] = [];
      const partners: number[] = [];
      const slopes: number[] = [];
      let hasPos = false;
      let hasNeg = false;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const s = sim(i, j);
        if (y.data[j] === y.data[i]) {
          hasPos = true;
          const a = Math.max(1 + m - s, 0);
          logits.push(-gamma * a * (s - (1 - m)));
          slopes.push(-gamma * (a - (a > 0 ? 1 : 0) * (s - (1 - m))));
        } else {
          hasNeg = true;
          const a = Math.max(s + m, 0);
          logits.push(gamma * a * (s - m));
          slopes.push(gamma * (a + (a > 0 ? 1 : 0) * (s - m)));
        }
        partners.push(j);
      }
      if (!hasPos || !hasNeg) continue;
      const pos = partners.map((j) => y.data[j] === y.data[i]);
      const lse = (keep: boolean) => {
        const vals = logits.filter((_, k) => pos[k] === keep);
        const mx = Math.max(...vals);
        return mx + Math.log(vals.reduce((acc, v) => acc + Math.exp(v - mx), 0));
      };
      const lp = lse(true);
      const ln = lse(false);
      values[i] = softplus(lp + ln);
      const outer = sigmoid(lp + ln);
      partners.forEach((j, k) => {
        const w = outer * Math.exp(logits[k]! - (pos[k] ? lp : ln)) * slopes[k]!;
        for (let c = 0; c < d; c++) {
          gu[i * d + c]! += w * u[j * d + c]!;
          gu[j * d + c]! += w * u[i * d + c]!;
        }
      });
    }
    // Back through the L2 normalisation: (g − (g·u)u)/‖x‖ per row.
    const g = new Float64Array(x.size);
    for (let i = 0; i < n; i++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += gu[i * d + c]! * u[i * d + c]!;
      for (let c = 0; c < d; c++) g[i * d + c] = (gu[i * d + c]! - dot * u[i * d + c]!) / norms[i]!;
    }
    return reduceRows([n], values, { input: { shape: x.shape, perRow: g } }, opt.reduction(), wantGrad);
  },
};
