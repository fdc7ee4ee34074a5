/** The sweep spec (`*.losslab.json`) declared once with zod: checkSpec (spec.ts) parses with it and
 *  media/sweep.schema.json (editor completion, package.json `jsonValidation`) is generated from it
 *  (scripts/schemas.ts). Rules that depend on another field (a data set's name for the task, a loss's
 *  options, an optimiser's keys, model size) are refinements here, beside the shape. */
import * as z from 'zod/mini';
import { LOSSES, getLoss } from '../catalog';
import { SYNTHETIC } from '../data/synthetic';
import { ACTIVATIONS } from './activations';
import { DTYPES, INITS } from './network';
import { OPTIMIZER_DEFAULTS, OPTIMIZER_NAMES, optimizerSettings } from './optimizers';
import { SCHEDULE_NAMES } from './schedules';

z.config({ jitless: true });

export const TASKS = ['regression', 'binary', 'multiclass'] as const;

/** Limits that keep a valid spec within memory: the audit's 64 × 4096 model reached 8.1 GB and 3·10^7
 *  seeds crashed V8. Each refusal names its limit. */
export const SPEC_LIMITS = { hiddenLayers: 16, hiddenWeights: 4_194_304, runs: 10_000 } as const;

type Ctx = z.core.$RefinementCtx;
const problem = (ctx: Ctx, path: PropertyKey[], message: string, input: unknown): void => ctx.addIssue({ code: 'custom', path, message, input });
const described = <T extends z.ZodMiniType>(schema: T, description: string, more: Record<string, unknown> = {}): T => schema.check(z.meta({ description, ...more })) as T;
/** Cross-field rules run on values whose fields all passed. */
const ONCE_VALID = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };
const count = (n: number): string => n.toLocaleString('en-US');
/** A message for the value's absence (the default text otherwise). */
const whenMissing = (message: string) => ({ error: (iss: { input?: unknown }) => (iss.input === undefined ? message : undefined) });

const integer = (min?: number, max?: number) => z.int().check(...(min === undefined ? [] : [z.gte(min)]), ...(max === undefined ? [] : [z.lte(max)]));
const number = (min?: number, max?: number) => z.number().check(...(min === undefined ? [] : [z.gte(min)]), ...(max === undefined ? [] : [z.lte(max)]));
const positive = () => z.number().check(z.gt(0));
const nonEmptyString = () => z.string().check(z.minLength(1));
const nonEmpty = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.minLength(1));

const syntheticSource = z.strictObject({
  name: described(z.enum([...new Set(Object.values(SYNTHETIC).flatMap((g) => Object.keys(g)))] as [string, ...string[]], whenMissing('expected "name" (a built-in data set) or "csv" (a file)')),
    'regression: linear, outliers, heteroscedastic, sine; binary: moons, circles, xor, blobs, spirals, imbalanced; multiclass: blobs, spirals.'),
  n: z._default(integer(4, 1_000_000), 500),
  noise: z._default(number(0), 0.1),
  seed: z._default(integer(), 0),
  classes: z.optional(described(integer(2, 100), 'multiclass only (default 3).')),
  ratio: z.optional(described(z.number().check(z.gt(0), z.lte(0.5)), 'imbalanced: share of the minority class (default 0.1).')),
  outlier_fraction: z.optional(described(number(0, 1), 'outliers: share of corrupted targets (default 0.1).')),
});

const csvSource = z.strictObject({
  csv: described(nonEmptyString(), "CSV file with a header row; a relative path is resolved against the spec file's folder."),
  features: described(z.array(nonEmptyString(), whenMissing('a CSV data set needs the feature column names')).check(z.minLength(1)), 'Numeric feature columns.'),
  target: described(z.string(whenMissing('a CSV data set needs the target column name')).check(z.minLength(1)), 'Target column: numbers for regression, any labels for classification.'),
});

const model = z
  .strictObject({
    hidden: z._default(z.array(integer(1, 4096)), []),
    activation: z._default(z.enum(ACTIVATIONS), 'relu'),
    dtype: z.optional(described(z.enum(DTYPES), "The network's arithmetic: float32 as PyTorch's default dtype (WebAssembly SIMD, fastest), or float64. Losses and optimiser state are float64 either way.", { default: 'float32' })),
    init: z.optional(described(z.enum(INITS), 'xavier (Glorot uniform), he (Kaiming normal) or torch (nn.Linear default). Default: xavier for tanh/sigmoid, he otherwise.')),
  })
  .check(
    z.superRefine(({ hidden }, ctx) => {
      if (hidden.length > SPEC_LIMITS.hiddenLayers) return problem(ctx, ['hidden'], `${hidden.length} hidden layers: at most ${SPEC_LIMITS.hiddenLayers}`, hidden);
      let weights = 0;
      for (let i = 1; i < hidden.length; i++) weights += hidden[i - 1]! * hidden[i]!;
      if (weights > SPEC_LIMITS.hiddenWeights) {
        problem(ctx, ['hidden'], `${count(weights)} weights between hidden layers: at most ${count(SPEC_LIMITS.hiddenWeights)} (Loss Lab trains small models; export the sweep to train a large one)`, hidden);
      }
    }, ONCE_VALID),
  );

