/** The sweep spec (`*.losslab.json`): parsed and checked here, every problem reported with its
 *  path ("losses[2].options.beta"). The grid is losses × optimisers × learning rates × seeds. */
import { LOSSES, getLoss } from '../catalog';
import type { OptionValue, Options } from '../catalog/types';
import { syntheticNames } from '../data/synthetic';
import type { Task } from '../data/dataset';
import { ACTIVATIONS, type Activation } from './activations';
import { DTYPES, INITS, type Dtype, type Init } from './network';
import { OPTIMIZER_DEFAULTS, OPTIMIZER_NAMES, optimizerSettings, type OptimizerName, type OptimizerOptions } from './optimizers';
import { SCHEDULE_NAMES, type Schedule } from './schedules';

export class SpecError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'SpecError';
  }
}

export const TASKS = ['regression', 'binary', 'multiclass'] as const;

export interface SyntheticSource {
  name: string;
  n: number;
  noise: number;
  seed: number;
  classes?: number;
  ratio?: number;
  outlier_fraction?: number;
}

export interface CsvSource {
  csv: string;
  features: string[];
  target: string;
}

export type DatasetSource = SyntheticSource | CsvSource;

export interface LossChoice {
  name: string;
  options: Options;
}

export interface OptimizerChoice {
  name: OptimizerName;
  lrs: number[];
  /** The options as written (without lr); defaults are filled in per run. */
  options: OptimizerOptions;
}

export interface SweepSpec {
  task: Task;
  dataset: DatasetSource;
  model: { hidden: number[]; activation: Activation; init?: Init; dtype?: Dtype };
  losses: LossChoice[];
  optimizers: OptimizerChoice[];
  steps: number;
  batch_size: number | null;
  seeds: number[];
  /** Held-out share of the rows (default 0.2; 0 trains on everything). */
  val_fraction: number;
  schedule?: Schedule;
  clip_grad_norm: number | null;
  /** Validation loss every this many steps (0: never); see defaultValEvery. */
  val_every: number;
}

/** Every step up to 500 steps, else about 500 points per curve. */
export function defaultValEvery(steps: number): number {
  return steps <= 500 ? 1 : Math.ceil(steps / 500);
}

// ---- small readers -------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, path: string): Record<string, unknown> {
  if (!isObject(v)) throw new SpecError(path, 'expected an object');
  return v;
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new SpecError(`${path}.${k}`, `unknown key (expected one of ${allowed.join(', ')})`);
  }
}

function number(v: unknown, path: string, { min, max, integer = false, exclusiveMin = false }: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SpecError(path, `expected ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(v)}`);
  if (integer && !Number.isInteger(v)) throw new SpecError(path, `expected an integer, got ${v}`);
  if (min !== undefined && (exclusiveMin ? v <= min : v < min)) throw new SpecError(path, `must be ${exclusiveMin ? '>' : '>='} ${min}, got ${v}`);
  if (max !== undefined && v > max) throw new SpecError(path, `must be <= ${max}, got ${v}`);
  return v;
}

