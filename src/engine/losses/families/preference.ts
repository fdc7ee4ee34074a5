/** Preference optimisation (DPO and its variants, KTO, ORPO, SimPO, CPO): losses of the policy's
 *  and the reference model's log-probabilities of a chosen and a rejected response. */
import { LossError } from '../../errors';
import type { LossResult, LossSpec, OptionSpec, Pitfall, Reference, Spelling, TensorArgSpec } from '../../catalog/types';
import { Tensor } from '../../tensor';
import { reductionOption } from '../option_specs';
import { OVERFITTING_TO_THE_LOSS } from '../shared_pitfalls';
import { defineLoss } from './define';
import { computeElementwise, type Operand, requireSameShapes } from '../../kernels/elementwise';
import { dLogSigmoid, logSigmoid, sigmoid } from '../../kernels/scalar_math';
import { numberOption } from '../spec_options';
import type { Reduction } from '../common';
import { fastExp as fastExpImport } from '../../kernels/fast_exp';
import { SHAPES } from '../shapes';
import { dpoSigmoidSimd } from '../../kernels/elementwise_simd';
import { log1pUnit as log1pUnitImport } from '../../kernels/fast_log1p';

// The hot loops' alias of fastExp (why: fast_exp.ts).
const fastExp = fastExpImport;
const log1pUnit = log1pUnitImport;

const logp = (name: string, meaning: string, differentiable: boolean): TensorArgSpec => ({ name, shape: '(B)', dtype: 'float', differentiable, meaning });
const POLICY = [
  logp('policy_chosen_logps', "The policy's log-probability of each chosen response (summed over its tokens).", true),
  logp('policy_rejected_logps', "The policy's log-probability of each rejected response.", true),
];
const REFERENCE = [
  logp('reference_chosen_logps', "The frozen reference model's log-probability of each chosen response (no gradient).", false),
  logp('reference_rejected_logps', "The frozen reference model's log-probability of each rejected response (no gradient).", false),
];
const TRL_ARGS = { chosen_logps: 'policy_chosen_logps', rejected_logps: 'policy_rejected_logps', ref_chosen_logps: 'reference_chosen_logps', ref_rejected_logps: 'reference_rejected_logps' };
const DPO_PAPER: Reference = { title: 'Rafailov et al., Direct Preference Optimization: Your Language Model is Secretly a Reward Model, NeurIPS 2023', url: 'https://arxiv.org/abs/2305.18290' };
const TRL_DPO: Reference = { title: 'TRL DPOTrainer loss types', url: 'https://huggingface.co/docs/trl/dpo_trainer' };

const beta = (dflt: number, meaning = 'β: inverse temperature of the implicit reward β·log(π/π_ref); larger β keeps the policy closer to the reference.'): OptionSpec =>
  numberOption('beta', dflt, meaning, { range: { min: 0, exclusiveMin: true }, tunable: { min: 0.01, max: 1, step: 0.01 } });
const labelSmoothing = (dflt: number, max: number): OptionSpec =>
  numberOption('label_smoothing', dflt, 'Probability that a preference label is flipped (conservative DPO): mixes in the loss of the opposite preference.', { range: { min: 0, max } });
const referenceFree: OptionSpec = { name: 'reference_free', type: 'boolean', default: false, meaning: 'Ignore the reference model (its log-ratio is taken as 0).' };

export const BETA_SCALE: Pitfall = {
  id: 'preference-beta',
  title: 'β trades reward against staying near the reference',
  detail: 'Small β lets the policy drift far from the reference (reward hacking, degenerate text); large β barely moves it. Typical values are 0.1–0.5; watch the implicit reward margins and the KL to the reference.',
};
export const SUMMED_LOGPS: Pitfall = {
  id: 'preference-summed-logps',
  title: 'Sum vs average of token log-probabilities',
  detail: 'DPO expects each log-probability summed over the response tokens (prompt tokens masked out); averaging them (as SimPO/ORPO do) changes the scale of β. Longer responses have lower summed log-probabilities, which can bias DPO towards length.',
};
const LIKELIHOOD_DROP: Pitfall = {
  id: 'preference-chosen-likelihood-drops',
  title: 'The chosen response can become less likely too',
  detail: 'The loss only widens the margin between chosen and rejected: both log-probabilities often fall together. Monitor policy_chosen_logps, and add an NLL term (CPO, RPO) if it collapses.',
};

/** A pair loss's operands: the policy's log-probabilities and, unless reference-free, the reference's. */
export interface PairOperands {
  chosen: Float64Array;
  rejected: Float64Array;
  refChosen: Float64Array | null;
  refRejected: Float64Array | null;
}

/** An entry's own pass over the batch, with a = chosen − refChosen and b = rejected − refRejected
 *  (the policy's alone without a reference): ℓ into `values` when given, scale·∂ℓ/∂a into ga and
 *  scale·∂ℓ/∂b into gb when given; returns Σℓ. */
type PairPass = (o: PairOperands, p: readonly number[], values: Float64Array | null, ga: Float64Array | null, gb: Float64Array | null, scale: number) => number;

/** Each entry gives its loss per pair, which the family's one loop runs; or, where the loss runs at
 *  scale (DPO), its own pass: the shared loop calls a different function per loss at one site,
 *  which V8 does not inline. */
