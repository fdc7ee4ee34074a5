/** The loss explorer's numbers: each loss and its gradient against one prediction, computed by the
 *  catalog's own compute() on a batch of predictions (reduction 'none', so every batch element is
 *  one point of the curve). Only the catalog's metadata (expects, args, options) decides how a
 *  loss is laid out; there is no per-loss table here. */
import { getLoss } from '../engine/catalog';
import type { LossSpec, OptionValue, Options, PredictionKind, TargetKind, TensorArgs } from '../engine/catalog/types';
import { linspace } from '../engine/landscape/vector';
import { Tensor } from '../engine/tensor';

export type ExplorerAxis = 'prediction' | 'logit margin' | 'probability';

export interface ExplorerSeries {
  id: string;
  title: string;
  options: Record<string, OptionValue>;
  loss: number[];
  gradient: number[];
  /** Why the loss could not be drawn (it is then empty). */
  error?: string;
  /** What was held fixed to draw it (e.g. "var = 1"). */
  note?: string;
}

export interface ExplorerData {
  x: number[];
  axis: ExplorerAxis;
  xLabel: string;
  target: number;
  series: ExplorerSeries[];
}

export interface ExplorerRequest {
  losses: readonly { id: string; options?: Readonly<Record<string, OptionValue>> }[];
  target?: number;
  range?: readonly [number, number];
  points?: number;
}

type Layout = 'elementwise' | 'two-class';

const ELEMENTWISE_TARGETS: readonly TargetKind[] = ['values', 'binary', 'plus_minus_one', 'counts', 'multilabel_binary'];

function layoutOf(spec: LossSpec): { layout: Layout } | { reason: string } {
  const { prediction, target } = spec.expects;
  if (prediction === 'embeddings') return { reason: 'it compares embeddings, not one prediction with a target' };
  if (target === 'class_indices') return { layout: 'two-class' };
  if (ELEMENTWISE_TARGETS.includes(target)) return { layout: 'elementwise' };
  return { reason: `its target (${target.replace(/_/g, ' ')}) cannot be drawn against a single prediction` };
}

function axisOf(prediction: PredictionKind, layout: Layout): ExplorerAxis {
  if (prediction === 'probabilities' || prediction === 'log_probabilities') return 'probability';
  return layout === 'two-class' ? 'logit margin' : 'prediction';
}

function defaultTarget(kind: TargetKind): number {
  if (kind === 'counts') return 2;
  if (kind === 'binary' || kind === 'plus_minus_one' || kind === 'multilabel_binary') return 1;
  return 0;
}

/** Half-width of the prediction axis around the target (the `losslab.plot.predictionRange` setting's
 *  default, which package.json states and a test holds equal to this). */
export const DEFAULT_PREDICTION_HALF_WIDTH = 3;

function defaultRange(axis: ExplorerAxis, target: number, halfWidth = DEFAULT_PREDICTION_HALF_WIDTH): [number, number] {
  if (axis === 'probability') return [0.001, 0.999];
  if (axis === 'logit margin') return [-6, 6];
  return [target - halfWidth, target + halfWidth];
}

/** The target and x range the explorer draws `losses` with when the figure does not say: the first
 *  drawable loss's usual target (1 for binary labels, 2 for counts, else 0), and around it
 *  ± `halfWidth` on a prediction axis (probabilities and logit margins have their own ranges). */
export function explorerDefaults(losses: readonly { id: string }[], halfWidth?: number, target?: number): { target: number; range: [number, number]; axis: ExplorerAxis } {
  const first = losses.map((l) => getLoss(l.id)).find((s): s is LossSpec => s !== undefined && 'layout' in layoutOf(s));
  const layout = first ? (layoutOf(first) as { layout: Layout }).layout : 'elementwise';
  const axis = first ? axisOf(first.expects.prediction, layout) : 'prediction';
  const t = target ?? (first ? defaultTarget(first.expects.target) : 0);
  return { target: t, range: defaultRange(axis, t, halfWidth), axis };
}

function axisLabel(axis: ExplorerAxis, layout: Layout): string {
  if (axis === 'probability') return layout === 'two-class' ? 'predicted probability of the true class' : 'predicted probability';
  if (axis === 'logit margin') return 'logit margin: true-class score − other-class score';
  return 'prediction';
}

