/** Runs python/losslab_check.py in the user's Python as a child process (never in the extension
 *  host), reads its validated JSON lines, and stops it (the whole process group) on timeout or
 *  cancel. Node only, no vscode: the extension and the CLI both use it. */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { LossTask } from '../engine/checkLoss/tasks';
import { parseRunnerLine, type ResultLine, type RunnerErrorKind } from '../protocol/checkLoss';

export type CheckLossFailure = RunnerErrorKind | 'interpreter-missing' | 'timeout' | 'cancelled' | 'crashed' | 'protocol';

export class CheckLossError extends Error {
  constructor(
    readonly kind: CheckLossFailure,
    message: string,
    readonly traceback?: string,
  ) {
    super(message);
    this.name = 'CheckLossError';
  }
}

export interface CheckLossRun {
  python: string;
  /** Path of losslab_check.py. */
  runner: string;
  file: string;
  name: string;
  task?: LossTask;
  /** More folders for the module's own imports (the notebook's folder for a cell). */
  sysPath?: readonly string[];
  timeoutSeconds: number;
  signal?: AbortSignal;
  onProgress?(message: string): void;
}

const STDERR_TAIL = 4000;

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // The runner leads its own process group (detached), so this also ends anything it started.
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function runCheckLoss(run: CheckLossRun): Promise<ResultLine> {
  return new Promise((resolve, reject) => {
    const args = [run.runner, '--file', run.file, '--name', run.name, ...(run.task ? ['--task', run.task] : []), ...(run.sysPath ?? []).flatMap((p) => ['--sys-path', p])];
    const child = spawn(run.python, args, {
      cwd: dirname(run.file),
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    let settled = false;
    let stderr = '';
    const finish = (outcome: { result: ResultLine } | { error: CheckLossError }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      killTree(child.pid);
      if ('result' in outcome) resolve(outcome.result);
      else reject(outcome.error);
    };
    const timer = setTimeout(() => finish({ error: new CheckLossError('timeout', `${run.name} did not finish within ${run.timeoutSeconds} s and was stopped (setting losslab.checkLoss.timeoutSeconds)`) }), run.timeoutSeconds * 1000);
    const onAbort = () => finish({ error: new CheckLossError('cancelled', `checking ${run.name} was cancelled`) });
    if (run.signal?.aborted) onAbort();
    run.signal?.addEventListener('abort', onAbort);

    child.on('error', (e: NodeJS.ErrnoException) => {
      const message = e.code === 'ENOENT'
        ? `no Python interpreter at "${run.python}": choose one with the Python extension, the losslab.python.interpreter setting or --python`
        : `could not start ${run.python}: ${e.message}`;
      finish({ error: new CheckLossError('interpreter-missing', message) });
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-STDERR_TAIL);
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (settled || line.trim() === '') return;
      let m;
      try {
        m = parseRunnerLine(line);
      } catch (e) {
        finish({ error: new CheckLossError('protocol', `the runner sent a malformed message: ${(e as Error).message}`) });
        return;
      }
      if (m.type === 'progress') run.onProgress?.(m.message);
      else if (m.type === 'result') finish({ result: m });
      else finish({ error: new CheckLossError(m.kind, m.message, m.traceback) });
    });
    child.on('close', (code, signal) => {
      // Let readline deliver the last lines before deciding that no result came.
      setImmediate(() => {
        const tail = stderr.trim().split('\n').slice(-8).join('\n');
        finish({ error: new CheckLossError('crashed', `${run.python} exited (${signal ?? `code ${code}`}) without a result${tail ? `:\n${tail}` : ''}`) });
      });
    });
  });
}