type PairMath = { loss: PairElementLoss; pass?: undefined } | { pass: PairPass; loss?: undefined };

/** The loss of a = log-ratio of the chosen response, b = of the rejected one; d[0] = ∂/∂a, d[1] = ∂/∂b. */
type PairElementLoss = (a: number, b: number, p: readonly number[], d: Float64Array) => number;

type PairDef = PairMath & {
  id: string;
  title: string;
  summary: string;
  formula: { unicode: string; latex: string };
  params: readonly OptionSpec[];
  /** Whether the reference model's log-probabilities are arguments. */
  reference: boolean;
  /** Name of the weight of an optional per-sample NLL term on the chosen response, if any. */
  nllWeight?: string;
  check?: (p: readonly number[]) => void;
  family?: LossSpec['family'];
  spellings: readonly Spelling[];
  whenToUse: readonly string[];
  pitfalls: readonly Pitfall[];
  gradient: string;
  references: readonly Reference[];
};

/** The loss of the margin z = a − b only. */
function ofMargin(f: (z: number, p: readonly number[]) => number, df: (z: number, p: readonly number[]) => number): PairElementLoss {
  return (a, b, p, d) => {
    const g = df(a - b, p);
    d[0] = g;
    d[1] = -g;
    return f(a - b, p);
  };
}

function pairLoss(def: PairDef): LossSpec {
  const nllArg: TensorArgSpec[] = def.nllWeight
    ? [{ name: 'chosen_nll', shape: '(B)', dtype: 'float', differentiable: true, optional: true, meaning: 'Per-sample negative log-likelihood of the chosen response (the SFT term), added with its weight.' }]
    : [];
  const nllOption: OptionSpec[] = def.nllWeight ? [numberOption(def.nllWeight, 1, 'Weight of the NLL term on the chosen response (used when chosen_nll is given).', { range: { min: 0 } })] : [];
  return defineLoss({
    id: def.id,
    title: def.title,
    family: def.family ?? 'preference',
    summary: def.summary,
    formula: def.formula,
    args: [...POLICY, ...(def.reference ? REFERENCE : []), ...nllArg],
    options: [...def.params, ...(def.reference ? [referenceFree] : []), ...nllOption, reductionOption('over the batch of pairs')],
    shapes: def.reference ? SHAPES.preference : SHAPES.preferenceReferenceFree,
    spellings: def.spellings,
    whenToUse: def.whenToUse,
    pitfalls: [...def.pitfalls, OVERFITTING_TO_THE_LOSS],
    gradient: def.gradient,
    references: def.references,
    expects: { prediction: 'scores', target: 'none' },
    run({ arg, optional, opt, wantGrad }) {
      const p = def.params.map((o) => opt.number(o.name));
      def.check?.(p);
      const free = def.reference && opt.boolean('reference_free');
      const operands: Operand[] = [
        { name: 'policy_chosen_logps', tensor: arg('policy_chosen_logps'), grad: true },
        { name: 'policy_rejected_logps', tensor: arg('policy_rejected_logps'), grad: true },
      ];
      if (def.reference) {
        operands.push({ name: 'reference_chosen_logps', tensor: arg('reference_chosen_logps'), grad: false });
        operands.push({ name: 'reference_rejected_logps', tensor: arg('reference_rejected_logps'), grad: false });
      }
      const nll = def.nllWeight ? optional('chosen_nll') : undefined;
      const w = def.nllWeight ? opt.number(def.nllWeight) : 0;
      if (nll) operands.push({ name: 'chosen_nll', tensor: nll, grad: true });
      if (operands[0]!.tensor.ndim !== 1) throw new LossError(def.id, 'policy_chosen_logps', `expected one log-probability per pair, shape (B), got ${operands[0]!.tensor.ndim} dimensions`);
      requireSameShapes(def.id, operands);
      const useReference = def.reference && !free;
      return pairLoop(def, p, operands, useReference, nll ? { data: nll.data, weight: w } : null, opt.reduction(), wantGrad);
    },
  });
}

/** The pair losses' one pass over the batch: the margin terms straight from the operand arrays
 *  (no per-element copies or closures between them), the gradients written once, already scaled
 *  by the reduction; only 'none' allocates a per-pair array. */
