/** Messages between the sweep panel's webview and the extension host, and the state the panel keeps
 *  across reloads. Version 1, shares the panel protocol's header; validated on receipt. The host
 *  sends one snapshot when the page is ready, then throttled deltas while workers stream. Declared
 *  once here with zod: the validators and types derive from TO_SWEEP_WEBVIEW, SWEEP_TO_HOST and
 *  SWEEP_PANEL_STATE. */
import * as z from 'zod/mini';
import { PAGE_PROBLEM, READY, message, parseMessage } from './panel';
import { bounded, described, messageUnion, values } from './schema';
import { isRecord } from './validate';

import { RUN_STATUSES as ENDED } from '../engine/train/runStatus';

export const RUN_STATUSES = ['queued', 'running', ...ENDED] as const;
export type RunStatusShown = (typeof RUN_STATUSES)[number];
export const GROUP_BYS = ['loss', 'optimizer', 'lr'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const SORT_KEYS = ['loss', 'optimizer', 'lr', 'seed', 'train', 'val', 'metric', 'time', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

const MAX_RUNS = 10_000;

/** Any number but NaN: a diverged run's final loss may be infinite. */
const num = z.custom<number>((v) => typeof v === 'number' && !Number.isNaN(v), { error: 'expected a number' }).check(z.meta({ type: 'number' }));
const nullableNum = z.nullable(num);
/** A run's index, or -1 for none. */
const index = z.int({ error: 'expected an integer index' }).check(z.minimum(-1, 'expected an integer index'));

/** Everything about one run that the table shows, without its curves. */
const runSummaryShape = {
  status: z.enum(RUN_STATUSES),
  train_loss: nullableNum,
  val_loss: nullableNum,
  metric: described(nullableNum, 'The headline metric (accuracy or MSE, see SweepSnapshot.metric).'),
  ms: nullableNum,
  error: z.optional(z.string()),
  flag: z.optional(described(z.string(), 'Title of the catalog pitfall this run falls into (it ran anyway).')),
};
const runSummary = z.object(runSummaryShape);

/** `val` and its optional `valSteps` (whole, increasing, one per value). */
const valCurveShape = {
  val: z.optional(described(values, 'Validation loss per step, when the run records one (drawn dashed).')),
  valSteps: z.optional(described(bounded(num), 'The steps of `val` when it is not measured at every step (same length as `val`).')),
};
const valCurveChecked = z.superRefine((o: { val?: number[]; valSteps?: number[] }, ctx) => {
  const { val, valSteps } = o;
  if (valSteps === undefined) return;
  if (val === undefined) {
    ctx.addIssue({ code: 'custom', path: ['valSteps'], message: 'steps without values', input: valSteps });
    return;
  }
  const wrong = valSteps.findIndex((step, i) => !Number.isInteger(step) || (i > 0 && step <= valSteps[i - 1]!) || step < 0);
  if (wrong >= 0) ctx.addIssue({ code: 'custom', path: ['valSteps', wrong], message: 'expected increasing whole steps', input: valSteps[wrong] });
  else if (valSteps.length !== val.length) ctx.addIssue({ code: 'custom', path: ['valSteps'], message: `expected ${val.length} steps, got ${valSteps.length}`, input: valSteps });
});

const run = z
  .object({
    ...runSummaryShape,
    loss: z.string(),
    optimizer: z.string(),
    lr: num,
    seed: num,
    train: described(values, "Training loss per step so far; NaN where a step's value was not finite."),
    ...valCurveShape,
  })
  .check(valCurveChecked);

const snapshot = z
  .object({
    sweepId: z.string(),
    title: z.string(),
    task: z.string(),
    steps: num,
    metric: described(z.object({ name: z.string(), higherIsBetter: z.boolean() }), 'Name of the headline metric and whether higher is better.'),
    runs: bounded(run, MAX_RUNS),
    best: described(index, 'Index of the best finished run, -1 while none.'),
    finished: z.boolean(),
    cancelled: z.boolean(),
  })
  .check(
    z.superRefine((s, ctx) => {
      if (s.best >= s.runs.length) ctx.addIssue({ code: 'custom', path: ['best'], message: 'no such run', input: s.best });
    }),
  );

const partialView = z.object({
  groupBy: z.optional(z.enum(GROUP_BYS)),
  sort: z.optional(z.nullable(z.object({ key: z.enum(SORT_KEYS), dir: z.enum(['asc', 'desc']) }))),
});
const DEFAULT_VIEW = { groupBy: 'loss', sort: null } as const;
/** A view with the defaults filled in. */
const fullView = z.pipe(partialView, z.transform((p) => ({ groupBy: p.groupBy ?? DEFAULT_VIEW.groupBy, sort: p.sort ?? DEFAULT_VIEW.sort })));

const show = message('sweep', { sweep: snapshot });
/** New training-loss values for a run, written at `from` onwards. */
const append = z.object({ index, from: index, values });
/** A run whose table row changed (status, finals); `train` replaces the whole curve when given,
 *  `val` (with `valSteps`) the whole validation curve. */
const runUpdate = z.object({ index, summary: runSummary, train: z.optional(values), ...valCurveShape }).check(valCurveChecked);
const update = message('update', {
  sweepId: z.string(),
  appends: bounded(append, MAX_RUNS * 10),
  runs: bounded(runUpdate, MAX_RUNS),
  best: index,
  finished: z.boolean(),
  cancelled: z.boolean(),
});
/** Automation (tests, commands): sort the table or regroup the curves as a click would. */
const viewRequest = message('view', { view: partialView });

export const TO_SWEEP_WEBVIEW = messageUnion([show, update, viewRequest]);

/** What the page drew: traces on the plot, runs with at least one point, the table's row order. */
const rendered = message('sweep-rendered', {
  sweepId: z.string(),
  traces: num,
  curves: num,
  rows: num,
  points: described(num, 'Training-loss values received over all runs (grows while the sweep streams).'),
  valCurves: z.optional(described(num, 'Runs with a validation curve drawn.')),
  valPoints: z.optional(described(num, 'Validation values over all runs.')),
  dashedTraces: z.optional(described(num, 'Traces drawn dashed (validation).')),
  order: bounded(index, MAX_RUNS),
  table: described(bounded(bounded(z.string(), 20), MAX_RUNS), "The table's cell texts, row by row as shown (what a reader sees, for tests and automation)."),
  best: index,
  finished: z.boolean(),
  view: fullView,
  theme: z.string(),
});
/** The run's cancel button in the table was pressed. */
const cancelRun = message('cancel-run', {
  sweepId: z.string(),
  index: z.int({ error: 'expected a run index' }).check(z.minimum(0, 'expected a run index'), z.maximum(MAX_RUNS - 1, 'expected a run index')),
});

export const SWEEP_TO_HOST = messageUnion([READY, PAGE_PROBLEM, rendered, cancelRun]);

export const SWEEP_PANEL_STATE = z.object({
  v: z.literal(1),
  kind: z.literal('sweep', { error: 'expected "sweep"' }),
  sweep: snapshot,
  /** A restored state without a view object opens with the default one. */
  view: z._default(z.pipe(z.pipe(described(z.unknown(), 'The view object; anything else opens with the default view.').check(z.meta({ type: 'object' })), z.transform((v) => (isRecord(v) ? v : {}))), fullView), () => ({ ...DEFAULT_VIEW })),
});

export type RunSummary = z.output<typeof runSummary>;
export type SweepRun = z.output<typeof run>;
export type SweepSnapshot = z.output<typeof snapshot>;
export type SweepView = z.output<typeof fullView>;
export type SweepShowMessage = z.output<typeof show>;
export type SweepAppend = z.output<typeof append>;
export type SweepUpdateMessage = z.output<typeof update>;
export type SweepViewMessage = z.output<typeof viewRequest>;
export type ToSweepWebview = z.output<typeof TO_SWEEP_WEBVIEW>;
export type SweepRenderedMessage = z.output<typeof rendered>;
export type SweepCancelRunMessage = z.output<typeof cancelRun>;
export type SweepToHost = z.output<typeof SWEEP_TO_HOST>;
export type SweepPanelState = z.output<typeof SWEEP_PANEL_STATE>;

export function parseToSweepWebview(v: unknown): ToSweepWebview {
  return parseMessage(TO_SWEEP_WEBVIEW, v);
}

export function parseSweepToHost(v: unknown): SweepToHost {
  return parseMessage(SWEEP_TO_HOST, v);
}

export function parseSweepPanelState(v: unknown): SweepPanelState {
  return parseMessage(SWEEP_PANEL_STATE, v);
}

/** NaN/±inf as null: webview state is stored as JSON. */
export function jsonSafe(xs: readonly number[]): (number | null)[] {
  return xs.map((x) => (Number.isFinite(x) ? x : null));
}
