/** A sweep described for another runtime: everything an exported script needs to repeat each run of
 *  the engine's sweep exactly (data columns and split seed, model, each run's loss spelling, link,
 *  target encoding, optimiser settings and initial weights), as plain JSON. Pure: the caller reads
 *  files and writes the script. */
import { getLoss } from '../catalog';
import type { LossSpec, Options } from '../catalog/types';
import type { Dataset } from '../data/dataset';
import { planLink, type LinkKind, type TargetEncoding } from '../train/link';
import { Network, type Dtype } from '../train/network';
import { optimizerSettings, type OptimizerSettings } from '../train/optimizers';
import { deriveSeed } from '../train/random';
import { reportConfig } from '../train/report';
import type { Schedule } from '../train/schedules';
import { expandRuns, type RunConfig, type SweepSpec } from '../train/spec';
import { checkLosses } from '../train/sweep';
import { initialParams } from '../train/trainer';
import { axisLabel } from './labels';
import { torchLoss } from './torchLoss';

export interface ExportedRun {
  /** The grid cell as the Optuna and Ray axes name it. */
  key: { loss: string; optimizer: string; lr: number; seed: number };
  /** The run's `config` in `losslab sweep --json`. */
  config: Record<string, unknown>;
  loss: { call: string; options: Options; link: LinkKind; target: TargetEncoding; matrix: boolean; outputs: number };
  optimizer: OptimizerSettings;
  /** Key of the run's initial weights in the weights file. */
  init: string;
  flag?: { id: string; title: string };
}

export interface ExportPlan {
  task: SweepSpec['task'];
  /** The CSV the script reads (the built-in data set written beside it, or the spec's CSV). */
  data: { features: string[]; target: string };
  split_seed: number;
  val_fraction: number;
  model: { hidden: number[]; activation: string; dtype: Dtype };
  steps: number;
  batch_size: number | null;
  val_every: number;
  schedule: Schedule | null;
  clip_grad_norm: number | null;
  axes: { loss: string[]; optimizer: string[]; lr: number[]; seed: number[] };
  runs: ExportedRun[];
}

/** Initial weights per `init` key, each flat in the engine's layout (per layer W row-major, then b). */
export type InitialWeights = Record<string, number[]>;

/** The same split seed as sweepJobs (a built-in data set's seed, 7 for a CSV). */
function splitSeed(spec: SweepSpec): number {
  return 'seed' in spec.dataset ? deriveSeed(spec.dataset.seed, 7) : 7;
}

function lossOf(c: RunConfig): LossSpec {
  const loss = getLoss(c.loss);
  if (!loss) throw new Error(`unknown loss ${c.loss}`);
  return loss;
}

/** The plan and the initial weights of every run. Throws SpecError for a loss the task refuses,
 *  as a sweep would. */
export function exportPlan(spec: SweepSpec, data: Dataset): { plan: ExportPlan; weights: InitialWeights } {
  checkLosses(spec, data);
  const dtype: Dtype = spec.model.dtype ?? 'float32';
  const weights: InitialWeights = {};
  const runs = expandRuns(spec).map((c): ExportedRun => {
    const link = planLink(lossOf(c), { task: data.task, classes: data.classes, y: data.y });
    const init = `${c.seed}:${link.outputs}`;
    if (!(init in weights)) {
      const network = new Network({ inputs: data.features, hidden: spec.model.hidden, outputs: link.outputs, activation: spec.model.activation, ...(spec.model.init ? { init: spec.model.init } : {}) });
      weights[init] = Array.from(initialParams(network, c.seed));
    }
    const torch = torchLoss(link.loss, c.loss_options);
    return {
      key: { loss: axisLabel(c.loss, c.loss_options), optimizer: axisLabel(c.optimizer, c.optimizer_options), lr: c.lr, seed: c.seed },
      config: reportConfig(c, dtype),
      loss: { call: torch.call, options: torch.options, link: link.link, target: link.target, matrix: link.matrix, outputs: link.outputs },
      optimizer: optimizerSettings(c.optimizer, { ...c.optimizer_options, lr: c.lr }),
      init,
      ...(link.flag ? { flag: { id: link.flag.id, title: link.flag.title } } : {}),
    };
  });
  const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
  const plan: ExportPlan = {
    task: spec.task,
    data: { features: [...data.featureNames], target: 'csv' in spec.dataset ? spec.dataset.target : 'y' },
    split_seed: splitSeed(spec),
    val_fraction: spec.val_fraction,
    model: { hidden: [...spec.model.hidden], activation: spec.model.activation, dtype },
    steps: spec.steps,
    batch_size: spec.batch_size,
    val_every: spec.val_every,
    schedule: spec.schedule ?? null,
    clip_grad_norm: spec.clip_grad_norm,
    axes: {
      loss: unique(runs.map((r) => r.key.loss)),
      optimizer: unique(runs.map((r) => r.key.optimizer)),
      lr: unique(runs.map((r) => r.key.lr)),
      seed: unique(runs.map((r) => r.key.seed)),
    },
    runs,
  };
  return { plan, weights };
}

/** A built-in data set as the CSV the script reads: a header, then each row's features and target
 *  with every number written to round-trip exactly. */
export function datasetCsv(data: Dataset): string {
  const lines = [[...data.featureNames, 'y'].join(',')];
  for (let i = 0; i < data.n; i++) {
    const row: string[] = [];
    for (let k = 0; k < data.features; k++) row.push(String(data.x[i * data.features + k]));
    row.push(String(data.y[i]));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}