function pairLoop(def: PairDef, p: readonly number[], operands: readonly Operand[], useReference: boolean, nll: { data: Float64Array; weight: number } | null, reduction: Reduction, wantGrad: boolean): LossResult {
  const shape = operands[0]!.tensor.shape;
  const n = operands[0]!.tensor.size;
  const chosen = operands[0]!.tensor.data;
  const rejected = operands[1]!.tensor.data;
  const refChosen = useReference ? operands[2]!.tensor.data : null;
  const refRejected = useReference ? operands[3]!.tensor.data : null;
  const values = reduction === 'none' ? new Float64Array(n) : null;
  const gChosen = wantGrad ? new Float64Array(n) : null;
  const gRejected = wantGrad ? new Float64Array(n) : null;
  const scale = reduction === 'mean' ? 1 / n : 1;
  let sum = 0;
  if (def.pass) {
    sum = def.pass({ chosen, rejected, refChosen, refRejected }, p, values, gChosen, gRejected, scale);
    if (nll !== null) {
      for (let i = 0; i < n; i++) {
        const t = nll.weight * nll.data[i]!;
        sum += t;
        if (values !== null) values[i]! += t;
      }
    }
  } else {
    const d = new Float64Array(2);
    for (let i = 0; i < n; i++) {
      const a = refChosen === null ? chosen[i]! : chosen[i]! - refChosen[i]!;
      const b = refRejected === null ? rejected[i]! : rejected[i]! - refRejected[i]!;
      let v = def.loss(a, b, p, d);
      if (nll !== null) v += nll.weight * nll.data[i]!;
      if (values !== null) values[i] = v;
      sum += v;
      if (gChosen !== null && gRejected !== null) {
        gChosen[i] = d[0]! * scale;
        gRejected[i] = d[1]! * scale;
      }
    }
  }
  const grad: Record<string, Tensor> = {};
  if (gChosen && gRejected) {
    grad[operands[0]!.name] = new Tensor(shape, gChosen);
    grad[operands[1]!.name] = new Tensor(shape, gRejected);
    if (nll) grad['chosen_nll'] = new Tensor(shape, new Float64Array(n).fill(nll.weight * scale));
  }
  return { value: values ? new Tensor(shape, values) : Tensor.scalar(reduction === 'mean' ? sum / n : sum), grad };
}

const trlString = (name: string, note: string): Spelling => ({ framework: 'trl', kind: 'string', name, argMap: TRL_ARGS, note: `trl.DPOConfig(loss_type="${name}"). ${note}` });
/** Conservative-DPO sigmoid loss of u = β·z and its derivative in z. */
const sigmoidLoss = (z: number, b: number, ls: number): number => -(1 - ls) * logSigmoid(b * z) - ls * logSigmoid(-b * z);
const dSigmoidLoss = (z: number, b: number, ls: number): number => -(1 - ls) * b * dLogSigmoid(b * z) + ls * b * dLogSigmoid(-b * z);

/** sigmoidLoss and its z-derivative (into d[0]) from one exponential and one log1p, for DPO's hot
 *  loop: with e = e^−|u|, u = βz, softplus(−u) = max(−u, 0) + log1p(e), softplus(u) = softplus(−u) + u,
 *  and d/dz = β(ε − σ(−u)). Same roundings as softplus() and sigmoid() of common.ts. */
export function sigmoidMarginLoss(z: number, b: number, ls: number, d: Float64Array): number {
  const u = b * z;
  const e = fastExp(u > 0 ? -u : u);
  const softplusNeg = (u < 0 ? -u : 0) + log1pUnit(e);
  const sigmoidNeg = u > 0 ? e / (1 + e) : 1 / (1 + e);
  d[0] = b * (ls - sigmoidNeg);
  return ls === 0 ? softplusNeg : (1 - ls) * softplusNeg + ls * (softplusNeg + u);
}

export const dpoLoss = pairLoss({
  id: 'dpo_loss',
  title: 'DPO loss (sigmoid)',
  summary: 'Direct Preference Optimization: −log σ(β·z), z = how much more the policy than the reference prefers the chosen response; with label_smoothing, conservative DPO.',
  formula: {
    unicode: 'z = (log π(y_w) − log π_ref(y_w)) − (log π(y_l) − log π_ref(y_l));  ℓ = −(1 − ε)·log σ(βz) − ε·log σ(−βz)',
    latex: '\\ell = -(1-\\epsilon)\\log\\sigma(\\beta z) - \\epsilon\\log\\sigma(-\\beta z),\\quad z = \\log\\frac{\\pi(y_w)}{\\pi_{ref}(y_w)} - \\log\\frac{\\pi(y_l)}{\\pi_{ref}(y_l)}',
  },
  params: [beta(0.1), labelSmoothing(0, 0.5)],
  reference: true,
  pass: (arrays, [b, ls], values, ga, gb, scale) => {
    const simd = dpoSigmoidSimd(arrays, b!, ls!, values, ga, gb, scale);
    if (simd !== null) return simd;
    const { chosen, rejected, refChosen, refRejected } = arrays;
    const d = new Float64Array(1);
    let sum = 0;
    for (let i = 0; i < chosen.length; i++) {
      const z = (refChosen === null ? chosen[i]! : chosen[i]! - refChosen[i]!) - (refRejected === null ? rejected[i]! : rejected[i]! - refRejected[i]!);
      const v = sigmoidMarginLoss(z, b!, ls!, d);
      sum += v;
      if (values !== null) values[i] = v;
      if (ga !== null && gb !== null) {
        ga[i] = d[0]! * scale;
        gb[i] = -d[0]! * scale;
      }
    }
    return sum;
  },
  spellings: [trlString('sigmoid', 'The default loss type; label_smoothing gives cDPO.'), { framework: 'trl', kind: 'module', name: 'trl.DPOTrainer', argMap: TRL_ARGS, note: 'DPOConfig(beta=0.1, loss_type="sigmoid") by default.' }],
  whenToUse: ['Aligning a language model to pairwise preferences without training a reward model or running RL.'],
  pitfalls: [BETA_SCALE, SUMMED_LOGPS, LIKELIHOOD_DROP],
  gradient: '∂/∂log π(y_w) = −β(1 − ε)σ(−βz) + βεσ(βz), and the opposite for log π(y_l): pairs the model already ranks right (large z) contribute little. The reference log-probabilities are constants.',
  references: [DPO_PAPER, TRL_DPO],
});

