/** Generative models: GAN objectives for the discriminator and the generator, the VAE's negative
 *  ELBO, diffusion's ε-prediction MSE with min-SNR-γ weighting, and flow matching. */
import { LossError } from '../../errors';
import type { LossResult, LossSpec, OptionSpec, Pitfall, Reference, Spelling } from '../../catalog/types';
import { Tensor, formatShape, sameShape } from '../../tensor';
import { reductionOption } from '../option_specs';
import { OVERFITTING_TO_THE_LOSS } from '../shared_pitfalls';
import { type RunContext, defineLoss } from './define';
import { computeElementwise } from '../../kernels/elementwise';
import { requireSameShape } from '../common';
import { relu, sigmoid, softplus, step } from '../../kernels/scalar_math';
import { enumOption, numberOption } from '../spec_options';
import { SHAPES } from '../shapes';

/** A term's value and its derivative at one logit. */
type Term = (x: number, p: readonly number[]) => readonly [number, number];

interface GanDef {
  id: string;
  title: string;
  summary: string;
  formula: { unicode: string; latex: string };
  params?: readonly OptionSpec[];
  real: Term;
  fake: Term;
  generator: Term;
  /** WGAN-GP: the critic's gradient-norm penalty λ·mean((‖∇D‖ − 1)²). */
  gradientPenalty?: boolean;
  spellings: readonly Spelling[];
  whenToUse: readonly string[];
  pitfalls: readonly Pitfall[];
  gradient: string;
  references: readonly Reference[];
}

const GAN_BALANCE: Pitfall = {
  id: 'gan-loss-not-quality',
  title: 'GAN losses do not measure sample quality',
  detail: 'The two players\' losses oscillate by design; a falling generator loss does not mean better samples. Track FID/IS or look at samples, and watch for a discriminator loss near 0 (the generator gets no signal).',
};
const GAN_ROLE: OptionSpec = enumOption('role', 'discriminator', ['discriminator', 'generator'], "Whose loss: the discriminator's (needs real_logits) or the generator's (fake_logits only).");
const GOODFELLOW: Reference = { title: 'Goodfellow et al., Generative Adversarial Nets, NeurIPS 2014', url: 'https://arxiv.org/abs/1406.2661' };

/** Mean over `t` of term(x); adds d/dx (÷ n) into `g`. */
function meanTerm(t: Tensor, term: Term, p: readonly number[], g: Float64Array | null): number {
  let s = 0;
  const n = t.size;
  for (let i = 0; i < n; i++) {
    const [v, d] = term(t.data[i]!, p);
    s += v;
    if (g) g[i] = d / n;
  }
  return s / n;
}

