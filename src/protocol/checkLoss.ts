/** Messages from the "Check loss" runner (python/losslab_check.py, a child process of the user's
 *  Python) to the extension or the CLI: JSON lines, version 1, each declared once below (zod,
 *  src/protocol/schema.ts) and validated on receipt. The runner writes "progress" lines, then one
 *  "result" or one "error". */
import * as z from 'zod/mini';
import { LOSS_TASKS, type LossTask, type Nested } from '../engine/checkLoss/tasks';
import { ONCE_VALID, bounded, parseWith, seriesValue, messageUnion, type Fits } from './schema';
import { ValidationError } from './validate';

export const CHECK_PROTOCOL_VERSION = 1;
export const CHECK_IDS = ['finite-extremes', 'gradient', 'reduction', 'empty-batch', 'broadcast', 'zero-at-target', 'determinism'] as const;
export type CheckId = (typeof CHECK_IDS)[number];
export const CHECK_STATUSES = ['pass', 'warn', 'fail'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
export const CHECK_FRAMEWORKS = ['torch', 'numpy', 'jax'] as const;
export type CheckFramework = (typeof CHECK_FRAMEWORKS)[number];
export type CheckTask = LossTask;
export const RUNNER_ERROR_KINDS = ['framework-missing', 'import', 'not-found', 'call'] as const;
export type RunnerErrorKind = (typeof RUNNER_ERROR_KINDS)[number];

const MAX_POINTS = 10_000;
const version = z.literal(CHECK_PROTOCOL_VERSION, { error: `expected runner protocol version ${CHECK_PROTOCOL_VERSION}` });
/** Text shown to the user, cut to `max` characters. */
const text = (max: number) => z.pipe(z.string(), z.transform((s) => s.slice(0, max)));

/** Numbers as the runner nests them: a scalar, a vector, rows of a matrix (at most 3 levels). */
const level = <T extends z.ZodMiniType>(inner: T) =>
  z.union([seriesValue, bounded(inner, MAX_POINTS)], { error: 'expected a number, null, "nan", "inf", "-inf" or an array of them, nested at most 3 levels' });
const nested = level(level(level(seriesValue)));

const CHECK = z.object({ id: z.enum(CHECK_IDS), status: z.enum(CHECK_STATUSES), detail: text(500) });

/** One batch the user's function was called on, and what it returned. */
const SAMPLE = z.object({ input: nested, target: nested, value: nested });

/** The loss and its gradient against one prediction, the target held fixed. */
const CURVE = z
  .object({
    axis: z.enum(['prediction', 'probability', 'logit margin']),
    target: z.number(),
    x: bounded(z.number(), MAX_POINTS),
    loss: bounded(seriesValue, MAX_POINTS),
    gradient: bounded(seriesValue, MAX_POINTS),
    gradient_source: z.enum(['autograd', 'finite differences']),
  })
  .check(
    z.superRefine((c, ctx) => {
      if (c.loss.length !== c.x.length || c.gradient.length !== c.x.length) ctx.addIssue({ code: 'custom', path: [], message: 'x, loss and gradient differ in length', input: c });
    }, ONCE_VALID),
  );

const PROGRESS = z.object({ v: version, type: z.literal('progress'), message: text(200) });
const RESULT = z.object({
  v: version,
  type: z.literal('result'),
  loss: z.string(),
  framework: z.enum(CHECK_FRAMEWORKS),
  task: z.enum(LOSS_TASKS),
  task_reason: z.string(),
  parameters: bounded(z.string(), 100),
  python: z.string(),
  checks: bounded(CHECK, CHECK_IDS.length).check(
    z.superRefine((checks, ctx) => {
      const missing = CHECK_IDS.filter((id) => !checks.some((c) => c.id === id));
      if (missing.length > 0) ctx.addIssue({ code: 'custom', path: [], message: `missing ${missing.join(', ')}`, input: checks });
    }, ONCE_VALID),
  ),
  samples: bounded(SAMPLE, 20),
  curve: CURVE,
});
const ERROR = z.object({ v: version, type: z.literal('error'), kind: z.enum(RUNNER_ERROR_KINDS), message: z.string(), traceback: z.optional(z.string()) });
const LINE = messageUnion([PROGRESS, RESULT, ERROR]);

export type Check = z.output<typeof CHECK>;
export type Sample = z.output<typeof SAMPLE>;
export type RunnerCurve = z.output<typeof CURVE>;
export type ProgressLine = z.output<typeof PROGRESS>;
export type ResultLine = z.output<typeof RESULT>;
export type ErrorLine = z.output<typeof ERROR>;
export type RunnerLine = z.output<typeof LINE>;

const fits: [Fits<z.output<typeof nested>, Nested>, Fits<ResultLine['task'], LossTask>] = [true, true];
void fits;

/** Parses one line of the runner's stdout; throws ValidationError on anything malformed. */
export function parseRunnerLine(line: string): RunnerLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new ValidationError('(line)', `not JSON: ${line.slice(0, 80)}`);
  }
  return parseWith(LINE, raw, '(line)');
}
