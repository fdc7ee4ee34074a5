/** Robust regression: elementwise losses of the residual that grow slower than the square. */
import { LossError } from '../../errors';
import type { LossSpec } from '../../catalog/types';
import { Tensor } from '../../tensor';
import { OVERFITTING_TO_THE_LOSS } from '../shared_pitfalls';
import { requireSameShape } from '../common';
import { NO_GRAD, defineLoss } from './define';
import { fmt } from '../option_specs';
import { REDESCENDING, ROBUST_SCALE, robustLoss } from './robust_kit';
import { fastExp as fastExpImport } from '../../kernels/fast_exp';
import { log1pUnit as log1pUnitImport } from '../../kernels/fast_log1p';
import { numberOption } from '../spec_options';
import { SHAPES } from '../shapes';
import { cauchySimd } from '../../kernels/elementwise_simd';

// The hot loops' aliases (why: fast_exp.ts).
const fastExp = fastExpImport;
const log1pUnit = log1pUnitImport;

const positive = { min: 0, exclusiveMin: true } as const;
const sign = (r: number): number => (r > 0 ? 1 : r < 0 ? -1 : 0);
/** Writes v into values[i] when there are values; returns v for the kernel's running sum. (These
 *  helpers live in this module, not the kit: a hot loop calling across modules goes through an
 *  export getter under tsx's CommonJS transform, which the benches and tests run.) */
function keep(values: Float64Array | null, i: number, v: number): number {
  if (values !== null) values[i] = v;
  return v;
}
/** A loss of the residual x − y: d/dy = −d/dx. */
function residualGrad(gx: Float64Array, gy: Float64Array | null, i: number, g: number): void {
  gx[i] = g;
  gy![i] = -g;
}
const BARRON = { title: 'Barron, A General and Adaptive Robust Loss Function, CVPR 2019', url: 'https://arxiv.org/abs/1701.03077' };
const scaleOption = numberOption('scale', 1, 'c: residuals are measured in units of c (the width of the quadratic bowl).', {
  range: positive,
  tunable: { min: 0.05, max: 5, step: 0.05 },
  explain: (v) => `residuals around ${fmt(Number(v))} are where the loss stops growing quadratically`,
});
const kornia = (name: string, fn: string): LossSpec['spellings'] => [
  { framework: 'kornia', kind: 'module', name: `kornia.losses.${name}`, argMap: { img1: 'input', img2: 'target' }, note: "No scale (c = 1) and reduction defaults to 'none'." },
  { framework: 'kornia', kind: 'functional', name: `kornia.losses.${fn}`, argMap: { img1: 'input', img2: 'target' }, note: "No scale (c = 1) and reduction defaults to 'none'." },
];

export const pseudoHuberLoss = robustLoss({
  id: 'pseudo_huber_loss',
  title: 'Pseudo-Huber loss',
  summary: 'A smooth Huber: quadratic for small residuals, linear (slope δ) for large ones, with every derivative continuous.',
  formula: { unicode: 'ℓᵢ = δ²·(√(1 + ((xᵢ − yᵢ)/δ)²) − 1)', latex: '\\ell_i = \\delta^2\\Bigl(\\sqrt{1 + \\bigl(\\tfrac{x_i - y_i}{\\delta}\\bigr)^2} - 1\\Bigr)' },
  params: [numberOption('delta', 1, 'δ: residual size where the loss turns from quadratic to linear; the gradient is bounded by δ.', { range: positive, tunable: { min: 0.05, max: 5, step: 0.05 } })],
  kernel: (x, y, values, gx, gy, scale, [d]) => {
    const k = 1 / (d! * d!);
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      const s = Math.sqrt(1 + r * r * k);
      sum += keep(values, i, d! * d! * (s - 1));
      if (gx !== null) residualGrad(gx, gy, i, (r / s) * scale);
    }
    return sum;
  },
  spellings: [{ framework: 'other', kind: 'string', name: 'reg:pseudohubererror', argMap: { huber_slope: 'delta' }, note: "XGBoost objective='reg:pseudohubererror' with huber_slope = δ (default 1)." }],
  whenToUse: ['Regression with outliers when you want Huber\'s behaviour and a twice-differentiable loss (second-order optimisers, XGBoost).'],
  pitfalls: [ROBUST_SCALE],
  gradient: 'd/dx = r/√(1 + (r/δ)²): ≈ r for |r| ≪ δ, → ±δ for |r| ≫ δ; d/dy is its negative.',
  references: [{ title: 'Hartley & Zisserman, Multiple View Geometry (2nd ed.), appendix A6.8 (pseudo-Huber cost)' }, { title: 'XGBoost objectives (reg:pseudohubererror)', url: 'https://xgboost.readthedocs.io/en/stable/parameter.html' }],
});

