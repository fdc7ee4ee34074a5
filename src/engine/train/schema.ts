/** The JSON schema of sweep specs (`*.losslab.json`), built from the catalog and the trainer's own
 *  option tables so that editor completion never drifts from what parseSpec accepts.
 *  media/sweep.schema.json is this object, checked by test/unit/train/schema.test.ts. */
import { LOSSES } from '../catalog';
import { SYNTHETIC } from '../data/synthetic';
import { ACTIVATIONS } from './activations';
import { DTYPES, INITS } from './network';
import { OPTIMIZER_DEFAULTS, OPTIMIZER_NAMES } from './optimizers';
import { SCHEDULE_NAMES } from './schedules';
import { TASKS } from './spec';

type Schema = Record<string, unknown>;

const positiveNumber = (description: string): Schema => ({ type: 'number', exclusiveMinimum: 0, description });

export function sweepSchema(): Schema {
  const lossIds = LOSSES.map((l) => l.id);
  const lossName: Schema = { enum: lossIds, enumDescriptions: LOSSES.map((l) => l.summary || l.title), description: 'A loss from the Loss Lab catalog (`losslab list`).' };
  const datasetNames = [...new Set(Object.values(SYNTHETIC).flatMap((g) => Object.keys(g)))];
  const optionSchemas: Record<string, Schema> = {};
  for (const defaults of Object.values(OPTIMIZER_DEFAULTS)) {
    for (const [k, v] of Object.entries(defaults)) {
      if (k === 'lr' || optionSchemas[k]) continue;
      optionSchemas[k] = typeof v === 'boolean' ? { type: 'boolean' } : Array.isArray(v) ? { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 } : { type: 'number', minimum: 0 };
    }
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Loss Lab sweep spec',
    description: 'A grid of training runs: losses × optimisers × learning rates × seeds, run by "Loss Lab: Run Sweep" or `losslab sweep`.',
    type: 'object',
    required: ['task', 'dataset', 'losses'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      name: { type: 'string' },
      description: { type: 'string' },
      task: { enum: TASKS, description: 'regression: real-valued target; binary: two classes; multiclass: k classes.' },
      dataset: {
        oneOf: [
          {
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: {
              name: { enum: datasetNames, description: 'regression: linear, outliers, heteroscedastic, sine; binary: moons, circles, xor, blobs, spirals, imbalanced; multiclass: blobs, spirals.' },
              n: { type: 'integer', minimum: 4, maximum: 1_000_000, default: 500 },
              noise: { type: 'number', minimum: 0, default: 0.1 },
              seed: { type: 'integer', default: 0 },
              classes: { type: 'integer', minimum: 2, maximum: 100, description: 'multiclass only (default 3).' },
              ratio: { type: 'number', exclusiveMinimum: 0, maximum: 0.5, description: 'imbalanced: share of the minority class (default 0.1).' },
              outlier_fraction: { type: 'number', minimum: 0, maximum: 1, description: 'outliers: share of corrupted targets (default 0.1).' },
            },
          },
          {
            type: 'object',
            required: ['csv', 'features', 'target'],
            additionalProperties: false,
            properties: {
              csv: { type: 'string', description: "CSV file with a header row; a relative path is resolved against the spec file's folder." },
              features: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Numeric feature columns.' },
              target: { type: 'string', description: 'Target column: numbers for regression, any labels for classification.' },
            },
          },
        ],
      },
      model: {
        type: 'object',
        additionalProperties: false,
        description: 'No hidden layer: linear / logistic / softmax regression. Hidden layers: an MLP.',
        properties: {
          hidden: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 4096 }, default: [] },
          activation: { enum: ACTIVATIONS, default: 'relu' },
          dtype: { enum: DTYPES, default: 'float32', description: "The network's arithmetic: float32 as PyTorch's default dtype (WebAssembly SIMD, fastest), or float64. Losses and optimiser state are float64 either way." },
          init: { enum: INITS, description: 'xavier (Glorot uniform), he (Kaiming normal) or torch (nn.Linear default). Default: xavier for tanh/sigmoid, he otherwise.' },
        },
      },
      losses: {
        type: 'array',
        minItems: 1,
        items: {
          anyOf: [
            lossName,
            { type: 'object', required: ['name'], additionalProperties: false, properties: { name: lossName, options: { type: 'object', description: "The loss's options, as in PyTorch." } } },
          ],
        },
      },
      optimizers: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            name: { enum: OPTIMIZER_NAMES, description: 'PyTorch update rules; momentum and nesterov are SGD with momentum 0.9.' },
            lr: { oneOf: [positiveNumber('Learning rate.'), { type: 'array', items: positiveNumber('Learning rate.'), minItems: 1 }] },
            ...optionSchemas,
          },
        },
      },
      steps: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 200 },
      batch_size: { type: ['integer', 'null'], minimum: 1, default: null, description: 'null: full batch.' },
      seeds: { type: 'array', items: { type: 'integer' }, minItems: 1, default: [0] },
      val_fraction: { type: 'number', minimum: 0, maximum: 0.9, default: 0.2 },
      schedule: {
        oneOf: [
          { enum: SCHEDULE_NAMES },
          {
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: {
              name: { enum: SCHEDULE_NAMES },
              step_size: { type: 'integer', minimum: 1 },
              gamma: { type: 'number', minimum: 0 },
              t_max: { type: 'integer', minimum: 1 },
              eta_min: { type: 'number', minimum: 0 },
              warmup_steps: { type: 'integer', minimum: 0 },
              warmup_start: { type: 'number', minimum: 0, maximum: 1 },
            },
          },
        ],
      },
      clip_grad_norm: { type: ['number', 'null'], exclusiveMinimum: 0, description: 'Clip the gradient to this L2 norm (torch.nn.utils.clip_grad_norm_).' },
      val_every: { type: 'integer', minimum: 0, maximum: 1_000_000, description: 'Validation loss every this many steps (0: never). Default: every step up to 500 steps, else ceil(steps / 500).' },
    },
  };
}