const lossIds = LOSSES.map((l) => l.id) as [string, ...string[]];
const lossName = described(
  z.enum(lossIds, { error: (iss) => `unknown loss ${JSON.stringify(iss.input)} (known: ${lossIds.join(', ')})` }),
  'A loss from the Loss Lab catalog (`losslab list`).',
  { id: 'lossName', enumDescriptions: LOSSES.map((l) => l.summary || l.title) },
);
const optionValue = z.union([z.number(), z.string(), z.boolean(), z.null()], { error: 'expected a number, string, boolean or null' });

const lossObject = z
  .strictObject({ name: lossName, options: z._default(described(z.record(z.string(), optionValue), "The loss's options, as in PyTorch."), {}) })
  .check(
    z.superRefine(({ name, options }, ctx) => {
      const names = getLoss(name)!.options.map((o) => o.name);
      for (const k of Object.keys(options)) {
        if (!names.includes(k)) problem(ctx, ['options', k], `${name} has no option ${JSON.stringify(k)}${names.length ? ` (options: ${names.join(', ')})` : ''}`, k);
      }
    }, ONCE_VALID),
  );

const loss = z.pipe(z.union([lossName, lossObject]), z.transform((l) => (typeof l === 'string' ? { name: l, options: {} } : l)));

/** Every optimiser option, typed by its defaults; which ones an optimiser takes is checked below. */
const optimizerOptions: Record<string, z.ZodMiniType> = {};
for (const defaults of Object.values(OPTIMIZER_DEFAULTS)) {
  for (const [k, v] of Object.entries(defaults)) {
    if (k === 'lr' || optimizerOptions[k]) continue;
    optimizerOptions[k] = z.optional(typeof v === 'boolean' ? z.boolean() : Array.isArray(v) ? z.tuple([z.number(), z.number()]) : z.number().check(z.meta({ minimum: 0 })));
  }
}
const learningRate = described(positive(), 'Learning rate.');
const optimizerName = described(z.enum(OPTIMIZER_NAMES), 'PyTorch update rules; momentum and nesterov are SGD with momentum 0.9.');

const optimizerObject = z
  .strictObject({ name: optimizerName, lr: z.optional(z.union([learningRate, nonEmpty(learningRate)])), ...optimizerOptions })
  .check(
    z.superRefine((o, ctx) => {
      const defaults = OPTIMIZER_DEFAULTS[o.name];
      const allowed = ['name', ...Object.keys(defaults)];
      const unknown = Object.keys(o).filter((k) => !allowed.includes(k) && o[k as keyof typeof o] !== undefined);
      for (const k of unknown) problem(ctx, [k], `unknown key (expected one of ${allowed.join(', ')})`, k);
      if (unknown.length > 0) return;
      const lr = Array.isArray(o.lr) ? o.lr[0]! : ((o.lr as number | undefined) ?? (defaults.lr as number));
      try {
        optimizerSettings(o.name, { ...optionsOf(o), lr });
      } catch (e) {
        const [key, ...rest] = (e as Error).message.split(': ');
        problem(ctx, [key!], rest.join(': '), o);
      }
    }, ONCE_VALID),
  );

function optionsOf(o: Record<string, unknown>): Record<string, number | boolean | readonly number[]> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => k !== 'name' && k !== 'lr' && v !== undefined)) as Record<string, number | boolean | readonly number[]>;
}

const optimizer = z.pipe(
  z.union([optimizerName, optimizerObject]),
  z.transform((v) => {
    const o: Record<string, unknown> & { name: (typeof OPTIMIZER_NAMES)[number]; lr?: number | number[] } = typeof v === 'string' ? { name: v } : v;
    const lrs = o.lr === undefined ? [OPTIMIZER_DEFAULTS[o.name].lr as number] : Array.isArray(o.lr) ? o.lr : [o.lr];
    return { name: o.name, lrs, options: optionsOf(o) };
  }),
);