export const ipoLoss = pairLoss({
  id: 'ipo_loss',
  title: 'IPO loss',
  summary: 'Identity Preference Optimization: regresses the log-ratio margin z to 1/(2β) instead of pushing it to infinity, which resists overfitting deterministic preferences.',
  formula: { unicode: 'ℓ = (z − 1/(2β))²', latex: '\\ell = \\Bigl(z - \\frac{1}{2\\beta}\\Bigr)^2' },
  params: [beta(0.1, 'β (τ in the paper): the target margin is 1/(2β); larger β means a smaller target margin, closer to the reference.')],
  reference: true,
  loss: ofMargin((z, [b]) => (z - 1 / (2 * b!)) ** 2, (z, [b]) => 2 * (z - 1 / (2 * b!))),
  spellings: [trlString('ipo', 'TRL averages the log-probabilities over tokens for IPO (as the paper does).')],
  whenToUse: ['Preference data with near-deterministic labels, where DPO drives margins to infinity and overfits.'],
  pitfalls: [BETA_SCALE, { id: 'ipo-average-logps', title: 'IPO expects token-averaged log-probabilities', detail: 'The target margin 1/(2β) is on the scale of averaged log-probabilities; summed ones make the margin tiny in comparison.' }],
  gradient: '∂/∂log π(y_w) = 2(z − 1/(2β)), the opposite for log π(y_l): pulls the margin towards 1/(2β) from both sides.',
  references: [{ title: 'Azar et al., A General Theoretical Paradigm to Understand Learning from Human Preferences, 2023', url: 'https://arxiv.org/abs/2310.12036' }, TRL_DPO],
});

export const dpoHingeLoss = pairLoss({
  id: 'dpo_hinge_loss',
  title: 'DPO hinge loss (SLiC)',
  summary: 'max(0, 1 − β·z): the SLiC calibration hinge on the DPO log-ratio margin; pairs with βz ≥ 1 stop contributing.',
  formula: { unicode: 'ℓ = max(0, 1 − β·z)', latex: '\\ell = \\max(0, 1 - \\beta z)' },
  params: [beta(0.1, 'β: 1/β is the margin z must exceed before a pair stops contributing.')],
  reference: true,
  loss: ofMargin((z, [b]) => Math.max(0, 1 - b! * z), (z, [b]) => (1 - b! * z > 0 ? -b! : 0)),
  spellings: [trlString('hinge', 'β acts as the reciprocal of the margin.')],
  whenToUse: ['SLiC-style calibration: a margin objective that ignores pairs already separated by 1/β.'],
  pitfalls: [BETA_SCALE, SUMMED_LOGPS],
  gradient: '∂/∂log π(y_w) = −β while βz < 1, else 0; the opposite for log π(y_l).',
  references: [{ title: 'Zhao et al., SLiC-HF: Sequence Likelihood Calibration with Human Feedback, 2023', url: 'https://arxiv.org/abs/2305.10425' }, TRL_DPO],
});

export const robustDpoLoss = pairLoss({
  id: 'robust_dpo_loss',
  title: 'Robust DPO loss',
  summary: 'An unbiased DPO loss under a known label-flip rate ε: ((1 − ε)·(−log σ(βz)) − ε·(−log σ(−βz)))/(1 − 2ε).',
  formula: { unicode: 'ℓ = (−(1 − ε)·log σ(βz) + ε·log σ(−βz)) / (1 − 2ε)', latex: '\\ell = \\frac{-(1-\\epsilon)\\log\\sigma(\\beta z) + \\epsilon\\log\\sigma(-\\beta z)}{1 - 2\\epsilon}' },
  params: [beta(0.1), labelSmoothing(0, 0.5)],
  check: ([, ls]) => {
    if (ls! >= 0.5) throw new LossError('robust_dpo_loss', 'label_smoothing', `must be below 0.5 (the loss divides by 1 − 2ε), got ${ls}`);
  },
  reference: true,
  loss: ofMargin(
    (z, [b, ls]) => (-(1 - ls!) * logSigmoid(b! * z) + ls! * logSigmoid(-b! * z)) / (1 - 2 * ls!),
    (z, [b, ls]) => (-(1 - ls!) * b! * dLogSigmoid(b! * z) - ls! * b! * dLogSigmoid(-b! * z)) / (1 - 2 * ls!),
  ),
  spellings: [trlString('robust', 'label_smoothing is the assumed flip rate ε.')],
  whenToUse: ['Preference data with a known rate of noisy (flipped) labels.'],
  pitfalls: [BETA_SCALE, { id: 'rdpo-unbounded', title: 'Unbounded below', detail: 'The ε·log σ(−βz) term is negative and grows without bound as z → ∞, so the loss can go below 0 and keep rewarding larger margins; monitor the margins.' }],
  gradient: '∂/∂log π(y_w) = −β((1 − ε)σ(−βz) + εσ(βz))/(1 − 2ε), the opposite for log π(y_l).',
  references: [{ title: 'Chowdhury et al., Provably Robust DPO: Aligning Language Models with Noisy Feedback, 2024', url: 'https://arxiv.org/abs/2403.00409' }, TRL_DPO],
});