function ganLoss(def: GanDef): LossSpec {
  const params = def.params ?? [];
  return defineLoss({
    id: def.id,
    title: def.title,
    family: 'generative',
    summary: def.summary,
    formula: def.formula,
    args: [
      { name: 'fake_logits', shape: '(N, *)', dtype: 'float', differentiable: true, meaning: 'Discriminator (critic) outputs on generated samples, before any sigmoid.' },
      { name: 'real_logits', shape: '(M, *)', dtype: 'float', differentiable: true, optional: true, meaning: 'Discriminator outputs on real samples; required for the discriminator loss.' },
      ...(def.gradientPenalty
        ? [{ name: 'grad_norms', shape: '(K)', dtype: 'float' as const, differentiable: true, optional: true, meaning: "‖∇ₓD(x̂)‖₂ at random interpolates x̂ of real and fake samples (the penalty's input); required for the critic loss." }]
        : []),
    ],
    options: [GAN_ROLE, ...params, ...(def.gradientPenalty ? [numberOption('lambda_gp', 10, 'λ: weight of the gradient penalty.', { range: { min: 0 } })] : [])],
    shapes: SHAPES.gan,
    spellings: def.spellings,
    whenToUse: def.whenToUse,
    pitfalls: [...def.pitfalls, GAN_BALANCE],
    gradient: def.gradient,
    references: def.references,
    expects: { prediction: 'logits', target: 'none' },
    run({ arg, optional, opt, wantGrad }: RunContext): LossResult {
      const p = params.map((o) => opt.number(o.name));
      const fake = arg('fake_logits');
      const grad: Record<string, Tensor> = {};
      const gf = wantGrad ? new Float64Array(fake.size) : null;
      if (opt.choice('role') === 'generator') {
        const v = meanTerm(fake, def.generator, p, gf);
        if (gf) grad['fake_logits'] = new Tensor(fake.shape, gf);
        return { value: Tensor.scalar(v), grad };
      }
      const real = optional('real_logits');
      if (!real) throw new LossError(def.id, 'real_logits', "required for role='discriminator'");
      const gr = wantGrad ? new Float64Array(real.size) : null;
      let v = meanTerm(real, def.real, p, gr) + meanTerm(fake, def.fake, p, gf);
      if (def.gradientPenalty) {
        const norms = optional('grad_norms');
        if (!norms) throw new LossError(def.id, 'grad_norms', "required for the critic loss (role='discriminator')");
        const lambda = opt.number('lambda_gp');
        const gn = wantGrad ? new Float64Array(norms.size) : null;
        v += meanTerm(norms, (x) => [lambda * (x - 1) ** 2, 2 * lambda * (x - 1)], p, gn);
        if (gn) grad['grad_norms'] = new Tensor(norms.shape, gn);
      }
      if (gf && gr) {
        grad['fake_logits'] = new Tensor(fake.shape, gf);
        grad['real_logits'] = new Tensor(real.shape, gr);
      }
      return { value: Tensor.scalar(v), grad };
    },
  });
}

const TFGAN = (fn: string, note: string): Spelling => ({ framework: 'other', kind: 'functional', name: `tensorflow_gan.losses.${fn}`, note });

export const ganMinimaxLoss = ganLoss({
  id: 'gan_minimax_loss',
  title: 'GAN minimax loss',
  summary: "The original GAN game: the discriminator minimises −log D(x) − log(1 − D(G(z))); the generator minimises log(1 − D(G(z))), which saturates when D rejects its samples.",
  formula: { unicode: 'D: −log σ(r) − log(1 − σ(f));  G: log(1 − σ(f))', latex: '\\mathcal{L}_D = -\\log\\sigma(r) - \\log(1 - \\sigma(f)),\\quad \\mathcal{L}_G = \\log(1 - \\sigma(f))' },
  real: (r) => [softplus(-r), -sigmoid(-r)],
  fake: (f) => [softplus(f), sigmoid(f)],
  generator: (f) => [-softplus(f), -sigmoid(f)],
  spellings: [TFGAN('minimax_generator_loss', 'tfgan averages the same terms; its minimax_discriminator_loss smooths the real labels by 0.25 by default.')],
  whenToUse: ['Reproducing the original GAN; in practice prefer the non-saturating generator loss.'],
  pitfalls: [{ id: 'gan-saturating-generator', title: 'The generator gradient vanishes early', detail: 'When D confidently rejects fakes (σ(f) ≈ 0), ∂/∂f log(1 − σ(f)) = −σ(f) ≈ 0: the generator learns nothing at the start. Use gan_non_saturating_loss.' }],
  gradient: 'D: ∂/∂r = −σ(−r), ∂/∂f = σ(f) (each ÷ batch size); G: ∂/∂f = −σ(f), vanishing when D rejects the fakes.',
  references: [GOODFELLOW],
});

