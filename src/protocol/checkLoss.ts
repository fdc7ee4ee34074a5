/** Messages from the "Check loss" runner (python/losslab_check.py, a child process of the user's
 *  Python) to the extension or the CLI: JSON lines, version 1, each validated on receipt. The
 *  runner writes "progress" lines, then one "result" or one "error". */
import { LOSS_TASKS, type LossTask, type Nested } from '../engine/checkLoss/tasks';
import { ValidationError, array, isRecord, num, oneOf, optStr, record, seriesValue, str } from './validate';

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

export interface Check {
  id: CheckId;
  status: CheckStatus;
  detail: string;
}

/** One batch the user's function was called on, and what it returned. */
export interface Sample {
  input: Nested;
  target: Nested;
  value: Nested;
}

/** The loss and its gradient against one prediction, the target held fixed. */
export interface RunnerCurve {
  axis: 'prediction' | 'probability' | 'logit margin';
  target: number;
  x: number[];
  loss: number[];
  gradient: number[];
  gradient_source: 'autograd' | 'finite differences';
}

export interface ProgressLine { v: 1; type: 'progress'; message: string }
export interface ResultLine {
  v: 1;
  type: 'result';
  loss: string;
  framework: CheckFramework;
  task: CheckTask;
  task_reason: string;
  parameters: string[];
  python: string;
  checks: Check[];
  samples: Sample[];
  curve: RunnerCurve;
}
export interface ErrorLine { v: 1; type: 'error'; kind: RunnerErrorKind; message: string; traceback?: string }
export type RunnerLine = ProgressLine | ResultLine | ErrorLine;

const MAX_POINTS = 10_000;

function nested(v: unknown, path: string, depth = 0): Nested {
  if (Array.isArray(v)) {
    if (depth >= 3) throw new ValidationError(path, 'nested deeper than 3 levels');
    return array(v, path, (x, p) => nested(x, p, depth + 1), MAX_POINTS);
  }
  return seriesValue(v, path);
}

function check(v: unknown, path: string): Check {
  const o = record(v, path);
  return { id: oneOf(o.id, CHECK_IDS, `${path}.id`), status: oneOf(o.status, CHECK_STATUSES, `${path}.status`), detail: str(o.detail, `${path}.detail`).slice(0, 500) };
}

function sample(v: unknown, path: string): Sample {
  const o = record(v, path);
  return { input: nested(o.input, `${path}.input`), target: nested(o.target, `${path}.target`), value: nested(o.value, `${path}.value`) };
}

function curve(v: unknown): RunnerCurve {
  const o = record(v, 'curve');
  const x = array(o.x, 'curve.x', num, MAX_POINTS);
  const loss = array(o.loss, 'curve.loss', seriesValue, MAX_POINTS);
  const gradient = array(o.gradient, 'curve.gradient', seriesValue, MAX_POINTS);
  if (loss.length !== x.length || gradient.length !== x.length) throw new ValidationError('curve', 'x, loss and gradient differ in length');
  return {
    axis: oneOf(o.axis, ['prediction', 'probability', 'logit margin'], 'curve.axis'),
    target: num(o.target, 'curve.target'),
    x, loss, gradient,
    gradient_source: oneOf(o.gradient_source, ['autograd', 'finite differences'], 'curve.gradient_source'),
  };
}

/** Parses one line of the runner's stdout; throws ValidationError on anything malformed. */
export function parseRunnerLine(line: string): RunnerLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new ValidationError('(line)', `not JSON: ${line.slice(0, 80)}`);
  }
  if (!isRecord(raw)) throw new ValidationError('(line)', 'expected an object');
  if (raw.v !== CHECK_PROTOCOL_VERSION) throw new ValidationError('v', `expected runner protocol version ${CHECK_PROTOCOL_VERSION}`);
  const type = oneOf(raw.type, ['progress', 'result', 'error'], 'type');
  switch (type) {
    case 'progress':
      return { v: 1, type, message: str(raw.message, 'message').slice(0, 200) };
    case 'error': {
      const m: ErrorLine = { v: 1, type, kind: oneOf(raw.kind, RUNNER_ERROR_KINDS, 'kind'), message: str(raw.message, 'message') };
      const tb = optStr(raw.traceback, 'traceback');
      if (tb !== undefined) m.traceback = tb;
      return m;
    }
    case 'result': {
      const checks = array(raw.checks, 'checks', check, CHECK_IDS.length);
      const missing = CHECK_IDS.filter((id) => !checks.some((c) => c.id === id));
      if (missing.length > 0) throw new ValidationError('checks', `missing ${missing.join(', ')}`);
      return {
        v: 1, type,
        loss: str(raw.loss, 'loss'),
        framework: oneOf(raw.framework, CHECK_FRAMEWORKS, 'framework'),
        task: oneOf(raw.task, LOSS_TASKS, 'task'),
        task_reason: str(raw.task_reason, 'task_reason'),
        parameters: array(raw.parameters, 'parameters', str, 100),
        python: str(raw.python, 'python'),
        checks,
        samples: array(raw.samples, 'samples', sample, 20),
        curve: curve(raw.curve),
      };
    }
  }
}