export const exoPairLoss = pairLoss({
  id: 'exo_pair_loss',
  title: 'EXO pair loss',
  summary: 'Efficient exact optimisation: the reverse KL between σ(βz) and the smoothed label distribution (1 − ε, ε), which is mode-seeking like RLHF.',
  formula: {
    unicode: 'ℓ = σ(βz)·(log σ(βz) − log(1 − ε)) + σ(−βz)·(log σ(−βz) − log ε)',
    latex: '\\ell = \\sigma(\\beta z)\\bigl(\\log\\sigma(\\beta z) - \\log(1-\\epsilon)\\bigr) + \\sigma(-\\beta z)\\bigl(\\log\\sigma(-\\beta z) - \\log\\epsilon\\bigr)',
  },
  params: [beta(0.1), numberOption('label_smoothing', 1e-3, 'ε of the target distribution (1 − ε, ε); must be in (0, 1). TRL replaces its default 0 by 1e-3.', { range: { min: 0, exclusiveMin: true, max: 1 } })],
  check: ([, ls]) => {
    if (ls! >= 1) throw new LossError('exo_pair_loss', 'label_smoothing', `must be below 1, got ${ls}`);
  },
  reference: true,
  loss: ofMargin(
    (z, [b, ls]) => {
      const u = b! * z;
      return sigmoid(u) * (logSigmoid(u) - Math.log(1 - ls!)) + sigmoid(-u) * (logSigmoid(-u) - Math.log(ls!));
    },
    (z, [b, ls]) => {
      const u = b! * z;
      return b! * sigmoid(u) * sigmoid(-u) * (u + Math.log(ls! / (1 - ls!)));
    },
  ),
  spellings: [trlString('exo_pair', 'label_smoothing 0 is replaced by 1e-3.')],
  whenToUse: ['Pairwise preferences when you want the mode-seeking behaviour of RLHF without RL.'],
  pitfalls: [BETA_SCALE],
  gradient: '∂/∂z = β·σ(βz)σ(−βz)·(βz + log(ε/(1 − ε))): zero when σ(βz) = 1 − ε.',
  references: [{ title: 'Ji et al., Towards Efficient Exact Optimization of Language Model Alignment, ICML 2024', url: 'https://arxiv.org/abs/2402.00856' }, TRL_DPO],
});

export const ncaPairLoss = pairLoss({
  id: 'nca_pair_loss',
  title: 'NCA pair loss',
  summary: 'Noise-contrastive alignment: scores each response\'s own implicit reward, so the chosen response\'s likelihood is pushed up in absolute terms, not only relative to the rejected one.',
  formula: {
    unicode: 'r_w = β(log π(y_w) − log π_ref(y_w)),  r_l likewise;  ℓ = −log σ(r_w) − ½·log σ(−r_w) − ½·log σ(−r_l)',
    latex: '\\ell = -\\log\\sigma(r_w) - \\tfrac12\\log\\sigma(-r_w) - \\tfrac12\\log\\sigma(-r_l)',
  },
  params: [beta(0.1)],
  reference: true,
  loss: (a, b, [be], d) => {
    const rw = be! * a;
    const rl = be! * b;
    d[0] = be! * (-dLogSigmoid(rw) + 0.5 * dLogSigmoid(-rw));
    d[1] = be! * 0.5 * dLogSigmoid(-rl);
    return -logSigmoid(rw) - 0.5 * logSigmoid(-rw) - 0.5 * logSigmoid(-rl);
  },
  spellings: [trlString('nca_pair', '')],
  whenToUse: ['When DPO lowers the likelihood of chosen responses: NCA optimises absolute implicit rewards.'],
  pitfalls: [BETA_SCALE, SUMMED_LOGPS],
  gradient: '∂/∂log π(y_w) = β(−σ(−r_w) + ½σ(r_w)); ∂/∂log π(y_l) = ½βσ(r_l).',
  references: [{ title: 'Chen et al., Noise Contrastive Alignment of Language Models with Explicit Rewards, 2024', url: 'https://arxiv.org/abs/2402.05369' }, TRL_DPO],
});

export const sppoHardLoss = pairLoss({
  id: 'sppo_hard_loss',
  title: 'SPPO loss (hard labels)',
  summary: 'Self-play preference optimisation with hard win/lose labels: regresses the chosen log-ratio to +1/(2β) and the rejected one to −1/(2β).',
  formula: { unicode: 'ℓ = (a − 1/(2β))² + (b + 1/(2β))²,  a, b = log-ratios of the chosen and rejected responses', latex: '\\ell = \\Bigl(a - \\frac{1}{2\\beta}\\Bigr)^2 + \\Bigl(b + \\frac{1}{2\\beta}\\Bigr)^2' },
  params: [beta(0.1)],
  reference: true,
  loss: (a, b, [be], d) => {
    const h = 0.5 / be!;
    d[0] = 2 * (a - h);
    d[1] = 2 * (b + h);
    return (a - h) ** 2 + (b + h) ** 2;
  },
  spellings: [trlString('sppo_hard', 'The winner gets probability 1 and the loser 0.')],
  whenToUse: ['Iterative self-play alignment with preference labels from a judge.'],
  pitfalls: [BETA_SCALE],
  gradient: '∂/∂log π(y_w) = 2(a − 1/(2β)); ∂/∂log π(y_l) = 2(b + 1/(2β)).',
  references: [{ title: 'Wu et al., Self-Play Preference Optimization for Language Model Alignment, 2024', url: 'https://arxiv.org/abs/2405.00675' }, TRL_DPO],
});

