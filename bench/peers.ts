/** What every bench shares: the PyTorch peer (Debian's python3-torch, installed on demand) and
 *  the median of repeated timings. */
import { spawnSync } from 'node:child_process';

/** Debian's python, the one python3-torch installs into. */
export const PYTHON = '/usr/bin/python3';

/** The command-line value after `name` (`--reps 3`), or undefined when the flag is absent. */
export function flagValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function hasTorch(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** Installs Debian's python3-torch when missing; returns why it cannot, or null when torch imports. */
export function ensureTorch(): string | null {
  if (hasTorch()) return null;
  if (process.getuid?.() !== 0) {
    return `PyTorch is not importable by ${PYTHON}. Install it as root: apt-get install -y python3-torch, then rerun the bench.`;
  }
  console.error('installing python3-torch with apt-get (one-time, ~1 GB)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', 'python3-torch'], { stdio: 'inherit', env }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (!install()) return 'apt-get install python3-torch failed (see the output above).';
  }
  return hasTorch() ? null : `python3-torch installed but ${PYTHON} still cannot import torch.`;
}