export const charbonnierLoss = robustLoss({
  id: 'charbonnier_loss',
  title: 'Charbonnier loss',
  summary: 'A differentiable L1: √((r/c)² + 1) − 1, Barron\'s α = 1; the usual reconstruction loss in super-resolution and optical flow.',
  formula: { unicode: 'ℓᵢ = √(((xᵢ − yᵢ)/c)² + 1) − 1', latex: '\\ell_i = \\sqrt{\\bigl(\\tfrac{x_i - y_i}{c}\\bigr)^2 + 1} - 1' },
  params: [scaleOption],
  kernel: (x, y, values, gx, gy, scale, [c]) => {
    const k = 1 / (c! * c!);
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      const s = Math.sqrt(r * r * k + 1);
      sum += keep(values, i, s - 1);
      if (gx !== null) residualGrad(gx, gy, i, ((r * k) / s) * scale);
    }
    return sum;
  },
  spellings: kornia('CharbonnierLoss', 'charbonnier_loss'),
  whenToUse: ['Image restoration, super-resolution, optical flow: L1-like robustness with a smooth minimum.', 'The SR form √(r² + ε²) equals ε·(this loss with c = ε) + ε.'],
  pitfalls: [ROBUST_SCALE],
  gradient: 'd/dx = (r/c²)/√((r/c)² + 1): linear near 0, saturating at ±1/c; d/dy is its negative.',
  references: [BARRON, { title: 'Charbonnier et al., Two deterministic half-quadratic regularization algorithms for computed imaging, ICIP 1994' }],
});

export const cauchyLoss = robustLoss({
  id: 'cauchy_loss',
  title: 'Cauchy (Lorentzian) loss',
  summary: 'log(½(r/c)² + 1): Barron\'s α = 0, the negative log-likelihood of a Cauchy distribution; grows only logarithmically.',
  formula: { unicode: 'ℓᵢ = log(½((xᵢ − yᵢ)/c)² + 1)', latex: '\\ell_i = \\log\\Bigl(\\tfrac12\\bigl(\\tfrac{x_i - y_i}{c}\\bigr)^2 + 1\\Bigr)' },
  params: [scaleOption],
  kernel: (x, y, values, gx, gy, scale, [c]) => {
    const k = 1 / (c! * c!);
    const simd = cauchySimd(x, y, k, values, gx, gy, scale);
    if (simd !== null) return simd;
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      const h = 0.5 * r * r * k;
      sum += keep(values, i, log1pUnit(h));
      if (gx !== null) residualGrad(gx, gy, i, ((r * k) / (h + 1)) * scale);
    }
    return sum;
  },
  spellings: kornia('CauchyLoss', 'cauchy_loss'),
  whenToUse: ['Heavy-tailed noise (many gross outliers): fitting, registration, bundle adjustment.'],
  pitfalls: [ROBUST_SCALE, REDESCENDING],
  gradient: 'd/dx = (r/c²)/(½(r/c)² + 1): peaks at |r| = √2·c and falls like 2/r beyond.',
  references: [BARRON, { title: 'Black & Anandan, The robust estimation of multiple motions, CVIU 1996' }],
});

export const gemanMcclureLoss = robustLoss({
  id: 'geman_mcclure_loss',
  title: 'Geman–McClure loss',
  summary: '2(r/c)²/((r/c)² + 4): Barron\'s α = −2, bounded by 2, so an outlier can cost at most a constant.',
  formula: { unicode: 'ℓᵢ = 2u/(u + 4),  u = ((xᵢ − yᵢ)/c)²', latex: '\\ell_i = \\frac{2 u}{u + 4},\\quad u = \\bigl(\\tfrac{x_i - y_i}{c}\\bigr)^2' },
  params: [scaleOption],
  kernel: (x, y, values, gx, gy, scale, [c]) => {
    const k = 1 / (c! * c!);
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      const u = r * r * k;
      const q = 1 / (u + 4);
      sum += keep(values, i, 2 * u * q);
      if (gx !== null) residualGrad(gx, gy, i, 16 * r * k * q * q * scale);
    }
    return sum;
  },
  spellings: kornia('GemanMcclureLoss', 'geman_mcclure_loss'),
  whenToUse: ['Fitting with many gross outliers once a reasonable initial estimate exists (registration, robust PCA).'],
  pitfalls: [ROBUST_SCALE, REDESCENDING],
  gradient: 'd/dx = 16r/(c²(u + 4)²): peaks at |r| = (2/√3)·c and decays like 1/r³.',
  references: [BARRON, { title: 'Geman & McClure, Bayesian image analysis: an application to single photon emission tomography, 1985' }],
});