const TRL_CPO: Reference = { title: 'TRL CPOTrainer (CPO and SimPO)', url: 'https://huggingface.co/docs/trl/cpo_trainer' };
const CPO_ARGS = { chosen_logps: 'policy_chosen_logps', rejected_logps: 'policy_rejected_logps' };

export const simpoLoss = pairLoss({
  id: 'simpo_loss',
  title: 'SimPO loss',
  summary: 'Reference-free preference loss on length-normalised (average) log-probabilities with a target reward margin γ: −log σ(β·(c − r) − γ).',
  formula: { unicode: 'ℓ = −(1 − ε)·log σ(β(c − r) − γ) − ε·log σ(−β(c − r) + γ),  c, r = average token log-probabilities', latex: '\\ell = -\\log\\sigma\\bigl(\\beta(\\bar{c} - \\bar{r}) - \\gamma\\bigr)' },
  params: [beta(0.1, 'β: scale of the reward β·(average log-probability); TRL\'s default is 0.1, the paper uses 2–2.5.'), numberOption('simpo_gamma', 0.5, 'γ: target reward margin between chosen and rejected.', { range: { min: 0 } }), labelSmoothing(0, 0.5)],
  reference: false,
  loss: ofMargin(
    (z, [b, g, ls]) => sigmoidLoss(z - g! / b!, b!, ls!),
    (z, [b, g, ls]) => dSigmoidLoss(z - g! / b!, b!, ls!),
  ),
  spellings: [{ framework: 'trl', kind: 'string', name: 'simpo', argMap: CPO_ARGS, note: 'trl.CPOConfig(loss_type="simpo", cpo_alpha=0); log-probabilities averaged over tokens.' }],
  whenToUse: ['Preference alignment without a reference model (half the memory of DPO), with length normalisation against verbosity.'],
  pitfalls: [BETA_SCALE, { id: 'simpo-average-logps', title: 'SimPO needs average, not summed, log-probabilities', detail: 'β and γ are calibrated for per-token averages; summed log-probabilities make β·(c − r) huge and the margin γ meaningless.' }],
  gradient: '∂/∂c = −β(1 − ε)σ(−u) + βεσ(u) with u = β(c − r) − γ; the opposite for r.',
  references: [{ title: 'Meng et al., SimPO: Simple Preference Optimization with a Reference-Free Reward, 2024', url: 'https://arxiv.org/abs/2405.14734' }, TRL_CPO],
});

export const cpoLoss = pairLoss({
  id: 'cpo_loss',
  title: 'CPO loss',
  summary: 'Contrastive Preference Optimization: reference-free DPO (−log σ(β(c − r))) plus a behaviour-cloning NLL term on the chosen response.',
  formula: { unicode: 'ℓ = −(1 − ε)·log σ(β(c − r)) − ε·log σ(−β(c − r)) + α·NLL(y_w)', latex: '\\ell = -\\log\\sigma\\bigl(\\beta(\\log\\pi(y_w) - \\log\\pi(y_l))\\bigr) + \\alpha\\,\\mathrm{NLL}(y_w)' },
  params: [beta(0.1), labelSmoothing(0, 0.5)],
  reference: false,
  nllWeight: 'cpo_alpha',
  loss: (a, b, p, d) => {
    const v = sigmoidMarginLoss(a - b, p[0]!, p[1]!, d);
    d[1] = -d[0]!;
    return v;
  },
  spellings: [{ framework: 'trl', kind: 'module', name: 'trl.CPOTrainer', argMap: CPO_ARGS, note: 'CPOConfig(loss_type="sigmoid", beta=0.1, cpo_alpha=1.0); the NLL is the mean token NLL of the chosen responses.' }],
  whenToUse: ['Fine-tuning translation or chat models on preference triples without a reference model, keeping the chosen responses likely.'],
  pitfalls: [BETA_SCALE, LIKELIHOOD_DROP],
  gradient: '∂/∂log π(y_w) = −β(1 − ε)σ(−βz) + βεσ(βz), the opposite for log π(y_l); ∂/∂chosen_nll = α.',
  references: [{ title: 'Xu et al., Contrastive Preference Optimization: Pushing the Boundaries of LLM Performance in Machine Translation, ICML 2024', url: 'https://arxiv.org/abs/2401.08417' }, TRL_CPO],
});

