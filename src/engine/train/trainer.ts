/** One training run: a network, a catalog loss through its link, an optimiser, a schedule.
 *  `step()` takes one optimiser step and returns the (mini-)batch loss before it, as a PyTorch
 *  loop's `loss.item()` would; `evaluate()` gives the final train/validation loss and metrics.
 *  Deterministic given the seed: initialisation and batch order draw from seeded streams. */
import type { LossSpec, Options, Pitfall } from '../catalog/types';
import type { Dataset } from '../data/dataset';
import type { Activation } from './activations';
import { classProbabilities, encodeTarget, planLink, type LinkPlan } from './link';
import { LossHead } from './lossHead';
import { classificationMetrics, regressionMetrics, type Metrics } from './metrics';
import { Network, type Dtype, type Init } from './network';
import { Float32Network, createNetwork } from './network32';
import { fusedLoss, type FusedLoss } from './fusedLoss';
import { clipGradNorm, createOptimizer, type Optimizer, type OptimizerSettings } from './optimizers';
import { Random, deriveSeed } from './random';
import { learningRate, type Schedule } from './schedules';
import type { Tensor } from '../tensor';

export interface ModelSettings {
  hidden: readonly number[];
  activation: Activation;
  init?: Init;
  /** Default float32, as PyTorch; float64 where WebAssembly SIMD is missing. */
  dtype?: Dtype;
}

export interface RunSettings {
  loss: LossSpec;
  lossOptions: Options;
  optimizer: OptimizerSettings;
  model: ModelSettings;
  seed: number;
  steps: number;
  /** null: full batch. */
  batchSize: number | null;
  schedule?: Schedule;
  clipGradNorm?: number | null;
}

export interface FinalResult {
  train_loss: number;
  val_loss: number | null;
  metric: Metrics;
}

/** A run's initial parameters: drawn from the run's seed, so that every run of one seed starts from
 *  the same weights (and an exported script can be handed them). */
export function initialParams(network: Network, seed: number): Float64Array {
  return network.initialise(new Random(deriveSeed(seed, 1)));
}

export class DivergedError extends Error {
  constructor(readonly step: number, value: number) {
    super(`diverged: training loss became ${value} at step ${step}`);
    this.name = 'DivergedError';
  }
}

export class Trainer {
  readonly plan: LinkPlan;
  private readonly head: LossHead;
  readonly network: Network;
  readonly params: Float64Array;
  readonly grad: Float64Array;
  private readonly optimizer: Optimizer;
  private readonly order: Int32Array;
  private readonly batchRng: Random;
  private readonly batchSize: number;
  private cursor = 0;
  private readonly bx: Float64Array;
  private readonly by: Float64Array;
  private readonly dz: Float64Array;
  private fullTarget: Tensor | null = null;
  /** The float32 network when it finishes the loss itself, and the full batch's fused loss. */
  private readonly network32: Float32Network | null;
  private fullFused: FusedLoss | null = null;
  private valTarget: Tensor | null = null;
  private t = 0;

  constructor(
    readonly settings: RunSettings,
    readonly train: Dataset,
    readonly val: Dataset | null,
  ) {
    this.plan = planLink(settings.loss, { task: train.task, classes: train.classes, y: train.y });
    this.head = new LossHead(this.plan, settings.lossOptions);
    this.network = createNetwork(settings.model, train.features, this.plan.outputs);
    this.network32 = this.network instanceof Float32Network && this.network.fusesLoss ? this.network : null;
    this.params = initialParams(this.network, settings.seed);
    this.grad = new Float64Array(this.network.size);
    this.optimizer = createOptimizer(settings.optimizer, this.network.size);
    this.batchSize = settings.batchSize === null || settings.batchSize >= train.n ? train.n : settings.batchSize;
    this.batchRng = new Random(deriveSeed(settings.seed, 2));
    this.order = Int32Array.from({ length: train.n }, (_, i) => i);
    this.cursor = train.n;
    this.bx = new Float64Array(this.batchSize === train.n ? 0 : this.batchSize * train.features);
    this.by = new Float64Array(this.batchSize === train.n ? 0 : this.batchSize);
    this.dz = new Float64Array(this.batchSize * this.plan.outputs);
  }

  get flag(): Pitfall | undefined {
    return this.plan.flag;
  }