export const welschLoss = robustLoss({
  id: 'welsch_loss',
  title: 'Welsch (Leclerc) loss',
  summary: '1 − exp(−½(r/c)²): Barron\'s α → −∞, a bounded Gaussian-shaped loss; outliers beyond a few c are ignored.',
  formula: { unicode: 'ℓᵢ = 1 − exp(−½((xᵢ − yᵢ)/c)²)', latex: '\\ell_i = 1 - \\exp\\Bigl(-\\tfrac12\\bigl(\\tfrac{x_i - y_i}{c}\\bigr)^2\\Bigr)' },
  params: [scaleOption],
  kernel: (x, y, values, gx, gy, scale, [c]) => {
    const k = 1 / (c! * c!);
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      const h = 0.5 * r * r * k;
      const e = fastExp(-h);
      // 1 − e loses digits when h is small: expm1 there.
      sum += keep(values, i, h < 0.01 ? -Math.expm1(-h) : 1 - e);
      if (gx !== null) residualGrad(gx, gy, i, r * k * e * scale);
    }
    return sum;
  },
  spellings: kornia('WelschLoss', 'welsch_loss'),
  whenToUse: ['Correntropy-style fitting where residuals beyond ~3c should have no influence at all.'],
  pitfalls: [ROBUST_SCALE, REDESCENDING],
  gradient: 'd/dx = (r/c²)·exp(−½(r/c)²): peaks at |r| = c and vanishes exponentially beyond.',
  references: [BARRON, { title: 'Dennis & Welsch, Techniques for nonlinear least squares and robust regression, 1978' }],
});

export const tukeyBiweightLoss = robustLoss({
  id: 'tukey_biweight_loss',
  title: "Tukey's biweight (bisquare) loss",
  summary: 'c²/6·(1 − (1 − (r/c)²)³) inside |r| ≤ c and the constant c²/6 beyond: residuals past c have exactly zero influence.',
  formula: {
    unicode: 'ℓᵢ = c²/6·(1 − (1 − (rᵢ/c)²)³) if |rᵢ| ≤ c, else c²/6;  rᵢ = xᵢ − yᵢ',
    latex: '\\ell_i = \\begin{cases} \\frac{c^2}{6}\\bigl(1 - (1 - (r_i/c)^2)^3\\bigr) & |r_i| \\le c \\\\ \\frac{c^2}{6} & \\text{otherwise} \\end{cases}',
  },
  params: [numberOption('c', 4.685, 'Rejection threshold: residuals beyond c get zero gradient (4.685 gives 95% efficiency under Gaussian noise of unit scale).', { range: positive, tunable: { min: 0.5, max: 10, step: 0.1 } })],
  kernel: (x, y, values, gx, gy, scale, [c]) => {
    const k = 1 / (c! * c!);
    const top = (c! * c!) / 6;
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      const w = 1 - r * r * k;
      const inside = Math.abs(r) <= c!;
      sum += keep(values, i, inside ? top * (1 - w * w * w) : top);
      if (gx !== null) residualGrad(gx, gy, i, inside ? r * w * w * scale : 0);
    }
    return sum;
  },
  spellings: [{ framework: 'other', kind: 'module', name: 'statsmodels.robust.norms.TukeyBiweight', note: 'statsmodels applies it to residuals already divided by a robust scale estimate (c = 4.685 by default).' }],
  whenToUse: ['M-estimation with a hard outlier cut-off, after a robust initial fit (e.g. from Huber).'],
  pitfalls: [ROBUST_SCALE, REDESCENDING],
  gradient: 'd/dx = r(1 − (r/c)²)² for |r| ≤ c, 0 beyond.',
  references: [{ title: 'Beaton & Tukey, The fitting of power series, meaning polynomials, illustrated on band-spectroscopic data, Technometrics 1974' }, { title: 'statsmodels.robust.norms.TukeyBiweight', url: 'https://www.statsmodels.org/stable/generated/statsmodels.robust.norms.TukeyBiweight.html' }],
});