export const ganNonSaturatingLoss = ganLoss({
  id: 'gan_non_saturating_loss',
  title: 'GAN non-saturating loss',
  summary: 'The GAN loss used in practice: the same discriminator loss, and the generator minimises −log D(G(z)) (strong gradients when D rejects its samples).',
  formula: { unicode: 'D: −log σ(r) − log(1 − σ(f));  G: −log σ(f)', latex: '\\mathcal{L}_D = -\\log\\sigma(r) - \\log(1 - \\sigma(f)),\\quad \\mathcal{L}_G = -\\log\\sigma(f)' },
  real: (r) => [softplus(-r), -sigmoid(-r)],
  fake: (f) => [softplus(f), sigmoid(f)],
  generator: (f) => [softplus(-f), -sigmoid(-f)],
  spellings: [TFGAN('modified_generator_loss', 'The non-saturating generator loss; the discriminator side is minimax_discriminator_loss (label_smoothing 0.25 by default). The DCGAN example writes the same with nn.BCEWithLogitsLoss and target 1 for the generator.')],
  whenToUse: ['Standard GAN training (DCGAN, StyleGAN with R1).'],
  pitfalls: [{ id: 'gan-bce-labels', title: 'Generator labels are "real"', detail: 'Written with BCE, the generator step uses target 1 on the fake logits; using 0 gives the saturating minimax loss with the sign flipped, i.e. the generator helps the discriminator.' }],
  gradient: 'G: ∂/∂f = −σ(−f) ≈ −1 when D rejects the fakes: the generator gets a strong signal exactly when it is worst.',
  references: [GOODFELLOW, { title: 'Radford et al., DCGAN, ICLR 2016', url: 'https://arxiv.org/abs/1511.06434' }],
});

export const ganHingeLoss = ganLoss({
  id: 'gan_hinge_loss',
  title: 'GAN hinge loss',
  summary: 'The hinge GAN of SAGAN/BigGAN: the discriminator minimises max(0, 1 − D(x)) + max(0, 1 + D(G(z))), the generator −D(G(z)).',
  formula: { unicode: 'D: max(0, 1 − r) + max(0, 1 + f);  G: −f', latex: '\\mathcal{L}_D = \\max(0, 1 - r) + \\max(0, 1 + f),\\quad \\mathcal{L}_G = -f' },
  real: (r) => [relu(1 - r), -step(1 - r)],
  fake: (f) => [relu(1 + f), step(1 + f)],
  generator: (f) => [-f, -1],
  spellings: [{ framework: 'other', kind: 'functional', name: 'torch_mimicry.modules.losses.hinge_loss_dis', note: 'Mimicry\'s hinge_loss_dis(output_fake, output_real) and hinge_loss_gen(output_fake): the same means.' }],
  whenToUse: ['Large-scale GANs with spectral normalisation (SAGAN, BigGAN).'],
  pitfalls: [{ id: 'gan-hinge-dead-margin', title: 'Confident discriminators stop learning', detail: 'Real logits above 1 and fake logits below −1 give zero discriminator gradient; with a very strong D this freezes it while G still learns from −f.' }],
  gradient: 'D: ∂/∂r = −1 where r < 1, ∂/∂f = 1 where f > −1 (÷ batch size); G: ∂/∂f = −1/N always.',
  references: [{ title: 'Lim & Ye, Geometric GAN, 2017', url: 'https://arxiv.org/abs/1705.02894' }, { title: 'Zhang et al., Self-Attention GANs, ICML 2019', url: 'https://arxiv.org/abs/1805.08318' }],
});

const WGAN: Reference = { title: 'Arjovsky et al., Wasserstein GAN, ICML 2017', url: 'https://arxiv.org/abs/1701.07875' };

