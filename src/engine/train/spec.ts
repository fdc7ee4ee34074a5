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

// ---- small readers: each throws SpecError; `attempt` and `items` collect them ----------------

/** The problems found so far; readers go on after one, so that a spec's errors come all at once. */
type Problems = SpecError[];

/** `read()`, or undefined with its SpecError collected. */
function attempt<T>(problems: Problems, read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    problems.push(e);
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, path: string): Record<string, unknown> {
  if (!isObject(v)) throw new SpecError(path, 'expected an object');
  return v;
}

/** Every unknown key is a problem of its own. */
function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], path: string, problems: Problems): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) problems.push(new SpecError(`${path}.${k}`, `unknown key (expected one of ${allowed.join(', ')})`));
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

/** An array read item by item, every item's problems collected; undefined when any item failed. */
function items<T>(v: unknown, path: string, problems: Problems, item: (x: unknown, path: string) => T | undefined, { nonEmpty = true } = {}): T[] | undefined {
  if (!Array.isArray(v)) throw new SpecError(path, 'expected an array');
  if (nonEmpty && v.length === 0) throw new SpecError(path, 'expected at least one entry');
  const before = problems.length;
  const out = v.map((x, i) => attempt(problems, () => item(x, `${path}[${i}]`)));
  return problems.length === before ? (out as T[]) : undefined;
}

/** A number or an array of numbers, as an array. */
function numbers(v: unknown, path: string, problems: Problems, opts: Parameters<typeof number>[2]): number[] | undefined {
  return Array.isArray(v) ? items(v, path, problems, (x, p) => number(x, p, opts)) : [number(v, path, opts)];
}

/** Reads `o[key]` (default when absent) with `read`, collecting its problems. */
function field<T>(problems: Problems, o: Record<string, unknown>, key: string, fallback: T, read: (v: unknown) => T | undefined): T | undefined {
  return o[key] === undefined ? fallback : attempt(problems, () => read(o[key]));
}

// ---- sections ------------------------------------------------------------------------------

function readDataset(v: unknown, task: Task | undefined, problems: Problems): DatasetSource | undefined {
  const o = object(v, 'dataset');
  const before = problems.length;
  if ('csv' in o) {
    onlyKeys(o, ['csv', 'features', 'target'], 'dataset', problems);
    if (!('features' in o)) problems.push(new SpecError('dataset.features', 'a CSV data set needs the feature column names'));
    if (!('target' in o)) problems.push(new SpecError('dataset.target', 'a CSV data set needs the target column name'));
    const csv = attempt(problems, () => string(o.csv, 'dataset.csv'));
    const features = 'features' in o ? attempt(problems, () => items(o.features, 'dataset.features', problems, string)) : undefined;
    const target = 'target' in o ? attempt(problems, () => string(o.target, 'dataset.target')) : undefined;
    return problems.length === before ? { csv: csv!, features: features!, target: target! } : undefined;
  }
  onlyKeys(o, ['name', 'n', 'noise', 'seed', 'classes', 'ratio', 'outlier_fraction'], 'dataset', problems);
  if (!('name' in o)) problems.push(new SpecError('dataset', 'expected "name" (a built-in data set) or "csv" (a file)'));
  const name = 'name' in o && task ? attempt(problems, () => choice(o.name, syntheticNames(task), 'dataset.name')) : undefined;
  const src: Partial<SyntheticSource> = {
    n: field(problems, o, 'n', 500, (x) => number(x, 'dataset.n', { min: 4, max: 1_000_000, integer: true })),
    noise: field(problems, o, 'noise', 0.1, (x) => number(x, 'dataset.noise', { min: 0 })),
    seed: field(problems, o, 'seed', 0, (x) => number(x, 'dataset.seed', { integer: true })),
  };
  if (o.classes !== undefined) {
    if (task && task !== 'multiclass') problems.push(new SpecError('dataset.classes', 'only a multiclass task has a number of classes'));
    else src.classes = attempt(problems, () => number(o.classes, 'dataset.classes', { min: 2, max: 100, integer: true }));
  }
  if (o.ratio !== undefined) src.ratio = attempt(problems, () => number(o.ratio, 'dataset.ratio', { min: 0, max: 0.5, exclusiveMin: true }));
  if (o.outlier_fraction !== undefined) src.outlier_fraction = attempt(problems, () => number(o.outlier_fraction, 'dataset.outlier_fraction', { min: 0, max: 1 }));
  return problems.length === before && name !== undefined ? ({ ...src, name } as SyntheticSource) : undefined;
}