function string(v: unknown, path: string): string {
  if (typeof v !== 'string' || v === '') throw new SpecError(path, `expected a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function choice<const T extends string>(v: unknown, choices: readonly T[], path: string): T {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new SpecError(path, `expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

function list<T>(v: unknown, path: string, item: (x: unknown, path: string) => T, { nonEmpty = true } = {}): T[] {
  if (!Array.isArray(v)) throw new SpecError(path, 'expected an array');
  if (nonEmpty && v.length === 0) throw new SpecError(path, 'expected at least one entry');
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

/** A number or an array of numbers, as an array. */
function numbers(v: unknown, path: string, opts: Parameters<typeof number>[2]): number[] {
  return Array.isArray(v) ? list(v, path, (x, p) => number(x, p, opts)) : [number(v, path, opts)];
}

// ---- sections ------------------------------------------------------------------------------

function readDataset(v: unknown, task: Task): DatasetSource {
  const o = object(v, 'dataset');
  if ('csv' in o) {
    onlyKeys(o, ['csv', 'features', 'target'], 'dataset');
    if (!('features' in o)) throw new SpecError('dataset.features', 'a CSV data set needs the feature column names');
    if (!('target' in o)) throw new SpecError('dataset.target', 'a CSV data set needs the target column name');
    return { csv: string(o.csv, 'dataset.csv'), features: list(o.features, 'dataset.features', string), target: string(o.target, 'dataset.target') };
  }
  onlyKeys(o, ['name', 'n', 'noise', 'seed', 'classes', 'ratio', 'outlier_fraction'], 'dataset');
  if (!('name' in o)) throw new SpecError('dataset', 'expected "name" (a built-in data set) or "csv" (a file)');
  const name = choice(o.name, syntheticNames(task), 'dataset.name');
  const src: SyntheticSource = {
    name,
    n: o.n === undefined ? 500 : number(o.n, 'dataset.n', { min: 4, max: 1_000_000, integer: true }),
    noise: o.noise === undefined ? 0.1 : number(o.noise, 'dataset.noise', { min: 0 }),
    seed: o.seed === undefined ? 0 : number(o.seed, 'dataset.seed', { integer: true }),
  };
  if (o.classes !== undefined) {
    if (task !== 'multiclass') throw new SpecError('dataset.classes', 'only a multiclass task has a number of classes');
    src.classes = number(o.classes, 'dataset.classes', { min: 2, max: 100, integer: true });
  }
  if (o.ratio !== undefined) src.ratio = number(o.ratio, 'dataset.ratio', { min: 0, max: 0.5, exclusiveMin: true });
  if (o.outlier_fraction !== undefined) src.outlier_fraction = number(o.outlier_fraction, 'dataset.outlier_fraction', { min: 0, max: 1 });
  return src;
}

function readModel(v: unknown): SweepSpec['model'] {
  if (v === undefined) return { hidden: [], activation: 'relu' };
  const o = object(v, 'model');
  onlyKeys(o, ['hidden', 'activation', 'init', 'dtype'], 'model');
  const model: SweepSpec['model'] = {
    hidden: o.hidden === undefined ? [] : list(o.hidden, 'model.hidden', (x, p) => number(x, p, { min: 1, max: 4096, integer: true }), { nonEmpty: false }),
    activation: o.activation === undefined ? 'relu' : choice(o.activation, ACTIVATIONS, 'model.activation'),
  };
  if (o.init !== undefined) model.init = choice(o.init, INITS, 'model.init');
  if (o.dtype !== undefined) model.dtype = choice(o.dtype, DTYPES, 'model.dtype');
  checkModelSize(model.hidden);
  return model;
}

function optionValue(v: unknown, path: string): OptionValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v as OptionValue;
  throw new SpecError(path, 'expected a number, string, boolean or null');
}

function readLoss(v: unknown, path: string): LossChoice {
  const known = (): string => LOSSES.map((l) => l.id).join(', ');
  let name: string;
  let options: Record<string, OptionValue> = {};
  if (typeof v === 'string') {
    name = v;
  } else {
    const o = object(v, path);
    onlyKeys(o, ['name', 'options'], path);
    name = string(o.name, `${path}.name`);
    if (o.options !== undefined) {
      const raw = object(o.options, `${path}.options`);
      options = Object.fromEntries(Object.entries(raw).map(([k, x]) => [k, optionValue(x, `${path}.options.${k}`)]));
    }
    path = `${path}.name`;
  }
  const loss = getLoss(name);
  if (!loss) throw new SpecError(path, `unknown loss ${JSON.stringify(name)} (known: ${known()})`);
  const optionNames = loss.options.map((o) => o.name);
  for (const k of Object.keys(options)) {
    if (!optionNames.includes(k)) {
      throw new SpecError(path.replace(/\.name$/, '') + `.options.${k}`, `${name} has no option ${JSON.stringify(k)}${optionNames.length ? ` (options: ${optionNames.join(', ')})` : ''}`);
    }
  }
  return { name, options };
}

function readOptimizer(v: unknown, path: string): OptimizerChoice {
  const o = typeof v === 'string' ? { name: v } : object(v, path);
  const name = choice(o.name, OPTIMIZER_NAMES, `${path}.name`);
  const defaults = OPTIMIZER_DEFAULTS[name];
  onlyKeys(o, ['name', ...Object.keys(defaults)], path);
  const lrs = o.lr === undefined ? [defaults.lr as number] : numbers(o.lr, `${path}.lr`, { min: 0, exclusiveMin: true });
  const options: Record<string, number | boolean | readonly number[]> = {};
  for (const [k, x] of Object.entries(o)) {
    if (k === 'name' || k === 'lr') continue;
    const d = defaults[k];
    const p = `${path}.${k}`;
    if (typeof d === 'boolean') {
      if (typeof x !== 'boolean') throw new SpecError(p, `expected true or false, got ${JSON.stringify(x)}`);
      options[k] = x;
    } else if (Array.isArray(d)) {
      const pair = list(x, p, (y, q) => number(y, q));
      if (pair.length !== d.length) throw new SpecError(p, `expected ${d.length} numbers`);
      options[k] = pair;
    } else {
      options[k] = number(x, p);
    }
  }
  try {
    optimizerSettings(name, { ...options, lr: lrs[0]! });
  } catch (e) {
    const [key, ...rest] = (e as Error).message.split(': ');
    throw new SpecError(`${path}.${key}`, rest.join(': '));
  }
  return { name, lrs, options };
}

function readSchedule(v: unknown): Schedule | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return { name: choice(v, SCHEDULE_NAMES, 'schedule') };
  const o = object(v, 'schedule');
  onlyKeys(o, ['name', 'step_size', 'gamma', 't_max', 'eta_min', 'warmup_steps', 'warmup_start'], 'schedule');
  const s: Schedule = { name: choice(o.name, SCHEDULE_NAMES, 'schedule.name') };
  if (o.step_size !== undefined) s.step_size = number(o.step_size, 'schedule.step_size', { min: 1, integer: true });
  if (o.gamma !== undefined) s.gamma = number(o.gamma, 'schedule.gamma', { min: 0 });
  if (o.t_max !== undefined) s.t_max = number(o.t_max, 'schedule.t_max', { min: 1, integer: true });
  if (o.eta_min !== undefined) s.eta_min = number(o.eta_min, 'schedule.eta_min', { min: 0 });
  if (o.warmup_steps !== undefined) s.warmup_steps = number(o.warmup_steps, 'schedule.warmup_steps', { min: 0, integer: true });
  if (o.warmup_start !== undefined) s.warmup_start = number(o.warmup_start, 'schedule.warmup_start', { min: 0, max: 1 });
  return s;
}

/** Limits that keep a valid spec within memory: the audit's 64 × 4096 model reached 8.1 GB and 3·10^7
 *  seeds crashed V8. Each refusal names its limit. */
export const SPEC_LIMITS = { hiddenLayers: 16, hiddenWeights: 4_194_304, runs: 10_000 } as const;

function checkModelSize(hidden: readonly number[]): void {
  if (hidden.length > SPEC_LIMITS.hiddenLayers) throw new SpecError('model.hidden', `${hidden.length} hidden layers: at most ${SPEC_LIMITS.hiddenLayers}`);
  let weights = 0;
  for (let i = 1; i < hidden.length; i++) weights += hidden[i - 1]! * hidden[i]!;
  if (weights > SPEC_LIMITS.hiddenWeights) {
    throw new SpecError('model.hidden', `${weights.toLocaleString('en-US')} weights between hidden layers: at most ${SPEC_LIMITS.hiddenWeights.toLocaleString('en-US')} (Loss Lab trains small models; export the sweep to train a large one)`);
  }
}

/** Refused by length before each seed is read: a list of millions would be read only to be refused. */
function readSeeds(v: unknown): number[] {
  if (Array.isArray(v) && v.length > SPEC_LIMITS.runs) throw new SpecError('seeds', `${v.length.toLocaleString('en-US')} seeds: at most ${SPEC_LIMITS.runs.toLocaleString('en-US')} runs in all`);
  return list(v, 'seeds', (x, p) => number(x, p, { integer: true }));
}

function checkRunCount(spec: SweepSpec): void {
  const runs = spec.losses.length * spec.optimizers.reduce((n, o) => n + o.lrs.length, 0) * spec.seeds.length;
  if (runs > SPEC_LIMITS.runs) {
    throw new SpecError('seeds', `the grid has ${runs.toLocaleString('en-US')} runs (losses × learning rates × seeds): at most ${SPEC_LIMITS.runs.toLocaleString('en-US')}`);
  }
}

const TOP_KEYS = ['$schema', 'name', 'description', 'task', 'dataset', 'model', 'losses', 'optimizers', 'steps', 'batch_size', 'seeds', 'val_fraction', 'schedule', 'clip_grad_norm', 'val_every'];

/** The checked spec, or SpecError with the path of the first problem. */
export function parseSpec(value: unknown): SweepSpec {
  const o = object(value, 'spec');
  onlyKeys(o, TOP_KEYS, 'spec');
  if (o.task === undefined) throw new SpecError('task', `missing (one of ${TASKS.join(', ')})`);
  const task = choice(o.task, TASKS, 'task');
  if (o.dataset === undefined) throw new SpecError('dataset', 'missing');
  if (o.losses === undefined) throw new SpecError('losses', 'missing: list the losses to compare');
  const steps = o.steps === undefined ? 200 : number(o.steps, 'steps', { min: 1, max: 1_000_000, integer: true });
  const spec: SweepSpec = {
    task,
    dataset: readDataset(o.dataset, task),
    model: readModel(o.model),
    losses: list(o.losses, 'losses', readLoss),
    optimizers: o.optimizers === undefined ? [readOptimizer('adam', 'optimizers[0]')] : list(o.optimizers, 'optimizers', readOptimizer),
    steps,
    batch_size: o.batch_size === undefined || o.batch_size === null ? null : number(o.batch_size, 'batch_size', { min: 1, integer: true }),
    seeds: o.seeds === undefined ? [0] : readSeeds(o.seeds),
    val_fraction: o.val_fraction === undefined ? 0.2 : number(o.val_fraction, 'val_fraction', { min: 0, max: 0.9 }),
    clip_grad_norm: o.clip_grad_norm === undefined || o.clip_grad_norm === null ? null : number(o.clip_grad_norm, 'clip_grad_norm', { min: 0, exclusiveMin: true }),
    val_every: o.val_every === undefined ? defaultValEvery(steps) : number(o.val_every, 'val_every', { min: 0, max: 1_000_000, integer: true }),
  };
  const schedule = readSchedule(o.schedule);
  if (schedule) spec.schedule = schedule;
  checkRunCount(spec);
  return spec;
}

/** One cell of the grid, as reported (`config` in the CLI's JSON). */
export interface RunConfig {
  loss: string;
  loss_options: Options;
  optimizer: OptimizerName;
  lr: number;
  optimizer_options: OptimizerOptions;
  seed: number;
}

/** The grid in a fixed order: losses, then optimisers, then learning rates, then seeds. */
export function expandRuns(spec: SweepSpec): RunConfig[] {
  const runs: RunConfig[] = [];
  for (const loss of spec.losses) {
    for (const opt of spec.optimizers) {
      for (const lr of opt.lrs) {
        for (const seed of spec.seeds) {
          runs.push({ loss: loss.name, loss_options: loss.options, optimizer: opt.name, lr, optimizer_options: opt.options, seed });
        }
      }
    }
  }
  return runs;
}
