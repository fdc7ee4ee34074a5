/** The report of a "Check loss" run: the runner's checks and curve with the catalog matches the
 *  engine computes on the same batches. The JSON of `losslab check-loss --json`. */
import { matchCatalog, type CatalogMatch } from '../engine/checkLoss/match';
import type { Check, CheckFramework, CheckTask, ResultLine, RunnerCurve } from '../protocol/checkLoss';

export interface CheckLossReport {
  loss: string;
  framework: CheckFramework;
  task: CheckTask;
  task_reason: string;
  python: string;
  checks: Check[];
  matches: CatalogMatch[];
  curve: RunnerCurve;
}

export function checkLossReport(result: ResultLine): CheckLossReport {
  const matches = matchCatalog(result.task, result.samples, result.curve);
  return {
    loss: result.loss, framework: result.framework, task: result.task, task_reason: result.task_reason, python: result.python,
    checks: result.checks, matches, curve: result.curve,
  };
}

const MARK: Record<Check['status'], string> = { pass: '✓', warn: '!', fail: '✗' };

/** One line for the hover: failures first, then the best match. */
export function reportSummary(r: CheckLossReport): string {
  const count = (s: Check['status']) => r.checks.filter((c) => c.status === s).length;
  const failed = r.checks.filter((c) => c.status === 'fail').map((c) => c.id);
  const match = r.matches[0];
  return [
    `${count('pass')} passed, ${count('warn')} warnings, ${count('fail')} failed${failed.length ? ` (${failed.join(', ')})` : ''}`,
    match ? match.detail : 'no catalog loss of this task comes close',
  ].join(' · ');
}

/** The report as text lines (the CLI without --json, the panel's notes). */
export function reportLines(r: CheckLossReport): string[] {
  return [
    `${r.loss} (${r.framework}, ${r.task}: ${r.task_reason})`,
    ...r.checks.map((c) => `${MARK[c.status]} ${c.id}: ${c.detail}`),
    ...r.matches.map((m) => m.detail),
  ];
}