function readModel(v: unknown, problems: Problems): SweepSpec['model'] | undefined {
  if (v === undefined) return { hidden: [], activation: 'relu' };
  const o = object(v, 'model');
  const before = problems.length;
  onlyKeys(o, ['hidden', 'activation', 'init', 'dtype'], 'model', problems);
  const hidden = field(problems, o, 'hidden', [], (x) => items(x, 'model.hidden', problems, (y, p) => number(y, p, { min: 1, max: 4096, integer: true }), { nonEmpty: false }));
  const activation = field(problems, o, 'activation', 'relu' as const, (x) => choice(x, ACTIVATIONS, 'model.activation'));
  const init = field(problems, o, 'init', undefined, (x) => choice(x, INITS, 'model.init'));
  const dtype = field(problems, o, 'dtype', undefined, (x) => choice(x, DTYPES, 'model.dtype'));
  if (hidden) attempt(problems, () => checkModelSize(hidden));
  if (problems.length !== before) return undefined;
  return { hidden: hidden!, activation: activation!, ...(init ? { init } : {}), ...(dtype ? { dtype } : {}) };
}

function optionValue(v: unknown, path: string): OptionValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v as OptionValue;
  throw new SpecError(path, 'expected a number, string, boolean or null');
}

function readLoss(v: unknown, path: string, problems: Problems): LossChoice | undefined {
  const known = (): string => LOSSES.map((l) => l.id).join(', ');
  const before = problems.length;
  let name: string;
  let options: Record<string, OptionValue> = {};
  let namePath = path;
  if (typeof v === 'string') {
    name = v;
  } else {
    const o = object(v, path);
    onlyKeys(o, ['name', 'options'], path, problems);
    name = string(o.name, `${path}.name`);
    if (o.options !== undefined) {
      const raw = attempt(problems, () => object(o.options, `${path}.options`)) ?? {};
      options = Object.fromEntries(Object.entries(raw).map(([k, x]) => [k, attempt(problems, () => optionValue(x, `${path}.options.${k}`)) ?? null]));
    }
    namePath = `${path}.name`;
  }
  const loss = getLoss(name);
  if (!loss) throw new SpecError(namePath, `unknown loss ${JSON.stringify(name)} (known: ${known()})`);
  const optionNames = loss.options.map((o) => o.name);
  for (const k of Object.keys(options)) {
    if (!optionNames.includes(k)) {
      problems.push(new SpecError(`${path}.options.${k}`, `${name} has no option ${JSON.stringify(k)}${optionNames.length ? ` (options: ${optionNames.join(', ')})` : ''}`));
    }
  }
  return problems.length === before ? { name, options } : undefined;
}

function readOptimizer(v: unknown, path: string, problems: Problems): OptimizerChoice | undefined {
  const o = typeof v === 'string' ? { name: v } : object(v, path);
  const name = choice(o.name, OPTIMIZER_NAMES, `${path}.name`);
  const defaults = OPTIMIZER_DEFAULTS[name];
  const before = problems.length;
  onlyKeys(o, ['name', ...Object.keys(defaults)], path, problems);
  const lrs = o.lr === undefined ? [defaults.lr as number] : attempt(problems, () => numbers(o.lr, `${path}.lr`, problems, { min: 0, exclusiveMin: true }));
  const options: Record<string, number | boolean | readonly number[]> = {};
  for (const [k, x] of Object.entries(o)) {
    if (k === 'name' || k === 'lr' || !(k in defaults)) continue;
    const d = defaults[k];
    const p = `${path}.${k}`;
    const value = attempt(problems, () => {
      if (typeof d === 'boolean') {
        if (typeof x !== 'boolean') throw new SpecError(p, `expected true or false, got ${JSON.stringify(x)}`);
        return x;
      }
      if (Array.isArray(d)) {
        const pair = items(x, p, problems, (y, q) => number(y, q));
        if (pair && pair.length !== d.length) throw new SpecError(p, `expected ${d.length} numbers`);
        return pair;
      }
      return number(x, p);
    });
    if (value !== undefined) options[k] = value;
  }
  if (problems.length !== before || !lrs) return undefined;
  try {
    optimizerSettings(name, { ...options, lr: lrs[0]! });
  } catch (e) {
    const [key, ...rest] = (e as Error).message.split(': ');
    throw new SpecError(`${path}.${key}`, rest.join(': '));
  }
  return { name, lrs, options };
}

function readSchedule(v: unknown, problems: Problems): Schedule | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return { name: choice(v, SCHEDULE_NAMES, 'schedule') };
  const o = object(v, 'schedule');
  onlyKeys(o, ['name', 'step_size', 'gamma', 't_max', 'eta_min', 'warmup_steps', 'warmup_start'], 'schedule', problems);
  const s: Schedule = { name: choice(o.name, SCHEDULE_NAMES, 'schedule.name') };
  const read = <K extends keyof Schedule>(key: K & string, opts: Parameters<typeof number>[2]): void => {
    if (o[key] === undefined) return;
    const value = attempt(problems, () => number(o[key], `schedule.${key}`, opts));
    if (value !== undefined) (s as unknown as Record<string, number>)[key] = value;
  };
  read('step_size', { min: 1, integer: true });
  read('gamma', { min: 0 });
  read('t_max', { min: 1, integer: true });
  read('eta_min', { min: 0 });
  read('warmup_steps', { min: 0, integer: true });
  read('warmup_start', { min: 0, max: 1 });
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
function readSeeds(v: unknown, problems: Problems): number[] | undefined {
  if (Array.isArray(v) && v.length > SPEC_LIMITS.runs) throw new SpecError('seeds', `${v.length.toLocaleString('en-US')} seeds: at most ${SPEC_LIMITS.runs.toLocaleString('en-US')} runs in all`);
  return items(v, 'seeds', problems, (x, p) => number(x, p, { integer: true }));
}

