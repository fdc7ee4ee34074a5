import type { LossSpec, OptionValue } from '../catalog/types';
import { Tensor } from '../tensor';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { checkClassWeight, classIndexLayout, classIndexReductionOption, readClassTargets, totalTargetWeight } from './classes';
import { CLASS_IMBALANCE, IGNORE_INDEX_MEAN } from './classification_pitfalls';
import { requireArg, requireFloat } from './common';
import { LEGACY_REDUCTION_OPTIONS } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';

const ID = 'nll_loss';

export const spec: LossSpec = {
  id: ID,
  title: 'Negative log-likelihood (NLL)',
  family: 'classification',
  summary: 'Picks minus the log-probability of the true class from log-probabilities (the output of log_softmax): cross_entropy without the softmax.',
  formula: {
    unicode: 'ℓₙ = −w[yₙ]·xₙ,yₙ  (0 where yₙ = ignore_index);  mean: Σₙ ℓₙ / Σₙ w[yₙ]',
    latex: '\\ell_n = -w_{y_n} x_{n,y_n}, \\qquad \\mathcal{L}_{\\text{mean}} = \\frac{\\sum_n \\ell_n}{\\sum_n w_{y_n}\\,[y_n \\ne \\text{ignore}]}',
  },
  args: [
    { name: 'input', shape: '(C), (N, C) or (N, C, d1, ..., dK)', dtype: 'float', differentiable: true, meaning: 'Log-probabilities per class (log_softmax output); class dimension is dim 1 (dim 0 when unbatched).' },
    { name: 'target', shape: '(), (N) or (N, d1, ..., dK)', dtype: 'int', differentiable: false, meaning: 'int64 class indices in [0, C), or ignore_index.' },
    { name: 'weight', shape: '(C)', dtype: 'float', differentiable: false, optional: true, meaning: 'Rescaling weight per class (a tensor argument, not differentiable in PyTorch).' },
  ],
  options: [
    ...LEGACY_REDUCTION_OPTIONS,
    {
      name: 'ignore_index',
      type: 'integer',
      default: -100,
      meaning: 'Targets equal to this index contribute neither loss nor gradient and are left out of the mean.',
      explain: (v: OptionValue) => (typeof v === 'number' ? `targets equal to ${v} are skipped: no loss, no gradient, not counted in the mean` : 'an integer class index whose targets are skipped'),
    },
    classIndexReductionOption(false),
  ],
  shapes: {
    input: '(C), (N, C) or (N, C, d1, ..., dK)',
    target: '() for (C) input, (N), or (N, d1, ..., dK)',
    output: "scalar; with reduction='none': (N) or (N, d1, ..., dK) (scalar for unbatched input)",
  },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.NLLLoss', positional: ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.nll_loss', positional: ['input', 'target', 'weight', 'size_average', 'ignore_index', 'reduce', 'reduction'] },
  ],
  whenToUse: [
    'When the model already ends in log_softmax (or another log-probability output such as a log-mixture).',
    'To reuse log-probabilities computed for something else (sampling, beam search) without a second softmax.',
    'Segmentation or sequence labelling with (N, C, d1, ...) log-probabilities and ignore_index for padding.',
  ],
  pitfalls: [
    {
      id: 'nll-on-logits-or-probabilities',
      title: 'Raw logits or probabilities passed as log-probabilities',
      detail:
        'nll_loss just negates the entry of the true class; it does not normalise. With raw logits the loss is unbounded below ' +
        '(the model can push it to −∞), with probabilities it is −p instead of −log p. Apply log_softmax first, or use cross_entropy on the logits.',
    },
    CLASS_IMBALANCE,
    IGNORE_INDEX_MEAN,
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'd/dx_{n,c} = −w[yₙ] at the true class (divided by Σ w[yₙ] for mean) and 0 elsewhere: constant in magnitude, so the normalisation ' +
    'layer before it (log_softmax) shapes the learning signal. Ignored targets get zero gradient; target and weight are not differentiable.',
  references: [
    { title: 'torch.nn.NLLLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.NLLLoss.html' },
    { title: 'torch.nn.functional.nll_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.nll_loss.html' },
  ],
  expects: { prediction: 'log_probabilities', target: 'class_indices' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const read = callOptions(spec, options);
    const reduction = readReduction(read, true);
    const ignoreIndex = read.integer('ignore_index');
    const input = requireArg(ID, args, 'input');
    const target = requireArg(ID, args, 'target');
    requireFloat(ID, 'input', input);
    const layout = classIndexLayout(ID, input, target);
    const w = checkClassWeight(ID, args['weight'], layout.classes);
    const targets = readClassTargets(ID, target, layout, ignoreIndex);
    const { classes: C, inner } = layout;
    const x = input.data;
    const values = reduction === 'none' ? new Float64Array(targets.length) : null;
    let sum = 0;
    for (let r = 0; r < targets.length; r++) {
      const k = targets[r]!;
      if (k < 0) continue;
      const n = Math.floor(r / inner);
      const v = -(w ? w[k]! : 1) * x[(n * C + k) * inner + (r - n * inner)]!;
      sum += v;
      if (values) values[r] = v;
    }
    const total = reduction === 'mean' ? totalTargetWeight(targets, w) : 1;
    const value = values ? new Tensor(layout.outShape, values) : Tensor.scalar(reduction === 'mean' ? sum / total : sum);
    const grad: Record<string, Tensor> = {};
    if (wantGrad) {
      const g = new Float64Array(x.length);
      const step = -(1 / total);
      for (let r = 0; r < targets.length; r++) {
        const k = targets[r]!;
        if (k < 0) continue;
        const n = Math.floor(r / inner);
        g[(n * C + k) * inner + (r - n * inner)] = w ? w[k]! * step : step;
      }
      grad['input'] = new Tensor(input.shape, g);
    }
    return { value, grad };
  },
};
