/** Optimisers with PyTorch's update rules (torch.optim, single-tensor path, maximize=False),
 *  applied to one flat parameter vector. `step` receives the scheduled learning rate. */
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export interface OptimizerSettings {
  name: OptimizerName;
  lr: number;
  weight_decay: number;
  // sgd
  momentum: number;
  dampening: number;
  nesterov: boolean;
  // adam, adamw
  beta1: number;
  beta2: number;
  eps: number;
  amsgrad: boolean;
  // rmsprop
  alpha: number;
  centered: boolean;
  // adagrad
  lr_decay: number;
  initial_accumulator_value: number;
}

/** The options each optimiser accepts, with PyTorch's defaults (`momentum` and `nesterov` are SGD
 *  with momentum 0.9, the latter with Nesterov's correction). `betas` is read as [beta1, beta2]. */
export const OPTIMIZER_DEFAULTS: Readonly<Record<OptimizerName, Readonly<Record<string, number | boolean | readonly number[]>>>> = {
  sgd: { lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 },
  momentum: { lr: 1e-3, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 },
  nesterov: { lr: 1e-3, momentum: 0.9, dampening: 0, nesterov: true, weight_decay: 0 },
  adam: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false },
  adamw: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 1e-2, amsgrad: false },
  rmsprop: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false },
  adagrad: { lr: 1e-2, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 1e-10 },
};

export type OptimizerOptions = Readonly<Record<string, number | boolean | readonly number[]>>;

/** Defaults filled in; throws RangeError naming the option when a value is out of PyTorch's range. */
export function optimizerSettings(name: OptimizerName, options: OptimizerOptions): OptimizerSettings {
  const d = OPTIMIZER_DEFAULTS[name];
  const get = <T extends number | boolean | readonly number[]>(key: string, fallback: T): T => (options[key] ?? d[key] ?? fallback) as T;
  const betas = get<readonly number[]>('betas', [0.9, 0.999]);
  const s: OptimizerSettings = {
    name,
    lr: get('lr', 1e-3),
    weight_decay: get('weight_decay', 0),
    momentum: get('momentum', 0),
    dampening: get('dampening', 0),
    nesterov: get('nesterov', false),
    beta1: betas[0]!,
    beta2: betas[1]!,
    eps: get('eps', 1e-8),
    amsgrad: get('amsgrad', false),
    alpha: get('alpha', 0.99),
    centered: get('centered', false),
    lr_decay: get('lr_decay', 0),
    initial_accumulator_value: get('initial_accumulator_value', 0),
  };
  const nonNegative = ['lr', 'weight_decay', 'momentum', 'eps', 'alpha', 'lr_decay', 'initial_accumulator_value'] as const;
  for (const k of nonNegative) if (!(s[k] >= 0)) throw new RangeError(`${k}: invalid value ${s[k]} (must be >= 0)`);
  if (!(s.beta1 >= 0 && s.beta1 < 1)) throw new RangeError(`betas[0]: invalid value ${s.beta1} (must be in [0, 1))`);
  if (!(s.beta2 >= 0 && s.beta2 < 1)) throw new RangeError(`betas[1]: invalid value ${s.beta2} (must be in [0, 1))`);
  if (s.nesterov && (s.momentum <= 0 || s.dampening !== 0)) throw new RangeError('nesterov: Nesterov momentum requires a momentum and zero dampening');
  return s;
}

export interface Optimizer {
  /** One update of params in place from grad (grad is not modified). */
  step(params: Float64Array, grad: Float64Array, lr: number): void;
}

export function createOptimizer(s: OptimizerSettings, size: number): Optimizer {
  switch (s.name) {
    case 'sgd': case 'momentum': case 'nesterov': return new Sgd(s, size);
    case 'adam': case 'adamw': return new Adam(s, size, s.name === 'adamw');
    case 'rmsprop': return new RmsProp(s, size);
    case 'adagrad': return new Adagrad(s, size);
  }
}