function checkRunCount(spec: SweepSpec): void {
  const runs = spec.losses.length * spec.optimizers.reduce((n, o) => n + o.lrs.length, 0) * spec.seeds.length;
  if (runs > SPEC_LIMITS.runs) {
    throw new SpecError('seeds', `the grid has ${runs.toLocaleString('en-US')} runs (losses × learning rates × seeds): at most ${SPEC_LIMITS.runs.toLocaleString('en-US')}`);
  }
}

const TOP_KEYS = ['$schema', 'name', 'description', 'task', 'dataset', 'model', 'losses', 'optimizers', 'steps', 'batch_size', 'seeds', 'val_fraction', 'schedule', 'clip_grad_norm', 'val_every'];

/** Every problem of a spec (each with its path, in the order of the spec's sections), and the
 *  checked spec when there is none. */
export function checkSpec(value: unknown): { spec?: SweepSpec; problems: SpecError[] } {
  const problems: Problems = [];
  const o = attempt(problems, () => object(value, 'spec'));
  if (!o) return { problems };
  onlyKeys(o, TOP_KEYS, 'spec', problems);
  if (o.task === undefined) problems.push(new SpecError('task', `missing (one of ${TASKS.join(', ')})`));
  const task = o.task === undefined ? undefined : attempt(problems, () => choice(o.task, TASKS, 'task'));
  if (o.dataset === undefined) problems.push(new SpecError('dataset', 'missing'));
  if (o.losses === undefined) problems.push(new SpecError('losses', 'missing: list the losses to compare'));
  const steps = field(problems, o, 'steps', 200, (x) => number(x, 'steps', { min: 1, max: 1_000_000, integer: true }));
  const nullable = <T>(key: string, read: (x: unknown) => T): T | null | undefined => (o[key] === null ? null : field(problems, o, key, null, read));
  const parts = {
    dataset: o.dataset === undefined ? undefined : attempt(problems, () => readDataset(o.dataset, task, problems)),
    model: attempt(problems, () => readModel(o.model, problems)),
    losses: o.losses === undefined ? undefined : attempt(problems, () => items(o.losses, 'losses', problems, (x, p) => readLoss(x, p, problems))),
    optimizers: o.optimizers === undefined
      ? [readOptimizer('adam', 'optimizers[0]', problems)!]
      : attempt(problems, () => items(o.optimizers, 'optimizers', problems, (x, p) => readOptimizer(x, p, problems))),
    batch_size: nullable('batch_size', (x) => number(x, 'batch_size', { min: 1, integer: true })),
    seeds: o.seeds === undefined ? [0] : attempt(problems, () => readSeeds(o.seeds, problems)),
    val_fraction: field(problems, o, 'val_fraction', 0.2, (x) => number(x, 'val_fraction', { min: 0, max: 0.9 })),
    clip_grad_norm: nullable('clip_grad_norm', (x) => number(x, 'clip_grad_norm', { min: 0, exclusiveMin: true })),
    val_every: steps === undefined ? undefined : field(problems, o, 'val_every', defaultValEvery(steps), (x) => number(x, 'val_every', { min: 0, max: 1_000_000, integer: true })),
    schedule: attempt(problems, () => readSchedule(o.schedule, problems)),
  };
  if (problems.length > 0) return { problems };
  const { schedule, ...rest } = parts;
  const spec = { task: task!, steps: steps!, ...rest, ...(schedule ? { schedule } : {}) } as SweepSpec;
  attempt(problems, () => checkRunCount(spec));
  return problems.length > 0 ? { problems } : { spec, problems };
}

/** Several problems of one spec: `path`/`problem` are the first one's, the message lists them all
 *  (one `path: problem` a line). */
export class SpecErrors extends SpecError {
  constructor(readonly problems: readonly SpecError[]) {
    super(problems[0]!.path, problems[0]!.problem);
    this.message = problems.map((p) => p.message).join('\n');
    this.name = 'SpecErrors';
  }
}

/** The checked spec, or SpecError (SpecErrors when there are several) with every problem's path. */
export function parseSpec(value: unknown): SweepSpec {
  const { spec, problems } = checkSpec(value);
  if (spec) return spec;
  throw problems.length === 1 ? problems[0]! : new SpecErrors(problems);
}

/** A spec's problems for a terminal: one `file: path: problem` line each. */
export function specProblemLines(file: string, e: SpecError): string {
  return (e instanceof SpecErrors ? e.problems : [e]).map((p) => `${file}: ${p.message}`).join('\n');
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
