/** From a checked spec to runs: the data set (split once, shared by every run), the refusal check
 *  of each loss against the task, and the synchronous execution of one run, used by the worker,
 *  the tests and anywhere a run may block. */
import { getLoss } from '../catalog';
import type { Pitfall } from '../catalog/types';
import { csvDataset } from '../data/csv';
import type { Dataset } from '../data/dataset';
import { splitData, type Split } from '../data/split';
import { generate } from '../data/synthetic';
import { RefusedError, planLink } from './link';
import { optimizerSettings } from './optimizers';
import { deriveSeed } from './random';
import { SpecError, defaultValEvery, expandRuns, type RunConfig, type SweepSpec } from './spec';
import { Trainer, type FinalResult, type ModelSettings, type RunSettings } from './trainer';
import type { Dtype } from './network';
import type { Schedule } from './schedules';

/** What every run of a sweep shares besides the data. */
export interface CommonSettings {
  model: ModelSettings;
  steps: number;
  batch_size: number | null;
  schedule?: Schedule;
  clip_grad_norm: number | null;
  /** Validation loss every this many steps, 0: never (absent: defaultValEvery(steps)). */
  val_every?: number;
}

/** Validation loss at a step: measured at the parameters that step's training loss saw (before
 *  its update), so the two curves line up step for step. */
export type ValPoint = [step: number, loss: number];

export interface RunJob {
  config: RunConfig;
  common: CommonSettings;
  train: Dataset;
  val: Dataset | null;
}

import type { RunStatus } from './runStatus';
export { RUN_STATUSES, type RunStatus } from './runStatus';

export interface RunOutcome {
  status: RunStatus;
  error?: string;
  /** Training loss per step (as far as the run got). */
  loss: number[];
  final: FinalResult | null;
  /** Validation loss every `val_every` steps (as far as the run got); absent without a
   *  validation split or with val_every 0. */
  val?: ValPoint[];
  /** A known pitfall this combination falls into (it ran anyway). */
  flag?: Pitfall;
  /** The arithmetic the network actually ran in (float64 where float32 SIMD is unavailable). */
  dtype?: Dtype;
  ms: number;
}

/** The data set a spec names; a CSV spec needs the file's text (the engine does no I/O). */
export function specDataset(spec: SweepSpec, csvText?: string): Dataset {
  const src = spec.dataset;
  if ('csv' in src) {
    if (csvText === undefined) throw new SpecError('dataset.csv', 'the CSV file was not read');
    return csvDataset(csvText, { features: src.features, target: src.target, task: spec.task }).dataset;
  }
  const d = generate(spec.task, src.name, {
    n: src.n,
    noise: src.noise,
    seed: src.seed,
    ...(src.classes !== undefined ? { classes: src.classes } : {}),
    ...(src.ratio !== undefined ? { ratio: src.ratio } : {}),
    ...(src.outlier_fraction !== undefined ? { outlierFraction: src.outlier_fraction } : {}),
  });
  if (!d) throw new SpecError('dataset.name', `no ${spec.task} data set named ${JSON.stringify(src.name)}`);
  return d;
}

/** Refuses (SpecError at losses[i]) a loss that makes no sense for the task; returns the flags. */
export function checkLosses(spec: SweepSpec, data: Dataset): Map<string, Pitfall> {
  const flags = new Map<string, Pitfall>();
  spec.losses.forEach((choice, i) => {
    try {
      const plan = planLink(getLoss(choice.name)!, { task: data.task, classes: data.classes, y: data.y });
      if (plan.flag) flags.set(choice.name, plan.flag);
    } catch (e) {
      if (e instanceof RefusedError) throw new SpecError(`losses[${i}]`, e.message);
      throw e;
    }
  });
  return flags;
}

export function commonSettings(spec: SweepSpec): CommonSettings {
  return {
    model: spec.model,
    steps: spec.steps,
    batch_size: spec.batch_size,
    clip_grad_norm: spec.clip_grad_norm,
    val_every: spec.val_every,
    ...(spec.schedule ? { schedule: spec.schedule } : {}),
  };
}

/** Every run of a checked spec on its data (split with the data set's seed, so every run sees the
 *  same rows). */
export function sweepJobs(spec: SweepSpec, data: Dataset): RunJob[] {
  checkLosses(spec, data);
  const splitSeed = 'seed' in spec.dataset ? deriveSeed(spec.dataset.seed, 7) : 7;
  const split: Split = splitData(data, spec.val_fraction, splitSeed);
  const common = commonSettings(spec);
  return expandRuns(spec).map((config) => ({ config, common, train: split.train, val: split.val }));
}

export function runSettings(config: RunConfig, common: CommonSettings): RunSettings {
  const loss = getLoss(config.loss);
  if (!loss) throw new Error(`unknown loss ${config.loss}`);
  return {
    loss,
    lossOptions: config.loss_options,
    optimizer: optimizerSettings(config.optimizer, { ...config.optimizer_options, lr: config.lr }),
    model: common.model,
    seed: config.seed,
    steps: common.steps,
    batchSize: common.batch_size,
    clipGradNorm: common.clip_grad_norm,
    ...(common.schedule ? { schedule: common.schedule } : {}),
  };
}

export interface RunHooks {
  /** Called after each step with its loss. */
  onLoss?(step: number, loss: number): void;
  /** Called with each validation point, before the step's onLoss. */
  onVal?(step: number, loss: number): void;
  /** Polled between steps; true stops the run as cancelled. */
  cancelled?(): boolean;
}

/** Runs one job to the end (or to failure / cancellation). Never throws for a failing run: the
 *  outcome carries the reason. */
export function executeRun(job: RunJob, hooks: RunHooks = {}): RunOutcome {
  const started = performance.now();
  const loss: number[] = [];
  const valEvery = job.val && job.val.n > 0 ? (job.common.val_every ?? defaultValEvery(job.common.steps)) : 0;
  const val: ValPoint[] | undefined = valEvery > 0 ? [] : undefined;
  let flag: Pitfall | undefined;
  let dtype: Dtype | undefined;
  const outcome = (status: RunStatus, final: FinalResult | null, error?: string): RunOutcome => ({
    status,
    loss,
    final,
    ...(val ? { val } : {}),
    ms: performance.now() - started,
    ...(error !== undefined ? { error } : {}),
    ...(flag ? { flag } : {}),
    ...(dtype ? { dtype } : {}),
  });
  let trainer: Trainer | undefined;
  try {
    trainer = new Trainer(runSettings(job.config, job.common), job.train, job.val);
    flag = trainer.flag;
    dtype = trainer.dtype;
    for (let t = 0; t < job.common.steps; t++) {
      if (hooks.cancelled?.()) return outcome('cancelled', null, 'cancelled');
      if (val && t % valEvery === 0) {
        const v = trainer.valLoss()!;
        val.push([t, v]);
        hooks.onVal?.(t, v);
      }
      const value = trainer.step();
      loss.push(value);
      hooks.onLoss?.(t, value);
    }
    const final = trainer.evaluate();
    if (!Number.isFinite(final.train_loss)) return outcome('failed', final, `diverged: final training loss is ${final.train_loss}`);
    return outcome('ok', final);
  } catch (e) {
    return outcome('failed', null, e instanceof Error ? e.message : String(e));
  } finally {
    trainer?.release();
  }
}