class Sgd implements Optimizer {
  private readonly buf: Float64Array;
  private started = false;
  constructor(private readonly s: OptimizerSettings, size: number) {
    this.buf = new Float64Array(s.momentum !== 0 ? size : 0);
  }
  step(p: Float64Array, grad: Float64Array, lr: number): void {
    const { weight_decay: wd, momentum: mu, dampening, nesterov } = this.s;
    const buf = this.buf;
    for (let i = 0; i < p.length; i++) {
      let d = grad[i]!;
      if (wd !== 0) d += wd * p[i]!;
      if (mu !== 0) {
        buf[i] = this.started ? mu * buf[i]! + (1 - dampening) * d : d;
        d = nesterov ? d + mu * buf[i]! : buf[i]!;
      }
      p[i]! -= lr * d;
    }
    this.started = true;
  }
}

class Adam implements Optimizer {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private readonly vMax: Float64Array;
  private t = 0;
  constructor(private readonly s: OptimizerSettings, size: number, private readonly decoupled: boolean) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
    this.vMax = new Float64Array(s.amsgrad ? size : 0);
  }
  step(p: Float64Array, grad: Float64Array, lr: number): void {
    const { beta1, beta2, eps, weight_decay: wd, amsgrad } = this.s;
    this.t++;
    const stepSize = lr / (1 - beta1 ** this.t);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** this.t);
    const { m, v, vMax } = this;
    const shrink = this.decoupled ? 1 - lr * wd : 1;
    const l2 = this.decoupled ? 0 : wd;
    for (let i = 0; i < p.length; i++) {
      if (shrink !== 1) p[i]! *= shrink;
      const g = l2 !== 0 ? grad[i]! + l2 * p[i]! : grad[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
      let second = v[i]!;
      if (amsgrad) second = vMax[i] = Math.max(vMax[i]!, second);
      p[i]! -= (stepSize * m[i]!) / (Math.sqrt(second) / bc2Sqrt + eps);
    }
  }
}

class RmsProp implements Optimizer {
  private readonly sq: Float64Array;
  private readonly avg: Float64Array;
  private readonly buf: Float64Array;
  constructor(private readonly s: OptimizerSettings, size: number) {
    this.sq = new Float64Array(size);
    this.avg = new Float64Array(s.centered ? size : 0);
    this.buf = new Float64Array(s.momentum > 0 ? size : 0);
  }
  step(p: Float64Array, grad: Float64Array, lr: number): void {
    const { alpha, eps, weight_decay: wd, momentum: mu, centered } = this.s;
    const { sq, avg, buf } = this;
    for (let i = 0; i < p.length; i++) {
      const g = wd !== 0 ? grad[i]! + wd * p[i]! : grad[i]!;
      sq[i] = alpha * sq[i]! + (1 - alpha) * g * g;
      let denom: number;
      if (centered) {
        avg[i] = alpha * avg[i]! + (1 - alpha) * g;
        denom = Math.sqrt(sq[i]! - avg[i]! * avg[i]!) + eps;
      } else {
        denom = Math.sqrt(sq[i]!) + eps;
      }
      if (mu > 0) {
        buf[i] = mu * buf[i]! + g / denom;
        p[i]! -= lr * buf[i]!;
      } else {
        p[i]! -= (lr * g) / denom;
      }
    }
  }
}

class Adagrad implements Optimizer {
  private readonly sum: Float64Array;
  private t = 0;
  constructor(private readonly s: OptimizerSettings, size: number) {
    this.sum = new Float64Array(size).fill(s.initial_accumulator_value);
  }
  step(p: Float64Array, grad: Float64Array, lr: number): void {
    const { eps, weight_decay: wd, lr_decay } = this.s;
    this.t++;
    const clr = lr / (1 + (this.t - 1) * lr_decay);
    const sum = this.sum;
    for (let i = 0; i < p.length; i++) {
      const g = wd !== 0 ? grad[i]! + wd * p[i]! : grad[i]!;
      sum[i]! += g * g;
      p[i]! -= (clr * g) / (Math.sqrt(sum[i]!) + eps);
    }
  }
}

/** torch.nn.utils.clip_grad_norm_ (L2): scales grad in place, returns the norm before clipping. */
export function clipGradNorm(grad: Float64Array, maxNorm: number): number {
  let s = 0;
  for (let i = 0; i < grad.length; i++) s += grad[i]! * grad[i]!;
  const norm = Math.sqrt(s);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) for (let i = 0; i < grad.length; i++) grad[i]! *= coef;
  return norm;
}