export const orpoLoss = defineLoss({
  id: 'orpo_loss',
  title: 'ORPO loss (odds-ratio term)',
  family: 'preference',
  summary: 'Odds Ratio Preference Optimization: −β·log σ(log-odds ratio of chosen over rejected), added to the SFT NLL of the chosen response; no reference model.',
  formula: {
    unicode: 'log odds(p) = log p − log(1 − p);  ℓ = NLL(y_w) − β·log σ(log odds(y_w) − log odds(y_l)),  with average token log-probabilities',
    latex: '\\ell = \\mathrm{NLL}(y_w) - \\beta\\log\\sigma\\Bigl(\\log\\frac{\\mathrm{odds}(y_w)}{\\mathrm{odds}(y_l)}\\Bigr)',
  },
  args: [
    ...POLICY.map((a) => ({ ...a, meaning: a.meaning.replace('summed over its tokens', 'averaged over its tokens, below 0') })),
    { name: 'chosen_nll', shape: '(B)', dtype: 'float', differentiable: true, optional: true, meaning: 'Per-sample SFT negative log-likelihood of the chosen response, added as is.' },
  ],
  options: [beta(0.1, 'λ in the paper: weight of the odds-ratio term against the SFT loss.'), reductionOption('over the batch of pairs')],
  shapes: { input: 'average log-probabilities (B), each < 0', target: 'none', output: "scalar; with reduction='none', (B)" },
  spellings: [{ framework: 'trl', kind: 'module', name: 'trl.ORPOTrainer', argMap: CPO_ARGS, note: 'ORPOConfig(beta=0.1); the trainer adds the mean NLL of the chosen responses.' }],
  whenToUse: ['Single-stage alignment: SFT and preference optimisation at once, without a reference model.'],
  pitfalls: [BETA_SCALE, { id: 'orpo-logps-below-zero', title: 'Average log-probabilities must be below 0', detail: 'log(1 − p) needs p < 1: a log-probability of exactly 0 (a certain response) makes the odds infinite. Pass per-token averages, not sums or probabilities.' }, OVERFITTING_TO_THE_LOSS],
  gradient: '∂/∂c = −β·σ(−L)/(1 − e^c), ∂/∂r = β·σ(−L)/(1 − e^r), L = log-odds ratio; ∂/∂chosen_nll = 1.',
  references: [{ title: 'Hong et al., ORPO: Monolithic Preference Optimization without Reference Model, 2024', url: 'https://arxiv.org/abs/2403.07691' }, { title: 'TRL ORPOTrainer', url: 'https://huggingface.co/docs/trl/orpo_trainer' }],
  expects: { prediction: 'scores', target: 'none' },
  run({ arg, optional, opt, wantGrad }) {
    const b = opt.number('beta');
    const nll = optional('chosen_nll');
    const operands: Operand[] = [
      { name: 'policy_chosen_logps', tensor: arg('policy_chosen_logps'), grad: true },
      { name: 'policy_rejected_logps', tensor: arg('policy_rejected_logps'), grad: true },
      ...(nll ? [{ name: 'chosen_nll', tensor: nll, grad: true }] : []),
    ];
    for (const o of operands.slice(0, 2)) {
      if (o.tensor.data.some((v) => !(v < 0))) throw new LossError('orpo_loss', o.name, 'average log-probabilities must be below 0 (log(1 − p) is undefined at p = 1)');
    }
    return computeElementwise('orpo_loss', operands, opt.reduction(), wantGrad, (x, g) => {
      const c = x[0]!;
      const r = x[1]!;
      const lo = c - r - (Math.log(-Math.expm1(c)) - Math.log(-Math.expm1(r)));
      if (g) {
        const s = -b * dLogSigmoid(lo);
        g[0] = s / -Math.expm1(c);
        g[1] = -s / -Math.expm1(r);
        if (nll) g[2] = 1;
      }
      return -b * logSigmoid(lo) + (nll ? x[2]! : 0);
    });
  },
});