const scheduleObject = z.strictObject({
  name: z.enum(SCHEDULE_NAMES),
  step_size: z.optional(integer(1)),
  gamma: z.optional(number(0)),
  t_max: z.optional(integer(1)),
  eta_min: z.optional(number(0)),
  warmup_steps: z.optional(integer(0)),
  warmup_start: z.optional(number(0, 1)),
});
const schedule = z.union([z.enum(SCHEDULE_NAMES), scheduleObject]);

/** Every step up to 500 steps, else about 500 points per curve. */
export function defaultValEvery(steps: number): number {
  return steps <= 500 ? 1 : Math.ceil(steps / 500);
}

const fields = z
  .strictObject({
    $schema: z.optional(z.string()),
    name: z.optional(z.string()),
    description: z.optional(z.string()),
    task: described(z.enum(TASKS, whenMissing(`missing (one of ${TASKS.join(', ')})`)), 'regression: real-valued target; binary: two classes; multiclass: k classes.'),
    dataset: z.union([syntheticSource, csvSource], whenMissing('missing')),
    model: z._default(described(model, 'No hidden layer: linear / logistic / softmax regression. Hidden layers: an MLP.'), { hidden: [], activation: 'relu' }),
    losses: z.array(loss, whenMissing('missing: list the losses to compare')).check(z.minLength(1)),
    optimizers: z._default(nonEmpty(optimizer), () => [{ name: 'adam' as const, lrs: [OPTIMIZER_DEFAULTS.adam.lr as number], options: {} }]),
    steps: z._default(integer(1, 1_000_000), 200),
    batch_size: z._default(described(z.nullable(integer(1)), 'null: full batch.'), null),
    seeds: z._default(z.array(z.int()).check(z.minLength(1), z.maxLength(SPEC_LIMITS.runs, { error: (iss) => `${count((iss.input as unknown[]).length)} seeds: at most ${count(SPEC_LIMITS.runs)} runs in all` })), [0]),
    val_fraction: z._default(number(0, 0.9), 0.2),
    schedule: z.optional(z.nullable(schedule)),
    clip_grad_norm: z._default(described(z.nullable(positive()), 'Clip the gradient to this L2 norm (torch.nn.utils.clip_grad_norm_).'), null),
    val_every: z.optional(described(integer(0, 1_000_000), 'Validation loss every this many steps (0: never). Default: every step up to 500 steps, else ceil(steps / 500).')),
  });

/** The settings every run of a checked spec shares (sweep.ts commonSettings), as a sweep worker receives them. */
export const COMMON_SETTINGS = z.extend(z.pick(fields, { model: true, steps: true, batch_size: true, clip_grad_norm: true, val_every: true }), { schedule: z.optional(scheduleObject) });

/** The sweep spec, declared once: its JSON schema is this as written; checkSpec's result is its output. */
export const SWEEP_SPEC = z.pipe(
  fields.check(
    z.superRefine(
      (o, ctx) => {
        const d = o.dataset;
        if (!('name' in d)) return;
        const names = Object.keys(SYNTHETIC[o.task]);
        if (!names.includes(d.name)) problem(ctx, ['dataset', 'name'], `expected one of ${names.map((n) => JSON.stringify(n)).join(', ')}, got ${JSON.stringify(d.name)}`, d.name);
        if (d.classes !== undefined && o.task !== 'multiclass') problem(ctx, ['dataset', 'classes'], 'only a multiclass task has a number of classes', d.classes);
      },
      { when: (payload) => !payload.issues.some((i) => !i.path?.length || i.path[0] === 'task' || i.path[0] === 'dataset') },
    ),
    z.superRefine((o, ctx) => {
      const runs = o.losses.length * o.optimizers.reduce((n, opt) => n + opt.lrs.length, 0) * o.seeds.length;
      if (runs > SPEC_LIMITS.runs) problem(ctx, ['seeds'], `the grid has ${count(runs)} runs (losses × learning rates × seeds): at most ${count(SPEC_LIMITS.runs)}`, o.seeds);
    }, ONCE_VALID),
  ),
  z.transform(({ $schema: _s, name: _n, description: _d, schedule: sched, val_every, ...spec }) => ({
    ...spec,
    val_every: val_every ?? defaultValEvery(spec.steps),
    ...(sched ? { schedule: typeof sched === 'string' ? { name: sched } : sched } : {}),
  })),
);

/** What media/sweep.schema.json says beside the declaration. */
export const SWEEP_SCHEMA_META = {
  title: 'Loss Lab sweep spec',
  description: 'A grid of training runs: losses × optimisers × learning rates × seeds, run by "Loss Lab: Run Sweep" or `losslab sweep`. Generated from src/engine/train/specSchema.ts (node --import tsx scripts/gen-schemas.ts).',
};
