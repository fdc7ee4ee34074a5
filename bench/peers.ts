/** The PyTorch peer every bench measures against: Debian's python3-torch, installed on demand. */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Debian's python, the one python3-torch installs into. */
export const PYTHON = '/usr/bin/python3';

/** CPU seconds this process has used (user + system, every thread): unlike the wall clock, what
 *  other processes on a loaded machine take does not count. The torch scripts report
 *  time.process_time(), the same measure of theirs. */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Allocates gradient arrays of these element counts and writes each once: what returning new
 *  gradients costs by itself on this machine (first writes to fresh pages), a floor under our
 *  time. (PyTorch's tensors up to 32 MB come back from glibc's heap once freed, without new pages.) */
export function newGradientMemory(sizes: readonly number[]): void {
  for (const n of sizes) new Float64Array(n).fill(1);
}

/** Wall and CPU seconds of one call. */
export function timedRun<T>(run: () => T): { seconds: number; cpuSeconds: number; result: T } {
  const cpu = cpuSeconds();
  const start = process.hrtime.bigint();
  const result = run();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: cpuSeconds() - cpu, result };
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

/** A PyTorch bench script (Debian's python, one thread) kept running, so that each repetition of
 *  ours is followed by one of PyTorch's: load from other processes then hits both sides alike.
 *  The script answers each request line with one JSON line, `{"seconds": s, ...}`. */
export class TorchProcess {
  private readonly lines: AsyncIterator<string>;

  private constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  }

  static async start(script: string): Promise<{ torch: TorchProcess; version: string }> {
    const proc = spawn(PYTHON, [script], { env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const torch = new TorchProcess(proc);
    const hello = await torch.next().catch((e: Error) => {
      throw new Error(`${e.message} ${stderr.trim().split('\n').slice(-2).join(' ')}`);
    });
    return { torch, version: `${String(hello['torch'])} (${String(hello['threads'])} thread)` };
  }

  private async next(): Promise<Record<string, unknown>> {
    const { value, done } = await this.lines.next();
    if (done) throw new Error('the torch bench script exited');
    return JSON.parse(value) as Record<string, unknown>;
  }

  /** Sends one request line; the answer, which must hold the seconds of one timed run. */
  async ask(request: string): Promise<Record<string, unknown> & { seconds: number }> {
    this.proc.stdin.write(request + '\n');
    const answer = await this.next();
    if (typeof answer['seconds'] !== 'number') throw new Error(String(answer['error'] ?? 'no time'));
    return answer as Record<string, unknown> & { seconds: number };
  }

  async time(request: string): Promise<number> {
    return (await this.ask(request)).seconds;
  }

  close(): void {
    this.proc.stdin.end('quit\n');
  }
}