function barronValue(r: number, a: number, c: number): number {
  const u = (r / c) ** 2;
  if (a === 2) return 0.5 * u;
  if (a === 0) return Math.log1p(0.5 * u);
  if (a === -Infinity) return -Math.expm1(-0.5 * u);
  const b = Math.abs(a - 2);
  return (b / a) * (Math.pow(u / b + 1, a / 2) - 1);
}

function barronDerivative(r: number, a: number, c: number): number {
  const u = (r / c) ** 2;
  const s = r / (c * c);
  if (a === 2) return s;
  if (a === 0) return s / (0.5 * u + 1);
  if (a === -Infinity) return s * Math.exp(-0.5 * u);
  return s * Math.pow(u / Math.abs(a - 2) + 1, a / 2 - 1);
}

export const barronLoss = robustLoss({
  id: 'barron_loss',
  title: "Barron's general robust loss",
  summary: 'One loss with a shape parameter α that spans L2 (α = 2), Charbonnier (1), Cauchy (0), Geman–McClure (−2) and Welsch (−∞), and a scale c.',
  formula: {
    unicode: 'ℓᵢ = |α − 2|/α · ((((xᵢ − yᵢ)/c)²/|α − 2| + 1)^(α/2) − 1)  (limits at α = 0, 2, −∞)',
    latex: '\\rho(r, \\alpha, c) = \\frac{|\\alpha - 2|}{\\alpha}\\left(\\left(\\frac{(r/c)^2}{|\\alpha - 2|} + 1\\right)^{\\alpha/2} - 1\\right)',
  },
  params: [
    numberOption('alpha', 1, 'Shape α: 2 is L2, 1 Charbonnier/pseudo-Huber, 0 Cauchy, −2 Geman–McClure, −inf Welsch; lower is more robust.', {
      tunable: { min: -6, max: 2, step: 0.1 },
      explain: (v) => (Number(v) >= 2 ? 'α ≥ 2: at least as outlier-sensitive as L2' : Number(v) >= 1 ? 'convex, L1-like in the tails' : 'non-convex: outliers lose influence'),
    }),
    scaleOption,
  ],
  kernel: (x, y, values, gx, gy, scale, [a, c]) => {
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      sum += keep(values, i, barronValue(r, a!, c!));
      if (gx !== null) residualGrad(gx, gy, i, barronDerivative(r, a!, c!) * scale);
    }
    return sum;
  },
  spellings: [
    { framework: 'other', kind: 'functional', name: 'robust_loss_pytorch.general.lossfun', argMap: { x: 'input', alpha: 'alpha', scale: 'scale' }, note: 'Takes the residual x (target 0) and tensors alpha and scale, elementwise; the adaptive variant learns them.' },
  ],
  whenToUse: ['When the right amount of robustness is unknown: tune α (or learn it) instead of choosing among L2, Charbonnier, Cauchy…', 'Monocular depth, optical flow and VAEs in the paper.'],
  pitfalls: [ROBUST_SCALE, REDESCENDING, { id: 'barron-alpha-above-two', title: 'α > 2 is less robust than L2', detail: 'For α > 2 the tails grow faster than the square: outliers dominate even more. Keep α ≤ 2.' }],
  gradient: 'd/dx = (r/c²)·((r/c)²/|α − 2| + 1)^(α/2 − 1); at α = 0 it is (r/c²)/(½(r/c)² + 1), at α = −∞ (r/c²)·e^(−½(r/c)²).',
  references: [BARRON],
});

