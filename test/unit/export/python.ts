/** Running exported scripts in a real Python: Debian's /usr/bin/python3, where python3-torch and
 *  python3-optuna install (the python3 on PATH may lack them). */
import { spawn, spawnSync } from 'node:child_process';
import type { SweepReport } from '../../../src/engine/train/report';
import { sweepReport } from '../../../src/engine/train/report';
import { executeRun } from '../../../src/engine/train/sweep';
import { loadSweep } from '../../../src/cli/sweep';

export const PYTHON = '/usr/bin/python3';

/** Throws with the command to run when a module the test needs is missing. */
export function requirePython(...modules: string[]): void {
  const r = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${PYTHON} cannot import ${modules.join(', ')} (apt-get install ${modules.map((m) => `python3-${m}`).join(' ')}): ${r.stderr.trim().split('\n').pop()}`);
}

/** Runs a script; resolves with stdout, rejects with stderr on a non-zero exit. */
export function runPython(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMP_NUM_THREADS: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}:\n${err}`))));
  });
}

/** What `losslab sweep SPEC --json` prints, computed in this process (the pool runs the same
 *  executeRun on each job). */
export async function engineSweep(specFile: string): Promise<SweepReport> {
  const { jobs } = await loadSweep(specFile);
  return sweepReport(jobs, jobs.map((j) => executeRun(j)), 0);
}

export const relativeError = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
