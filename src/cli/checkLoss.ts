/** `losslab check-loss FILE.py::NAME [--python PATH] [--task TASK] [--timeout S] [--json]`: runs the
 *  user's loss in their Python (python/losslab_check.py) and prints the checks and catalog matches.
 *  Exit 0 when it ran (whatever the checks say), 1 when it could not run (reason on stderr). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LOSS_TASKS, type LossTask } from '../engine/checkLoss/tasks';
import { CheckLossError, runCheckLoss } from '../runner/checkLoss';
import { checkLossReport, reportLines } from '../runner/checkLossReport';

export const CHECK_LOSS_USAGE = `  check-loss FILE.py::NAME [--python PATH] [--task ${LOSS_TASKS.join('|')}] [--timeout S] [--json]
                     run your own loss function in your Python: checks and catalog matches`;

export class CheckLossArgsError extends Error {}

/** python/losslab_check.py next to the bundle (out/../python) or the sources (src/cli/../../python). */
export function runnerScript(): string {
  const candidates = [join(__dirname, '..', 'python', 'losslab_check.py'), join(__dirname, '..', '..', 'python', 'losslab_check.py')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`the runner script is missing (looked for ${candidates.join(', ')})`);
  return found;
}

function parse(argv: string[]) {
  const spec = argv.find((a) => !a.startsWith('--') && a.includes('::'));
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new CheckLossArgsError(`${flag} needs a value`);
    return v;
  };
  if (!spec) throw new CheckLossArgsError(`check-loss needs FILE.py::NAME\n${CHECK_LOSS_USAGE}`);
  const at = spec.lastIndexOf('::');
  const file = resolve(spec.slice(0, at));
  const name = spec.slice(at + 2);
  if (!/^[A-Za-z_]\w*$/.test(name)) throw new CheckLossArgsError(`"${name}" is not a Python name`);
  if (!existsSync(file)) throw new CheckLossArgsError(`no such file: ${file}`);
  const task = value('--task');
  if (task !== undefined && !(LOSS_TASKS as readonly string[]).includes(task)) throw new CheckLossArgsError(`--task takes one of ${LOSS_TASKS.join(', ')}`);
  const timeout = Number(value('--timeout') ?? 20);
  if (!(timeout > 0)) throw new CheckLossArgsError('--timeout takes a number of seconds > 0');
  return { file, name, python: value('--python') ?? 'python3', task: task as LossTask | undefined, timeout, json: argv.includes('--json') };
}

export async function cmdCheckLoss(argv: string[]): Promise<number> {
  const a = parse(argv);
  try {
    const result = await runCheckLoss({
      python: a.python, runner: runnerScript(), file: a.file, name: a.name, ...(a.task ? { task: a.task } : {}), timeoutSeconds: a.timeout,
      onProgress: (m) => process.stderr.write(a.json ? '' : `${m}\n`),
    });
    const report = checkLossReport(result);
    process.stdout.write(a.json ? JSON.stringify(report) + '\n' : reportLines(report).join('\n') + '\n');
    return 0;
  } catch (e) {
    if (!(e instanceof CheckLossError)) throw e;
    process.stderr.write(`losslab: ${e.message}\n${e.traceback ?? ''}`);
    return 1;
  }
}