export const wganLoss = ganLoss({
  id: 'wgan_loss',
  title: 'Wasserstein GAN loss',
  summary: 'The critic maximises D(x) − D(G(z)) (an estimate of the Wasserstein-1 distance, if D is 1-Lipschitz); the generator minimises −D(G(z)).',
  formula: { unicode: 'D: mean f − mean r;  G: −mean f', latex: '\\mathcal{L}_D = \\mathbb{E}[f] - \\mathbb{E}[r],\\quad \\mathcal{L}_G = -\\mathbb{E}[f]' },
  real: (r) => [-r, -1],
  fake: (f) => [f, 1],
  generator: (f) => [-f, -1],
  spellings: [TFGAN('wasserstein_discriminator_loss', 'wasserstein_generator_loss is the generator side; the same means.')],
  whenToUse: ['GANs with weight clipping (original WGAN); prefer wgan_gp_loss for the Lipschitz constraint.'],
  pitfalls: [{ id: 'wgan-lipschitz', title: 'Only meaningful with a Lipschitz critic', detail: 'Without weight clipping, a gradient penalty or spectral normalisation the critic loss is unbounded below and diverges.' }],
  gradient: 'Constant: ∂/∂r = −1/M, ∂/∂f = 1/N for the critic; −1/N for the generator.',
  references: [WGAN],
});

export const wganGpLoss = ganLoss({
  id: 'wgan_gp_loss',
  title: 'WGAN-GP loss',
  summary: 'WGAN with a gradient penalty: the critic loss adds λ·mean((‖∇D(x̂)‖ − 1)²) at interpolates x̂, computed here from the given gradient norms.',
  formula: { unicode: 'D: mean f − mean r + λ·mean((‖∇D(x̂)‖₂ − 1)²);  G: −mean f', latex: '\\mathcal{L}_D = \\mathbb{E}[f] - \\mathbb{E}[r] + \\lambda\\,\\mathbb{E}\\bigl[(\\lVert\\nabla D(\\hat x)\\rVert_2 - 1)^2\\bigr]' },
  real: (r) => [-r, -1],
  fake: (f) => [f, 1],
  generator: (f) => [-f, -1],
  gradientPenalty: true,
  spellings: [TFGAN('wasserstein_gradient_penalty', 'Computes the penalty itself from the discriminator and interpolates (weight 1 by default); here the norms are given.')],
  whenToUse: ['Stable GAN training without careful balancing; the default critic for WGAN.'],
  pitfalls: [{ id: 'wgan-gp-batchnorm', title: 'No batch norm in the critic', detail: 'The penalty is per-sample; batch normalisation mixes samples and invalidates it. Use layer norm or none.' }],
  gradient: '∂/∂‖∇‖ = 2λ(‖∇‖ − 1)/K; backpropagating it further needs create_graph=True in the framework that computed the norms.',
  references: [{ title: 'Gulrajani et al., Improved Training of Wasserstein GANs, NeurIPS 2017', url: 'https://arxiv.org/abs/1704.00028' }, WGAN],
});

export const lsganLoss = ganLoss({
  id: 'lsgan_loss',
  title: 'Least-squares GAN loss',
  summary: 'The discriminator regresses real outputs to b and fake ones to a; the generator pushes fake outputs to c (½ squared errors).',
  formula: { unicode: 'D: ½(r − b)² + ½(f − a)²;  G: ½(f − c)²', latex: '\\mathcal{L}_D = \\tfrac12(r - b)^2 + \\tfrac12(f - a)^2,\\quad \\mathcal{L}_G = \\tfrac12(f - c)^2' },
  params: [
    numberOption('a', 0, 'Target of the discriminator for fake samples.'),
    numberOption('b', 1, 'Target of the discriminator for real samples.'),
    numberOption('c', 1, 'Value the generator wants the discriminator to output on fakes.'),
  ],
  real: (r, [, b]) => [0.5 * (r - b!) ** 2, r - b!],
  fake: (f, [a]) => [0.5 * (f - a!) ** 2, f - a!],
  generator: (f, [, , c]) => [0.5 * (f - c!) ** 2, f - c!],
  spellings: [TFGAN('least_squares_discriminator_loss', 'real_label=1, fake_label=0 (b, a); least_squares_generator_loss uses real_label=1 (c); both with the ½ factor.')],
  whenToUse: ['More stable gradients than the sigmoid GAN for samples far on the correct side of the boundary.'],
  pitfalls: [{ id: 'lsgan-raw-outputs', title: 'The discriminator outputs raw scores', detail: 'No sigmoid: the targets a, b, c are compared with the raw outputs.' }],
  gradient: 'D: ∂/∂r = (r − b)/M, ∂/∂f = (f − a)/N; G: ∂/∂f = (f − c)/N.',
  references: [{ title: 'Mao et al., Least Squares Generative Adversarial Networks, ICCV 2017', url: 'https://arxiv.org/abs/1611.04076' }],
});