export const wingLoss = robustLoss({
  id: 'wing_loss',
  title: 'Wing loss',
  summary: 'For landmark regression: ω·ln(1 + |r|/ε) for small and medium errors (amplifying them), L1 shifted to be continuous beyond ω.',
  formula: {
    unicode: 'ℓᵢ = ω·ln(1 + |rᵢ|/ε) if |rᵢ| < ω, else |rᵢ| − C;  C = ω − ω·ln(1 + ω/ε)',
    latex: '\\ell_i = \\begin{cases} \\omega \\ln(1 + |r_i|/\\epsilon) & |r_i| < \\omega \\\\ |r_i| - C & \\text{otherwise} \\end{cases},\\quad C = \\omega - \\omega\\ln(1 + \\omega/\\epsilon)',
  },
  params: [
    numberOption('omega', 10, 'ω: width of the non-linear (logarithmic) part, in the units of the coordinates.', { range: positive, tunable: { min: 1, max: 30, step: 0.5 } }),
    numberOption('epsilon', 2, 'ε: curvature of the logarithmic part (smaller is sharper near 0).', { range: positive, tunable: { min: 0.1, max: 5, step: 0.1 } }),
  ],
  kernel: (x, y, values, gx, gy, scale, [w, e]) => {
    const shift = w! - w! * Math.log1p(w! / e!);
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      const a = Math.abs(r);
      const inside = a < w!;
      sum += keep(values, i, inside ? w! * log1pUnit(a / e!) : a - shift);
      if (gx !== null) residualGrad(gx, gy, i, (inside ? (w! * sign(r)) / (e! + a) : sign(r)) * scale);
    }
    return sum;
  },
  spellings: [{ framework: 'other', kind: 'module', name: 'mmpose.models.losses.WingLoss', note: 'Same ω = 10, ε = 2; mmpose sums over keypoints and coordinates and averages over the batch.' }],
  whenToUse: ['Facial landmark or keypoint coordinate regression, where small errors matter and L2 under-weights them.'],
  pitfalls: [ROBUST_SCALE, { id: 'wing-pixel-units', title: 'ω and ε assume pixel coordinates', detail: 'The defaults (10, 2) suit coordinates in pixels; for coordinates normalised to [0, 1] every error is tiny and the loss is nearly ω/ε·|r|. Scale ω and ε with the coordinates.' }],
  gradient: 'd/dx = ω·sign(r)/(ε + |r|) for |r| < ω (large near 0, unlike L1), sign(r) beyond.',
  references: [{ title: 'Feng et al., Wing Loss for Robust Facial Landmark Localisation with CNNs, CVPR 2018', url: 'https://arxiv.org/abs/1711.06753' }],
});

export const softWingLoss = robustLoss({
  id: 'soft_wing_loss',
  title: 'Soft wing loss',
  summary: 'L1 for small errors and a logarithmic wing for large ones: the reverse of wing loss, keeping the gradient near zero bounded.',
  formula: {
    unicode: 'ℓᵢ = |rᵢ| if |rᵢ| < ω₁, else ω₂·ln(1 + |rᵢ|/ε) + B;  B = ω₁ − ω₂·ln(1 + ω₁/ε)',
    latex: '\\ell_i = \\begin{cases} |r_i| & |r_i| < \\omega_1 \\\\ \\omega_2 \\ln(1 + |r_i|/\\epsilon) + B & \\text{otherwise} \\end{cases}',
  },
  params: [
    numberOption('omega1', 2, 'ω₁: below this error the loss is plain L1.', { range: positive }),
    numberOption('omega2', 20, 'ω₂: scale of the logarithmic part for large errors.', { range: positive }),
    numberOption('epsilon', 0.5, 'ε: curvature of the logarithmic part.', { range: positive }),
  ],
  kernel: (x, y, values, gx, gy, scale, [w1, w2, e]) => {
    const shift = w1! - w2! * Math.log1p(w1! / e!);
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      const a = Math.abs(r);
      const inside = a < w1!;
      sum += keep(values, i, inside ? a : w2! * log1pUnit(a / e!) + shift);
      if (gx !== null) residualGrad(gx, gy, i, (inside ? sign(r) : (w2! * sign(r)) / (e! + a)) * scale);
    }
    return sum;
  },
  spellings: [{ framework: 'other', kind: 'module', name: 'mmpose.models.losses.SoftWingLoss', note: 'Same defaults; mmpose sums over keypoints and coordinates and averages over the batch.' }],
  whenToUse: ['Keypoint regression where wing loss overfits small errors: soft wing keeps L1 near zero and damps large errors.'],
  pitfalls: [ROBUST_SCALE],
  gradient: 'd/dx = sign(r) for |r| < ω₁, ω₂·sign(r)/(ε + |r|) beyond.',
  references: [{ title: 'Lin et al., Structure-Coherent Deep Feature Learning for Robust Face Alignment, IEEE TIP 2021' }],
});