/** The catalog default of every tunable or scalar option, overridden by `given`. */
export function optionValues(spec: LossSpec, given: Readonly<Record<string, OptionValue>> = {}): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const o of spec.options) {
    if (o.type === 'tensor' || o.type === 'callable' || o.name === 'reduction') continue;
    out[o.name] = o.default;
  }
  for (const [k, v] of Object.entries(given)) if (k !== 'reduction') out[k] = v;
  return out;
}

export function explorerData(request: ExplorerRequest): ExplorerData {
  const specs = request.losses.map((l) => getLoss(l.id));
  const first = specs.find((s): s is LossSpec => s !== undefined && 'layout' in layoutOf(s));
  const firstLayout = first ? (layoutOf(first) as { layout: Layout }).layout : 'elementwise';
  const axis = first ? axisOf(first.expects.prediction, firstLayout) : 'prediction';
  const defaults = explorerDefaults(request.losses, undefined, request.target);
  const target = defaults.target;
  const range = request.range ?? defaults.range;
  const x = linspace(range[0], range[1], request.points ?? 401);
  const series = request.losses.map((l, i) => seriesFor(l.id, specs[i], l.options ?? {}, x, axis, target));
  return { x, axis, xLabel: axisLabel(axis, firstLayout), target, series };
}

function seriesFor(id: string, spec: LossSpec | undefined, given: Readonly<Record<string, OptionValue>>, x: number[], axis: ExplorerAxis, target: number): ExplorerSeries {
  if (!spec) return { id, title: id, options: { ...given }, loss: [], gradient: [], error: `Loss Lab does not know a loss called "${id}"` };
  const options = optionValues(spec, given);
  const empty = { id, title: spec.title, options, loss: [] as number[], gradient: [] as number[] };
  const found = layoutOf(spec);
  if ('reason' in found) return { ...empty, error: `${spec.title} is not drawn here: ${found.reason}` };
  const layout = found.layout;
  const own = axisOf(spec.expects.prediction, layout);
  if (own !== axis) return { ...empty, error: `${spec.title} takes a ${own}, the plot's x axis is a ${axis}: compare it in its own plot` };
  try {
    return { ...empty, ...compute(spec, layout, options, x, target) };
  } catch (e) {
    return { ...empty, error: e instanceof Error ? e.message : String(e) };
  }
}

function compute(spec: LossSpec, layout: Layout, options: Options, x: number[], target: number): { loss: number[]; gradient: number[]; note?: string } {
  const required = spec.args.filter((a) => !a.optional);
  const predictionArg = required[0];
  const targetArg = required.find((a) => /^target/.test(a.name)) ?? required[1];
  if (!predictionArg || !targetArg || predictionArg === targetArg) throw new Error(`${spec.title} has no prediction/target arguments to vary`);
  const n = x.length;
  const args: Record<string, Tensor> = {};
  const held: string[] = [];
  const logProbabilities = spec.expects.prediction === 'log_probabilities';
  if (layout === 'elementwise') {
    // Multi-label losses reduce over the last (class) dimension even with reduction 'none'.
    const shape = spec.expects.target === 'multilabel_binary' ? [n, 1] : [n];
    args[predictionArg.name] = Tensor.from(shape, x);
    args[targetArg.name] = Tensor.full(shape, target);
  } else {
    // Two classes, the true one is class 1: a row [0, m] has logit margin m; for log-probability
    // inputs a row is [log(1 − p), log p].
    const rows = new Float64Array(2 * n);
    x.forEach((v, i) => {
      rows[2 * i] = logProbabilities ? Math.log1p(-v) : 0;
      rows[2 * i + 1] = logProbabilities ? Math.log(v) : v;
    });
    args[predictionArg.name] = new Tensor([n, 2], rows);
    args[targetArg.name] = new Tensor([n], new Float64Array(n).fill(1), 'int64');
  }
  for (const a of required) {
    if (args[a.name]) continue;
    args[a.name] = Tensor.full([n], 1);
    held.push(`${a.name} = 1`);
  }
  const result = spec.compute(args as TensorArgs, { ...options, reduction: 'none' }, true);
  const loss = Array.from(result.value.data);
  const g = result.grad[predictionArg.name];
  let gradient: number[];
  if (!g) gradient = x.map(() => NaN);
  else if (layout === 'elementwise') gradient = Array.from(g.data);
  else if (logProbabilities) gradient = x.map((p, i) => g.data[2 * i + 1]! / p - g.data[2 * i]! / (1 - p));
  else gradient = x.map((_, i) => g.data[2 * i + 1]!);
  return held.length > 0 ? { loss, gradient, note: held.join(', ') } : { loss, gradient };
}