export const ktoLoss = defineLoss({
  id: 'kto_loss',
  title: 'KTO loss',
  family: 'preference',
  summary: 'Kahneman–Tversky Optimization: unpaired desirable and undesirable examples, each scored by 1 − σ of its implicit reward relative to a KL reference point.',
  formula: {
    unicode: 'r = log π(y) − log π_ref(y);  desirable: λ_D·(1 − σ(β(r − z₀))), undesirable: λ_U·(1 − σ(β(z₀ − r))),  z₀ = max(0, KL estimate)',
    latex: '\\ell = \\lambda_D\\bigl(1 - \\sigma(\\beta(r_w - z_0))\\bigr) \\;\\text{or}\\; \\lambda_U\\bigl(1 - \\sigma(\\beta(z_0 - r_l))\\bigr)',
  },
  args: [
    { name: 'policy_chosen_logps', shape: '(B_D)', dtype: 'float', differentiable: true, meaning: "The policy's log-probabilities of the desirable examples." },
    { name: 'policy_rejected_logps', shape: '(B_U)', dtype: 'float', differentiable: true, meaning: "The policy's log-probabilities of the undesirable examples." },
    { name: 'reference_chosen_logps', shape: '(B_D)', dtype: 'float', differentiable: false, meaning: 'Reference log-probabilities of the desirable examples.' },
    { name: 'reference_rejected_logps', shape: '(B_U)', dtype: 'float', differentiable: false, meaning: 'Reference log-probabilities of the undesirable examples.' },
    { name: 'kl', shape: '() or (1)', dtype: 'float', differentiable: false, optional: true, meaning: 'The batch estimate of KL(π‖π_ref) from mismatched pairs; clamped at 0 and treated as a constant (0 when absent).' },
  ],
  options: [
    beta(0.1),
    numberOption('desirable_weight', 1, 'λ_D: weight of the desirable examples' + "' losses.", { range: { min: 0 } }),
    numberOption('undesirable_weight', 1, 'λ_U: weight of the undesirable examples' + "' losses.", { range: { min: 0 } }),
    reductionOption('over all desirable and undesirable examples'),
  ],
  shapes: { input: 'log-probabilities (B_D) and (B_U)', target: 'reference log-probabilities of the same shapes', output: "scalar; with reduction='none', (B_D + B_U), desirable first" },
  spellings: [{ framework: 'trl', kind: 'module', name: 'trl.KTOTrainer', argMap: TRL_ARGS, note: 'KTOConfig(beta=0.1, desirable_weight=1.0, undesirable_weight=1.0, loss_type="kto"); the KL term comes from mismatched completions.' }],
  whenToUse: ['Binary feedback (thumbs up/down) without pairs; imbalanced desirable/undesirable data (tune λ_D, λ_U so λ_D·n_D ≈ λ_U·n_U … 4/3 λ_U·n_U).'],
  pitfalls: [BETA_SCALE, { id: 'kto-weights-imbalance', title: 'Balance the two weights with the data', detail: 'With many more undesirable than desirable examples, raise desirable_weight so that λ_D·n_D/(λ_U·n_U) is in [1, 4/3], as the paper recommends.' }, OVERFITTING_TO_THE_LOSS],
  gradient: '∂/∂log π(y_D) = −λ_D·β·σ(u)σ(−u) with u = β(r − z₀); ∂/∂log π(y_U) = λ_U·β·σ(v)σ(−v) with v = β(z₀ − r); z₀ is a constant.',
  references: [{ title: 'Ethayarajh et al., KTO: Model Alignment as Prospect Theoretic Optimization, 2024', url: 'https://arxiv.org/abs/2402.01306' }, { title: 'TRL KTOTrainer', url: 'https://huggingface.co/docs/trl/kto_trainer' }],
  expects: { prediction: 'scores', target: 'none' },
  run({ arg, optional, opt, wantGrad }): LossResult {
    const b = opt.number('beta');
    const wD = opt.number('desirable_weight');
    const wU = opt.number('undesirable_weight');
    const reduction = opt.reduction();
    const pc = arg('policy_chosen_logps');
    const pr = arg('policy_rejected_logps');
    requireSameShapes('kto_loss', [{ name: 'policy_chosen_logps', tensor: pc, grad: true }, { name: 'reference_chosen_logps', tensor: arg('reference_chosen_logps'), grad: false }]);
    requireSameShapes('kto_loss', [{ name: 'policy_rejected_logps', tensor: pr, grad: true }, { name: 'reference_rejected_logps', tensor: arg('reference_rejected_logps'), grad: false }]);
    for (const [name, t] of [['policy_chosen_logps', pc], ['policy_rejected_logps', pr]] as const) {
      if (t.ndim !== 1) throw new LossError('kto_loss', name, `expected shape (B), got ${t.ndim} dimensions`);
    }
    const klT = optional('kl');
    if (klT && klT.size !== 1) throw new LossError('kto_loss', 'kl', `expected one value, got ${klT.size}`);
    const z0 = Math.max(0, klT ? klT.data[0]! : 0);
    const nD = pc.size;
    const n = nD + pr.size;
    const values = new Float64Array(n);
    const gc = new Float64Array(nD);
    const gr = new Float64Array(pr.size);
    const rc = arg('reference_chosen_logps').data;
    const rr = arg('reference_rejected_logps').data;
    for (let i = 0; i < n; i++) {
      const desirable = i < nD;
      const j = desirable ? i : i - nD;
      const u = desirable ? b * (pc.data[j]! - rc[j]! - z0) : b * (z0 - (pr.data[j]! - rr[j]!));
      const w = desirable ? wD : wU;
      values[i] = w * (1 - sigmoid(u));
      const du = -w * sigmoid(u) * sigmoid(-u) * b;
      if (desirable) gc[j] = du;
      else gr[j] = -du;
    }
    const scale = reduction === 'mean' ? 1 / n : 1;
    let sum = 0;
    for (const v of values) sum += v;
    const value = reduction === 'none' ? new Tensor([n], values) : Tensor.scalar(reduction === 'mean' ? sum / n : sum);
    const grad: Record<string, Tensor> = {};
    if (wantGrad) {
      grad['policy_chosen_logps'] = new Tensor(pc.shape, gc.map((g) => g * scale));
      grad['policy_rejected_logps'] = new Tensor(pr.shape, gr.map((g) => g * scale));
    }
    return { value, grad };
  },
});

export const PREFERENCE_LOSSES: readonly LossSpec[] = [dpoLoss, ipoLoss, dpoHingeLoss, robustDpoLoss, exoPairLoss, ncaPairLoss, sppoHardLoss, simpoLoss, cpoLoss, orpoLoss, ktoLoss];