export const adaptiveWingLoss = robustLoss({
  id: 'adaptive_wing_loss',
  title: 'Adaptive wing loss',
  summary: 'Wing loss for heatmaps: the exponent α − y adapts to the target pixel, so foreground pixels (y ≈ 1) get wing-like focus and background pixels stay smooth.',
  formula: {
    unicode: 'ℓᵢ = ω·ln(1 + (|rᵢ|/ε)^(α−yᵢ)) if |rᵢ| < θ, else A·|rᵢ| − C;  A = ω·(α−y)(θ/ε)^(α−y−1)/(ε(1 + (θ/ε)^(α−y))),  C = θA − ω·ln(1 + (θ/ε)^(α−y))',
    latex: '\\ell_i = \\begin{cases} \\omega \\ln\\bigl(1 + (|r_i|/\\epsilon)^{\\alpha - y_i}\\bigr) & |r_i| < \\theta \\\\ A|r_i| - C & \\text{otherwise} \\end{cases}',
  },
  params: [
    numberOption('alpha', 2.1, 'α: the exponent is α − y; keep α slightly above 2 so background pixels (y = 0) see a smooth, quadratic-like loss.', { range: positive }),
    numberOption('omega', 14, 'ω: overall scale of the non-linear part.', { range: positive }),
    numberOption('epsilon', 1, 'ε: residual unit inside the exponent.', { range: positive }),
    numberOption('theta', 0.5, 'θ: switch from the non-linear part to the linear one.', { range: positive }),
  ],
  targetDifferentiable: false,
  kernel: (x, y, values, gx, gy, scale, [al, w, e, t]) => {
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      const a = Math.abs(r);
      const p = al! - y[i]!;
      let v: number;
      let g: number;
      if (a < t!) {
        const q = Math.pow(a / e!, p);
        g = a === 0 ? 0 : ((w! * p * q) / a / (1 + q)) * sign(r);
        v = w! * log1pUnit(q);
      } else {
        const qt = Math.pow(t! / e!, p);
        const A = ((w! * p * Math.pow(t! / e!, p - 1)) / e!) / (1 + qt);
        g = A * sign(r);
        v = A * a - (t! * A - w! * Math.log1p(qt));
      }
      sum += keep(values, i, v);
      if (gx !== null) {
        gx[i] = g * scale;
        gy![i] = 0;
      }
    }
    return sum;
  },
  spellings: [{ framework: 'other', kind: 'module', name: 'mmpose.models.losses.AdaptiveWingLoss', note: 'Same defaults (α 2.1, ω 14, ε 1, θ 0.5); mmpose averages over all heatmap pixels.' }],
  whenToUse: ['Heatmap regression for landmarks and pose, with targets in [0, 1].'],
  pitfalls: [{ id: 'awing-target-range', title: 'Targets must be heatmaps in [0, 1]', detail: 'The exponent α − y assumes y ∈ [0, 1]; with y > α the exponent turns negative and the loss explodes near zero error.' }],
  gradient: 'd/dx = ω(α−y)(|r|/ε)^(α−y)/(|r|(1 + (|r|/ε)^(α−y)))·sign(r) for |r| < θ, A·sign(r) beyond; the target is treated as a constant (no gradient), as heatmap targets are data.',
  references: [{ title: 'Wang et al., Adaptive Wing Loss for Robust Face Alignment via Heatmap Regression, ICCV 2019', url: 'https://arxiv.org/abs/1904.07399' }],
});

const SVR = { title: 'Vapnik, The Nature of Statistical Learning Theory, 1995 (ε-insensitive loss)' };
const SGD_REGRESSOR = { title: 'sklearn.linear_model.SGDRegressor', url: 'https://scikit-learn.org/stable/modules/generated/sklearn.linear_model.SGDRegressor.html' };
const epsilonOption = numberOption('epsilon', 0.1, 'ε: errors smaller than ε cost nothing (the tube of support-vector regression).', { range: { min: 0 }, tunable: { min: 0, max: 2, step: 0.01 } });