export const vaeElboLoss = defineLoss({
  id: 'vae_elbo_loss',
  title: 'VAE loss (negative ELBO with Gaussian KL)',
  family: 'generative',
  summary: 'Reconstruction negative log-likelihood plus β times the closed-form KL between the encoder\'s diagonal Gaussian N(μ, e^logvar) and N(0, I).',
  formula: {
    unicode: 'ℓ = Σ NLL(x̂, x) + β·(−½)·Σ(1 + logvar − μ² − e^logvar);  Bernoulli NLL = BCE with logits, Gaussian NLL = ½(x̂ − x)²',
    latex: '\\ell = \\sum \\mathrm{NLL}(\\hat x, x) - \\frac{\\beta}{2}\\sum\\bigl(1 + \\log\\sigma^2 - \\mu^2 - \\sigma^2\\bigr)',
  },
  args: [
    { name: 'input', shape: '(N, *)', dtype: 'float', differentiable: true, meaning: 'Decoder output x̂: logits (Bernoulli) or means (Gaussian).' },
    { name: 'target', shape: '(N, *), same shape as input', dtype: 'float', differentiable: true, meaning: 'The data x (in [0, 1] for Bernoulli).' },
    { name: 'mu', shape: '(N, Z)', dtype: 'float', differentiable: true, meaning: 'Encoder means μ.' },
    { name: 'logvar', shape: '(N, Z)', dtype: 'float', differentiable: true, meaning: 'Encoder log-variances log σ².' },
  ],
  options: [
    enumOption('likelihood', 'bernoulli', ['bernoulli', 'gaussian'], "Decoder likelihood: 'bernoulli' (BCE on logits, binary/greyscale data) or 'gaussian' (½ squared error, unit variance)."),
    numberOption('beta', 1, 'β: weight of the KL term (β-VAE); above 1 favours disentangled, blurrier codes.', { range: { min: 0 }, tunable: { min: 0, max: 10, step: 0.1 } }),
    enumOption('reduction', 'sum', ['sum', 'mean'], "'sum' over the batch (the PyTorch VAE example) or 'mean' per sample."),
  ],
  shapes: { input: '(N, *)', target: '(N, *), same as input', output: 'scalar' },
  spellings: [{ framework: 'other', kind: 'module', name: 'pythae.models.VAE', note: "pythae's default reconstruction_loss='mse' is the 'gaussian' likelihood (½ squared error) with the mean over the batch." }],
  whenToUse: ['Training a VAE; β-VAE for disentanglement; the KL term alone regularises any Gaussian latent.'],
  pitfalls: [
    { id: 'vae-probabilities-vs-logits', title: 'Bernoulli expects logits here', detail: "The PyTorch example applies sigmoid in the decoder and calls binary_cross_entropy on probabilities; this entry takes logits (numerically stable). Passing probabilities as logits gives a wrong, never-zero loss." },
    { id: 'vae-posterior-collapse', title: 'Posterior collapse', detail: 'A strong decoder can ignore z and drive the KL to 0. Anneal β from 0 to 1 (KL warm-up) or use free bits.' },
    { id: 'vae-sum-vs-mean-scale', title: 'Sum over pixels vs mean balances the terms', detail: 'The ELBO sums the reconstruction over all pixels; averaging it (mse_loss default) shrinks it by the pixel count and lets the KL dominate: blurry, collapsed samples.' },
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient: '∂/∂x̂ = σ(x̂) − x (Bernoulli) or x̂ − x (Gaussian); ∂/∂μ = βμ; ∂/∂logvar = ½β(e^logvar − 1); divided by N for mean.',
  references: [{ title: 'Kingma & Welling, Auto-Encoding Variational Bayes, ICLR 2014', url: 'https://arxiv.org/abs/1312.6114' }, { title: 'Higgins et al., β-VAE, ICLR 2017', url: 'https://openreview.net/forum?id=Sy2fzU9gl' }],
  expects: { prediction: 'logits', target: 'values' },
  run({ arg, opt, wantGrad }) {
    const x = arg('input');
    const t = arg('target');
    const mu = arg('mu');
    const lv = arg('logvar');
    requireSameShape('vae_elbo_loss', 'input', x, 'target', t);
    requireSameShape('vae_elbo_loss', 'mu', mu, 'logvar', lv);
    if (x.ndim < 1 || mu.ndim < 1 || x.shape[0] !== mu.shape[0]) throw new LossError('vae_elbo_loss', 'mu', `batch size ${mu.shape[0]} differs from input's ${x.shape[0]}`);
    const bernoulli = opt.choice('likelihood') === 'bernoulli';
    const beta = opt.number('beta');
    const scale = opt.choice('reduction') === 'mean' ? 1 / x.shape[0]! : 1;
    const gx = new Float64Array(x.size);
    const gt = new Float64Array(x.size);
    let recon = 0;
    for (let i = 0; i < x.size; i++) {
      const a = x.data[i]!;
      const y = t.data[i]!;
      recon += bernoulli ? softplus(a) - a * y : 0.5 * (a - y) ** 2;
      gx[i] = (bernoulli ? sigmoid(a) - y : a - y) * scale;
      gt[i] = (bernoulli ? -a : y - a) * scale;
    }
    const gm = new Float64Array(mu.size);
    const gl = new Float64Array(mu.size);
    let kl = 0;
    for (let i = 0; i < mu.size; i++) {
      const m = mu.data[i]!;
      const l = lv.data[i]!;
      kl += -0.5 * (1 + l - m * m - Math.exp(l));
      gm[i] = beta * m * scale;
      gl[i] = 0.5 * beta * (Math.exp(l) - 1) * scale;
    }
    const grad: Record<string, Tensor> = wantGrad
      ? { input: new Tensor(x.shape, gx), target: new Tensor(t.shape, gt), mu: new Tensor(mu.shape, gm), logvar: new Tensor(lv.shape, gl) }
      : {};
    return { value: Tensor.scalar((recon + beta * kl) * scale), grad };
  },
});

export const diffusionEpsMseLoss = defineLoss({
  id: 'diffusion_eps_mse_loss',
  title: 'Diffusion ε-prediction MSE (min-SNR-γ weighting)',
  family: 'generative',
  summary: 'The denoising objective: MSE between the predicted and the true noise (or v), per sample weighted by min(SNR, γ)/SNR to stop low-noise timesteps from dominating.',
  formula: {
    unicode: 'ℓ = meanₙ wₙ·meanᵢ(ε̂ₙᵢ − εₙᵢ)²,  wₙ = min(SNRₙ, γ)/SNRₙ (ε) or min(SNRₙ, γ)/(SNRₙ + 1) (v);  wₙ = 1 without γ',
    latex: '\\ell = \\frac1N\\sum_n w_n\\,\\overline{(\\hat\\epsilon_n - \\epsilon_n)^2},\\quad w_n = \\frac{\\min(\\mathrm{SNR}_n, \\gamma)}{\\mathrm{SNR}_n}',
  },
  args: [
    { name: 'model_output', shape: '(N, *)', dtype: 'float', differentiable: true, meaning: 'The network\'s prediction ε̂ (or v̂).' },
    { name: 'target', shape: '(N, *), same shape', dtype: 'float', differentiable: true, meaning: 'The noise ε that was added (or the velocity v for v-prediction).' },
    { name: 'snr', shape: '(N)', dtype: 'float', differentiable: false, optional: true, meaning: 'Signal-to-noise ratio ᾱₜ/(1 − ᾱₜ) of each sample\'s timestep; required when snr_gamma is set.' },
  ],
  options: [
    numberOption('snr_gamma', null, 'γ of min-SNR weighting (5 is the paper\'s choice); None gives the plain MSE.', { range: { min: 0, exclusiveMin: true } }),
    enumOption('prediction_type', 'epsilon', ['epsilon', 'v_prediction'], "What the network predicts: 'epsilon' (weight min(SNR, γ)/SNR) or 'v_prediction' (weight min(SNR, γ)/(SNR + 1))."),
  ],
  shapes: { input: '(N, *)', target: '(N, *)', output: 'scalar' },
  spellings: [{ framework: 'other', kind: 'functional', name: 'diffusers.training_utils.compute_snr', note: "diffusers' training examples (--snr_gamma 5.0) weight F.mse_loss(reduction='none') averaged per sample by min(SNR, γ)/SNR (ε) or /(SNR + 1) (v), using compute_snr(noise_scheduler, timesteps)." }],
  whenToUse: ['Training DDPM/latent-diffusion models; min-SNR-γ = 5 speeds up convergence markedly.'],
  pitfalls: [
    { id: 'diffusion-snr-zero', title: 'SNR of exactly 0 divides by zero', detail: 'At the final timestep of a zero-terminal-SNR schedule SNR = 0 and min(SNR, γ)/SNR is undefined; clamp the SNR or use v-prediction.' },
    { id: 'diffusion-loss-per-timestep', title: 'The loss mixes timesteps of very different difficulty', detail: 'Batches with many high-noise timesteps have lower loss; compare losses per timestep bucket, not per step.' },
    OVERFITTING_TO_THE_LOSS,
  ],
  gradient: '∂/∂ε̂ₙᵢ = 2wₙ(ε̂ₙᵢ − εₙᵢ)/(N·D), the target gets its negative; the weights are constants.',
  references: [{ title: 'Ho et al., Denoising Diffusion Probabilistic Models, NeurIPS 2020', url: 'https://arxiv.org/abs/2006.11239' }, { title: 'Hang et al., Efficient Diffusion Training via Min-SNR Weighting Strategy, ICCV 2023', url: 'https://arxiv.org/abs/2303.09556' }],
  expects: { prediction: 'values', target: 'values' },
  run({ arg, optional, opt, wantGrad }) {
    const x = arg('model_output');
    const t = arg('target');
    requireSameShape('diffusion_eps_mse_loss', 'model_output', x, 'target', t);
    if (x.ndim < 1) throw new LossError('diffusion_eps_mse_loss', 'model_output', 'needs a batch dimension (N, *)');
    const gamma = opt.numberOrNull('snr_gamma');
    const vPred = opt.choice('prediction_type') === 'v_prediction';
    const n = x.shape[0]!;
    const per = n === 0 ? 0 : x.size / n;
    const snr = optional('snr');
    if (gamma !== null && !snr) throw new LossError('diffusion_eps_mse_loss', 'snr', 'required when snr_gamma is set');
    if (snr && !sameShape(snr.shape, [n])) throw new LossError('diffusion_eps_mse_loss', 'snr', `expected shape (${n}), got ${formatShape(snr.shape)}`);
    const gx = new Float64Array(x.size);
    let total = 0;
    for (let s = 0; s < n; s++) {
      const q = snr ? snr.data[s]! : 0;
      const w = gamma === null ? 1 : Math.min(q, gamma) / (vPred ? q + 1 : q);
      let m = 0;
      for (let i = s * per; i < (s + 1) * per; i++) {
        const d = x.data[i]! - t.data[i]!;
        m += d * d;
        gx[i] = (2 * w * d) / (per * n);
      }
      total += (w * m) / per;
    }
    const grad: Record<string, Tensor> = wantGrad ? { model_output: new Tensor(x.shape, gx), target: new Tensor(t.shape, gx.map((g) => -g)) } : {};
    return { value: Tensor.scalar(total / n), grad };
  },
});

export const flowMatchingLoss = defineLoss({
  id: 'flow_matching_loss',
  title: 'Flow matching loss (conditional, optimal-transport path)',
  family: 'generative',
  summary: 'Regresses the predicted velocity at xₜ = (1 − (1 − σ_min)t)·x₀ + t·x₁ onto the straight-path target x₁ − (1 − σ_min)·x₀ (rectified flow when σ_min = 0).',
  formula: { unicode: 'ℓ = mean (v̂ − (x₁ − (1 − σ_min)·x₀))²', latex: '\\ell = \\bigl\\lVert \\hat v_\\theta(x_t, t) - \\bigl(x_1 - (1 - \\sigma_{min})x_0\\bigr) \\bigr\\rVert^2' },
  args: [
    { name: 'input', shape: '(*)', dtype: 'float', differentiable: true, meaning: 'Predicted velocity v̂ at (xₜ, t).' },
    { name: 'x0', shape: '(*), same shape', dtype: 'float', differentiable: true, meaning: 'The noise sample x₀ (source).' },
    { name: 'x1', shape: '(*), same shape', dtype: 'float', differentiable: true, meaning: 'The data sample x₁ (target).' },
  ],
  options: [numberOption('sigma_min', 0, 'σ_min: width of the final Gaussian around x₁ (0: rectified flow).', { range: { min: 0, max: 1 } }), reductionOption('over all elements')],
  shapes: { input: '(*)', target: 'x0 and x1, same shape as input', output: "scalar; with reduction='none', the shape of input" },
  spellings: [{ framework: 'other', kind: 'module', name: 'torchcfm.conditional_flow_matching.ConditionalFlowMatcher', note: 'Samples (t, xₜ, uₜ) with uₜ = x₁ − x₀ (sigma=0.0 by default); the loss is the user\'s MSE between v̂ and uₜ, which this entry computes.' }],
  whenToUse: ['Training continuous normalising flows / rectified-flow image generators (Stable Diffusion 3, Flux) with simulation-free regression.'],
  pitfalls: [{ id: 'flow-time-convention', title: 'Time runs from noise (t = 0) to data (t = 1) here', detail: 'Some codebases (diffusers\' flow-match schedulers) run t from data to noise and regress x₀ − x₁: the sign of the target flips.' }, OVERFITTING_TO_THE_LOSS],
  gradient: '∂/∂v̂ = 2(v̂ − u)/n, ∂/∂x₁ = −2(v̂ − u)/n, ∂/∂x₀ = 2(1 − σ_min)(v̂ − u)/n.',
  references: [{ title: 'Lipman et al., Flow Matching for Generative Modeling, ICLR 2023', url: 'https://arxiv.org/abs/2210.02747' }, { title: 'Liu et al., Flow Straight and Fast: Rectified Flow, ICLR 2023', url: 'https://arxiv.org/abs/2209.03003' }],
  expects: { prediction: 'values', target: 'values' },
  run({ arg, opt, wantGrad }) {
    const s = 1 - opt.number('sigma_min');
    return computeElementwise(
      'flow_matching_loss',
      [
        { name: 'input', tensor: arg('input'), grad: true },
        { name: 'x0', tensor: arg('x0'), grad: true },
        { name: 'x1', tensor: arg('x1'), grad: true },
      ],
      opt.reduction(),
      wantGrad,
      (x, g) => {
        const d = x[0]! - (x[2]! - s * x[1]!);
        if (g) {
          g[0] = 2 * d;
          g[1] = 2 * d * s;
          g[2] = -2 * d;
        }
        return d * d;
      },
    );
  },
});

export const GENERATIVE_LOSSES: readonly LossSpec[] = [ganMinimaxLoss, ganNonSaturatingLoss, ganHingeLoss, wganLoss, wganGpLoss, lsganLoss, vaeElboLoss, diffusionEpsMseLoss, flowMatchingLoss];
