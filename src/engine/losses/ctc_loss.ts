import { LossError } from '../errors';
import type { LossSpec } from '../catalog/types';
import { Tensor, formatShape } from '../tensor';
import { requireArg } from './common';
import { callOptions, readReduction, rejectUnknownNames } from './call_options';
import { ctcBackward, ctcForward, type CtcSequence } from '../kernels/ctc_forward_backward';
import { fmt, reductionOption } from './option_specs';
import { NAIVE_LOSS_COMBINATION, OVERFITTING_TO_THE_LOSS } from './shared_pitfalls';

const LOSS = 'ctc_loss';

function lengths(name: string, t: Tensor, batch: number): number[] {
  if (t.isFloating || t.dtype === 'bool') throw new LossError(LOSS, name, `must be integral, got ${t.dtype}`);
  if (t.size !== batch) throw new LossError(LOSS, name, `must have one value per batch element (${batch}), got shape ${formatShape(t.shape)}`);
  const out = Array.from(t.data);
  for (const v of out) {
    // PyTorch 1.13's CPU kernel reads out of bounds for negative lengths; refuse instead.
    if (v < 0) throw new LossError(LOSS, name, `lengths must be non-negative, got ${v}`);
  }
  return out;
}

export const spec: LossSpec = {
  id: LOSS,
  title: 'Connectionist Temporal Classification (CTC) loss',
  family: 'sequence',
  summary:
    'Negative log-likelihood of a label sequence given per-frame class log-probabilities, summed over every alignment that collapses to it ' +
    '(repeats merged, blanks removed): trains sequence models without frame-level alignment.',
  formula: {
    unicode: 'ℓₙ = −log Σ_{π ∈ B⁻¹(yₙ)} Πₜ p(πₜ | t),  B: merge repeats, drop blanks;  mean: (1/N) Σₙ ℓₙ / max(|yₙ|, 1)',
    latex: '\\ell_n = -\\log \\sum_{\\pi \\in \\mathcal{B}^{-1}(y_n)} \\prod_{t=1}^{T_n} p(\\pi_t \\mid t), \\qquad \\mathcal{L}_{\\text{mean}} = \\frac{1}{N} \\sum_n \\frac{\\ell_n}{\\max(|y_n|, 1)}',
  },
  args: [
    {
      name: 'log_probs', shape: '(T, N, C) or unbatched (T, C)', dtype: 'float', differentiable: true,
      meaning: 'Per-frame log-probabilities over C classes including the blank, i.e. log_softmax(logits, dim=-1); time first.',
    },
    {
      name: 'targets', shape: '(N, S) padded, or 1-D concatenation of all targets (sum(target_lengths))', dtype: 'int', differentiable: false,
      meaning: 'Target label sequences (class indices, never the blank); padding beyond each target length is ignored.',
    },
    { name: 'input_lengths', shape: '(N) or () unbatched, each ≤ T', dtype: 'int', differentiable: false, meaning: 'Number of valid frames of each sequence.' },
    { name: 'target_lengths', shape: '(N) or () unbatched', dtype: 'int', differentiable: false, meaning: 'Number of labels of each target sequence.' },
  ],
  options: [
    {
      name: 'blank', type: 'integer', default: 0, range: { min: 0 },
      meaning: 'Index of the blank class in log_probs; must be in [0, C).',
      explain: (v) => (typeof v === 'number' ? `class ${fmt(v)} is the blank: targets must not contain it` : 'blank must be a class index'),
    },
    {
      ...reductionOption('over the batch'),
      meaning: "'none' returns each sequence's loss; 'mean' divides each loss by its target length (at least 1) and then averages over the batch; 'sum' adds the losses.",
      explain: (v) => {
        if (v === 'mean' || v === 'elementwise_mean') return 'each loss is divided by its target length (min 1), then averaged over the batch: a per-label loss';
        if (v === 'sum') return 'adds the per-sequence losses: grows with batch size and sequence length';
        if (v === 'none') return 'returns one loss per sequence, shape (N)';
        return `${JSON.stringify(v)} is not a valid reduction (PyTorch raises ValueError): use 'none', 'mean' or 'sum'`;
      },
    },
    {
      name: 'zero_infinity', type: 'boolean', default: false,
      meaning: 'Replace infinite losses (targets impossible to fit in the given input length) and their gradients by zero.',
      explain: (v) =>
        v === true
          ? 'sequences whose target cannot be aligned (too long for their input) contribute 0 instead of inf'
          : 'an impossible alignment gives loss inf and NaN gradients, which poison the whole batch',
    },
  ],
  shapes: {
    input: 'log_probs (T, N, C) or (T, C); input_lengths (N) or ()',
    target: 'targets (N, S) padded or (sum(target_lengths)) concatenated; target_lengths (N) or ()',
    output: "scalar; with reduction='none', (N) (0-d when unbatched)",
  },
  spellings: [
    { framework: 'pytorch', kind: 'module', name: 'torch.nn.CTCLoss', positional: ['blank', 'reduction', 'zero_infinity'] },
    { framework: 'pytorch', kind: 'functional', name: 'torch.nn.functional.ctc_loss', positional: ['log_probs', 'targets', 'input_lengths', 'target_lengths', 'blank', 'reduction', 'zero_infinity'] },
    {
      framework: 'keras', kind: 'functional', name: 'tf.nn.ctc_loss', positional: ['labels', 'logits', 'label_length', 'logit_length'],
      argMap: { labels: 'targets', logits: 'log_probs', label_length: 'target_lengths', logit_length: 'input_lengths', blank_index: 'blank' },
      note: 'TensorFlow: takes unnormalised logits (it applies log_softmax itself), time-major by default, returns per-sequence losses with no reduction; blank defaults to 0 for dense labels.',
    },
    {
      framework: 'keras', kind: 'functional', name: 'keras.backend.ctc_batch_cost',
      argMap: { y_true: 'targets', y_pred: 'log_probs', input_length: 'input_lengths', label_length: 'target_lengths' },
      note: 'Keras 2: y_pred is softmax probabilities, batch-major (N, T, C); the blank is the LAST class (C − 1); returns (N, 1) losses, no division by target length.',
    },
    {
      framework: 'keras', kind: 'functional', name: 'keras.ops.ctc_loss',
      argMap: { target: 'targets', output: 'log_probs', target_length: 'target_lengths', output_length: 'input_lengths', mask_index: 'blank' },
      note: 'Keras 3: output is logits, batch-major (N, T, C); returns per-sequence losses.',
    },
    {
      framework: 'keras', kind: 'module', name: 'keras.losses.CTC', argMap: { y_true: 'targets', y_pred: 'log_probs' },
      note: 'Keras 3: y_pred logits (N, T, C), blank index 0; every sequence is taken at its full padded length (no length arguments); the default reduction averages the per-sequence losses over the batch without dividing by target length.',
    },
    {
      framework: 'jax', kind: 'functional', name: 'optax.ctc_loss',
      argMap: { logits: 'log_probs', labels: 'targets', blank_id: 'blank' },
      note: 'Batch-major logits (N, T, C) normalised internally; lengths are given as 0/1 padding masks (logit_paddings, label_paddings); returns per-sequence losses.',
    },
  ],
  whenToUse: [
    'Speech recognition, handwriting/OCR and other sequence transcription where the input is longer than the output and frame-level alignments are unknown.',
    'Outputs are conditionally independent per frame given the input (no label-to-label dependency); add a language model or use a transducer/attention decoder when that matters.',
  ],
  pitfalls: [
    {
      id: 'ctc-log-softmax-required',
      title: 'log_probs must be log_softmax outputs',
      detail:
        'PyTorch does not normalise log_probs, and its gradient exp(lp) − exp(log Σαβ + nll − lp) assumes they came from log_softmax over the class ' +
        'dimension: it is the gradient with respect to the logits, not the true gradient of the loss as a function of arbitrary log_probs. Feeding ' +
        'raw logits or softmax probabilities gives wrong values and silently wrong gradients.',
    },
    {
      id: 'ctc-impossible-alignment',
      title: 'Targets too long for their input give inf and NaN gradients',
      detail:
        'A target of length L needs at least L frames, plus one per repeated label (a blank must separate repeats). Otherwise the loss is inf and ' +
        'the gradient NaN, which ruins the whole batch; set zero_infinity=True, and check your downsampling ratio.',
    },
    {
      id: 'ctc-time-major',
      title: 'log_probs is time-major: (T, N, C), not (N, T, C)',
      detail:
        'Batch-major output (N, T, C) usually fails the length checks (input_lengths needs one value per batch element), but when N = T it is ' +
        'accepted and each time step is read as a sequence: the loss trains, on nonsense. Use .transpose(0, 1); Keras and optax are batch-major, PyTorch is not.',
    },
    {
      id: 'ctc-blank-in-targets',
      title: 'The blank index must not appear in the targets',
      detail:
        'Targets containing the blank are not rejected, but the blank then plays two roles and the likelihood no longer corresponds to any transcription. ' +
        'Reserve one class (usually 0) for the blank and shift real labels by one.',
    },
    {
      id: 'ctc-peaky-blanks',
      title: 'Early training predicts only blanks',
      detail:
        'CTC models first learn to emit blanks everywhere (a good local optimum of the per-frame likelihood); the loss plateaus before labels appear. ' +
        'This is normal: keep training (a learning-rate warm-up helps) and judge progress by the decoded error rate, not by the loss alone.',
    },
    NAIVE_LOSS_COMBINATION,
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient:
    'PyTorch returns grad[t, n, c] = (exp(lp[t, n, c]) − exp(log Σ_{s: l′ₛ = c} α_t(s)β_t(s) + nll − lp[t, n, c])) · g_n for t < input_length and 0 after: ' +
    'softmax(logits) − posterior occupancy of class c at frame t, i.e. the gradient with respect to the logits of a log_softmax (its chain rule through ' +
    "log_softmax leaves it unchanged). g_n is 1, or 1/(N·max(|yₙ|, 1)) for 'mean'; with zero_infinity, sequences with infinite loss get zero gradient.",
  references: [
    { title: 'Connectionist Temporal Classification: Labelling Unsegmented Sequence Data with Recurrent Neural Networks (Graves, Fernández, Gomez, Schmidhuber, 2006)' },
    { title: 'Sequence Modeling with CTC (Hannun, Distill, 2017)', url: 'https://distill.pub/2017/ctc/' },
    { title: 'torch.nn.CTCLoss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.CTCLoss.html' },
    { title: 'torch.nn.functional.ctc_loss — PyTorch 1.13 documentation', url: 'https://pytorch.org/docs/1.13/generated/torch.nn.functional.ctc_loss.html' },
  ],
  expects: { prediction: 'log_probabilities', target: 'sequences' },
  compute(args, options, wantGrad) {
    rejectUnknownNames(spec, args, options);
    const read = callOptions(spec, options);
    const reduction = readReduction(read, false);
    const blank = read.integer('blank');
    const zeroInfinity = read.boolean('zero_infinity');
    const logProbs = requireArg(LOSS, args, 'log_probs');
    const targets = requireArg(LOSS, args, 'targets');
    const inputLengthsT = requireArg(LOSS, args, 'input_lengths');
    const targetLengthsT = requireArg(LOSS, args, 'target_lengths');
    if (!logProbs.isFloating) throw new LossError(LOSS, 'log_probs', `expected a floating-point tensor, got ${logProbs.dtype}`);
    if (logProbs.ndim !== 3 && logProbs.ndim !== 2) {
      throw new LossError(LOSS, 'log_probs', `expected shape (T, N, C) or unbatched (T, C), got ${formatShape(logProbs.shape)}`);
    }
    const batched = logProbs.ndim === 3;
    const [T, N, C] = batched ? (logProbs.shape as [number, number, number]) : [logProbs.shape[0]!, 1, logProbs.shape[1]!];
    if (!(blank >= 0 && blank < C)) throw new LossError(LOSS, 'blank', `blank ${blank} must be in the label range [0, ${C})`);
    const inputLengths = lengths('input_lengths', inputLengthsT, N);
    const targetLengths = lengths('target_lengths', targetLengthsT, N);
    if (targets.ndim !== 1 && targets.ndim !== 2) {
      throw new LossError(LOSS, 'targets', `expected 1-D (concatenated) or 2-D (N, S) targets, got shape ${formatShape(targets.shape)}`);
    }
    const offsets: number[] = [];
    if (targets.ndim === 1) {
      let pos = 0;
      for (const l of targetLengths) {
        offsets.push(pos);
        pos += l;
      }
      if (targets.shape[0] !== pos) {
        throw new LossError(LOSS, 'targets', `concatenated targets must have sum(target_lengths) = ${pos} labels, got ${targets.shape[0]}`);
      }
    } else {
      const maxLength = Math.max(0, ...targetLengths);
      if (targets.shape[0] !== N) throw new LossError(LOSS, 'targets', `padded targets must have ${N} rows (batch size), got shape ${formatShape(targets.shape)}`);
      if (targets.shape[1]! < maxLength) {
        throw new LossError(LOSS, 'targets', `padded targets have ${targets.shape[1]} columns but the longest target length is ${maxLength}`);
      }
      for (let b = 0; b < N; b++) offsets.push(b * targets.shape[1]!);
    }
    for (let b = 0; b < N; b++) {
      if (inputLengths[b]! > T) throw new LossError(LOSS, 'input_lengths', `expected values at most ${T} (the time dimension of log_probs), got ${inputLengths[b]}`);
    }

    const values = new Float64Array(N);
    const nlls = new Float64Array(N);
    const sequences: CtcSequence[] = [];
    const alphas: Float64Array[] = [];
    for (let b = 0; b < N; b++) {
      const labels: number[] = [];
      for (let i = 0; i < targetLengths[b]!; i++) {
        const label = Math.trunc(targets.data[offsets[b]! + i]!); // PyTorch casts targets to int64
        // Out-of-range labels make PyTorch 1.13's CPU kernel read arbitrary memory; refuse instead.
        if (!(label >= 0 && label < C)) throw new LossError(LOSS, 'targets', `label ${label} of sequence ${b} is outside the class range [0, ${C})`);
        labels.push(label);
      }
      const seq: CtcSequence = { lp: logProbs.data, offset: b * C, stride: N * C, inputLength: inputLengths[b]!, labels, blank };
      const { alpha, nll } = ctcForward(seq);
      sequences.push(seq);
      alphas.push(alpha);
      nlls[b] = nll;
      values[b] = zeroInfinity && nll === Infinity ? 0 : nll;
    }

    let value: Tensor;
    const upstream = new Float64Array(N).fill(1);
    if (reduction === 'none') value = batched ? new Tensor([N], values) : Tensor.scalar(values[0]!);
    else if (reduction === 'sum') value = Tensor.scalar(values.reduce((a, b) => a + b, 0));
    else {
      let s = 0;
      for (let b = 0; b < N; b++) {
        const divisor = Math.max(targetLengths[b]!, 1);
        s += values[b]! / divisor;
        upstream[b] = 1 / (divisor * N);
      }
      value = Tensor.scalar(s / N);
    }
    const grads: Record<string, Tensor> = {};
    if (!wantGrad) return { value, grad: grads };
    const grad = new Float64Array(logProbs.size);
    for (let b = 0; b < N; b++) {
      if (zeroInfinity && nlls[b] === Infinity) continue;
      ctcBackward(sequences[b]!, alphas[b]!, nlls[b]!, upstream[b]!, C, grad);
    }
    grads['log_probs'] = new Tensor(logProbs.shape, grad);
    return { value, grad: grads };
  },
};