export const epsilonInsensitiveLoss = robustLoss({
  id: 'epsilon_insensitive_loss',
  title: 'ε-insensitive loss',
  summary: 'max(0, |r| − ε): support-vector regression\'s loss, zero inside a tube of half-width ε and L1 outside.',
  formula: { unicode: 'ℓᵢ = max(0, |xᵢ − yᵢ| − ε)', latex: '\\ell_i = \\max(0, |x_i - y_i| - \\epsilon)' },
  params: [epsilonOption],
  kernel: (x, y, values, gx, gy, scale, [e]) => {
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      sum += keep(values, i, Math.max(0, Math.abs(r) - e!));
      if (gx !== null) residualGrad(gx, gy, i, Math.abs(r) > e! ? sign(r) * scale : 0);
    }
    return sum;
  },
  spellings: [{ framework: 'sklearn', kind: 'string', name: 'epsilon_insensitive', note: "SGDRegressor(loss='epsilon_insensitive', epsilon=0.1); LinearSVR uses it with epsilon=0.0 by default." }],
  whenToUse: ['Linear or kernel SVR; regression where errors below a tolerance do not matter.'],
  pitfalls: [ROBUST_SCALE, { id: 'epsilon-tube-too-wide', title: 'A wide tube learns nothing', detail: 'With ε larger than most residuals every gradient is zero and the model stays where it started; ε should be below the noise level.' }],
  gradient: 'd/dx = sign(r) where |r| > ε, 0 inside the tube.',
  references: [SVR, SGD_REGRESSOR],
});

export const squaredEpsilonInsensitiveLoss = robustLoss({
  id: 'squared_epsilon_insensitive_loss',
  title: 'Squared ε-insensitive loss',
  summary: 'max(0, |r| − ε)²: the ε-tube with a squared penalty outside it (L2-SVR).',
  formula: { unicode: 'ℓᵢ = max(0, |xᵢ − yᵢ| − ε)²', latex: '\\ell_i = \\max(0, |x_i - y_i| - \\epsilon)^2' },
  params: [epsilonOption],
  kernel: (x, y, values, gx, gy, scale, [e]) => {
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      const out = Math.max(0, Math.abs(r) - e!);
      sum += keep(values, i, out * out);
      if (gx !== null) residualGrad(gx, gy, i, 2 * out * sign(r) * scale);
    }
    return sum;
  },
  spellings: [{ framework: 'sklearn', kind: 'string', name: 'squared_epsilon_insensitive', note: "SGDRegressor(loss='squared_epsilon_insensitive') and LinearSVR(loss='squared_epsilon_insensitive')." }],
  whenToUse: ['SVR with a smooth penalty outside the tube; linear SVR with the squared loss.'],
  pitfalls: [ROBUST_SCALE],
  gradient: 'd/dx = 2·max(0, |r| − ε)·sign(r).',
  references: [SVR, SGD_REGRESSOR],
});

export const balancedL1Loss = robustLoss({
  id: 'balanced_l1_loss',
  title: 'Balanced L1 loss (Libra R-CNN)',
  summary: 'A box-regression loss that raises the gradient of inliers (small errors) so they balance the outliers: logarithmic below β, linear (slope γ) above.',
  formula: {
    unicode: 'ℓᵢ = α/b·(b|r|+1)·ln(b|r|/β + 1) − α|r| if |r| < β, else γ|r| + γ/b − αβ;  b = e^(γ/α) − 1',
    latex: '\\ell_i = \\begin{cases} \\frac{\\alpha}{b}(b|r|+1)\\ln\\bigl(\\frac{b|r|}{\\beta}+1\\bigr) - \\alpha|r| & |r| < \\beta \\\\ \\gamma|r| + \\frac{\\gamma}{b} - \\alpha\\beta & \\text{otherwise} \\end{cases}',
  },
  params: [
    numberOption('alpha', 0.5, 'α: raises the gradient of small errors (inliers).', { range: positive }),
    numberOption('gamma', 1.5, 'γ: slope for large errors (outliers), the upper bound of the gradient.', { range: positive }),
    numberOption('beta', 1, 'β: error size where the two parts meet.', { range: positive }),
  ],
  check: ([a, g]) => {
    if (!Number.isFinite(Math.exp(g! / a!))) throw new LossError('balanced_l1_loss', 'gamma', 'gamma / alpha is too large (e^(γ/α) overflows)');
  },
  kernel: (x, y, values, gx, gy, scale, [a, g, be]) => {
    const b = Math.expm1(g! / a!);
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i]! - y[i]!;
      const m = Math.abs(r);
      const inside = m < be!;
      const l = inside ? log1pUnit((b * m) / be!) : 0;
      sum += keep(values, i, inside ? (a! / b) * (b * m + 1) * l - a! * m : g! * m + g! / b - a! * be!);
      if (gx !== null) residualGrad(gx, gy, i, (inside ? a! * l + (a! * (b * m + 1)) / (b * m + be!) - a! : g!) * sign(r) * scale);
    }
    return sum;
  },
  spellings: [{ framework: 'other', kind: 'module', name: 'mmdet.models.losses.BalancedL1Loss', note: "Same defaults (α 0.5, γ 1.5, β 1.0) with reduction='mean' and loss_weight 1.0." }],
  whenToUse: ['Bounding-box regression in two-stage detectors where easy samples get too little gradient under smooth L1.'],
  pitfalls: [ROBUST_SCALE],
  gradient: 'd/dx = α·ln(b|r|/β + 1)·sign(r) (at β = 1) below β, γ·sign(r) above: continuous at |r| = β by the choice of b.',
  references: [{ title: 'Pang et al., Libra R-CNN: Towards Balanced Learning for Object Detection, CVPR 2019', url: 'https://arxiv.org/abs/1904.02701' }],
});