  /** The network's arithmetic: float32 unless asked for float64 or WebAssembly SIMD is missing. */
  get dtype(): Dtype {
    return this.network.dtype;
  }

  get stepsTaken(): number {
    return this.t;
  }

  /** Rows for the next mini-batch (seeded reshuffle each epoch; the last batch may be short). */
  private nextBatch(): { x: Float64Array; y: Float64Array; count: number } {
    const d = this.train;
    if (this.batchSize === d.n) return { x: d.x, y: d.y, count: d.n };
    if (this.cursor >= d.n) {
      this.batchRng.shuffle(this.order);
      this.cursor = 0;
    }
    const count = Math.min(this.batchSize, d.n - this.cursor);
    const f = d.features;
    for (let i = 0; i < count; i++) {
      const r = this.order[this.cursor + i]!;
      for (let k = 0; k < f; k++) this.bx[i * f + k] = d.x[r * f + k]!;
      this.by[i] = d.y[r]!;
    }
    this.cursor += count;
    return { x: this.bx, y: this.by, count };
  }

  /** Loss and gradient (into this.grad) at the current parameters on one batch: on a float32
   *  network, for the losses of fusedLoss.ts, both in WebAssembly in float32 (as PyTorch's
   *  float32 step computes them); otherwise through the catalog kernel. */
  private lossAndGrad(x: Float64Array, y: Float64Array, count: number, full: boolean): number {
    let target: Tensor;
    if (full) target = this.fullTarget ??= encodeTarget(this.plan, y, count);
    else target = encodeTarget(this.plan, y, count);
    const net32 = this.network32;
    if (net32) {
      const fused = full ? (this.fullFused ??= fusedLoss(this.head, target, count)) : fusedLoss(this.head, target, count);
      if (fused) return net32.lossAndGradient(this.params, x, count, target.data, fused, full, this.grad);
    }
    const z = this.network.forward(this.params, x, count);
    const loss = this.head.loss(z, target, count, this.dz);
    this.network.backward(this.params, x, count, this.dz, this.grad);
    return loss;
  }

  /** One optimiser step; returns the batch loss before it. Throws DivergedError on NaN/inf. */
  step(): number {
    const { x, y, count } = this.nextBatch();
    const loss = this.lossAndGrad(x, y, count, count === this.train.n);
    if (!Number.isFinite(loss)) throw new DivergedError(this.t, loss);
    const clip = this.settings.clipGradNorm;
    if (clip !== undefined && clip !== null) clipGradNorm(this.grad, clip);
    const lr = learningRate(this.settings.optimizer.lr, this.settings.schedule, this.t, this.settings.steps);
    this.optimizer.step(this.params, this.grad, lr);
    this.t++;
    return loss;
  }

  /** Mean loss on a data set at the current parameters (no gradient). */
  lossOn(d: Dataset): number {
    const z = this.network.forward(this.params, d.x, d.n);
    const target = d === this.train ? (this.fullTarget ??= encodeTarget(this.plan, d.y, d.n)) : encodeTarget(this.plan, d.y, d.n);
    return this.head.loss(z, target, d.n);
  }

  /** Mean loss on the validation rows at the current parameters (forward only, encoded target
   *  kept between calls); null without a validation split. */
  valLoss(): number | null {
    const v = this.val;
    if (!v || v.n === 0) return null;
    const z = this.network.forward(this.params, v.x, v.n);
    const target = (this.valTarget ??= encodeTarget(this.plan, v.y, v.n));
    return this.head.loss(z, target, v.n);
  }

  metricsOn(d: Dataset): Metrics {
    const z = this.network.forward(this.params, d.x, d.n);
    if (d.task === 'regression') return regressionMetrics(z.subarray(0, d.n), d.y);
    const classes = d.task === 'binary' ? 2 : d.classes;
    return classificationMetrics(classProbabilities(this.plan, z, d.n), d.y, classes);
  }

  /** The run is over: its network's memory goes to the next run on this thread. */
  release(): void {
    this.network.release();
  }

  evaluate(): FinalResult {
    const trainLoss = this.lossOn(this.train);
    const valLoss = this.valLoss();
    const metric = this.metricsOn(this.val && this.val.n > 0 ? this.val : this.train);
    return { train_loss: trainLoss, val_loss: valLoss, metric };
  }
}