export const psnrLoss = defineLoss({
  id: 'psnr_loss',
  title: 'PSNR loss (negative peak signal-to-noise ratio)',
  family: 'regression',
  summary: '−PSNR = 10·log10(MSE / max_val²): minimising it maximises PSNR; a log-scaled MSE over the whole batch.',
  formula: { unicode: 'ℓ = −10·log10(max_val² / mean((x − y)²))', latex: '\\ell = -10\\log_{10}\\frac{\\mathrm{max\\_val}^2}{\\frac1n\\sum (x_i - y_i)^2}' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Reconstructed image(s).' },
    { name: 'target', shape: '(*), same shape', dtype: 'float', differentiable: true, meaning: 'Reference image(s).' },
  ],
  options: [numberOption('max_val', 1, 'The largest possible pixel value (1.0 for [0, 1] images, 255 for 8-bit).', { range: { min: 0, exclusiveMin: true } })],
  shapes: SHAPES.elementwiseToScalar,
  spellings: [
    { framework: 'kornia', kind: 'functional', name: 'kornia.losses.psnr_loss', argMap: { input: 'input', target: 'target', max_val: 'max_val' }, note: 'max_val is required (no default) in kornia; the MSE is over all elements of the batch.' },
    { framework: 'kornia', kind: 'module', name: 'kornia.losses.PSNRLoss', argMap: { input: 'input', target: 'target', max_val: 'max_val' }, note: 'PSNRLoss(max_val) with max_val required.' },
  ],
  whenToUse: ['Image restoration and super-resolution when the reported metric is PSNR.'],
  pitfalls: [
    { id: 'psnr-max-val', title: 'max_val must match the pixel range', detail: 'max_val only shifts the loss by a constant (no effect on gradients), but reported values are wrong by 20·log10(255) ≈ 48 dB if images are in [0, 1] and max_val = 255.' },
    { id: 'psnr-batch-mse', title: 'One MSE for the whole batch', detail: 'The MSE is averaged over all images before the log, so the loss is not the mean PSNR per image; easy images dominate less than with a per-image mean.' },
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient: '∂/∂x = 20(x − y)/(n·ln 10·MSE), ∂/∂y its negative: MSE\'s gradient divided by the current MSE, so it stays strong as errors shrink.',
  references: [{ title: 'kornia.losses.psnr_loss', url: 'https://kornia.readthedocs.io/en/latest/losses.html' }],
  expects: { prediction: 'values', target: 'values' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    const y = arg('target');
    requireSameShape('psnr_loss', 'input', x, 'target', y);
    const maxVal = opt.number('max_val');
    const n = x.size;
    let mse = 0;
    for (let i = 0; i < n; i++) mse += (x.data[i]! - y.data[i]!) ** 2;
    mse /= n;
    const value = 10 * Math.log10(mse / (maxVal * maxVal));
    if (!wantGrad) return { value: Tensor.scalar(value), grad: NO_GRAD };
    const gx = Float64Array.from(x.data, (v, i) => (20 * (v - y.data[i]!)) / (n * Math.LN10 * mse));
    return { value: Tensor.scalar(value), grad: { input: new Tensor(x.shape, gx), target: new Tensor(y.shape, gx.map((g) => -g)) } };
  },
});

export const ROBUST_LOSSES: readonly LossSpec[] = [
  pseudoHuberLoss, charbonnierLoss, cauchyLoss, gemanMcclureLoss, welschLoss, tukeyBiweightLoss, barronLoss,
  wingLoss, softWingLoss, adaptiveWingLoss, epsilonInsensitiveLoss, squaredEpsilonInsensitiveLoss, balancedL1Loss, psnrLoss,
];
