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
 *  gradients costs by itself on this machine, a floor under our time (see memoryMode for whether
 *  the pages are fresh). */
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

/** glibc keeps freed memory of any size in the process instead of handing it back to the kernel:
 *  a new array then reuses pages already mapped instead of faulting in fresh ones. */
const KEEP_FREED_MEMORY = 'glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=17179869184';

/** How the bench's processes get memory, said in its header. On a VM, a first write to a fresh page
 *  can cost more than the arithmetic (about 15 µs a page on the Firecracker VM these benches were
 *  written on, 500 ms for two 64 MB arrays), and it falls on whichever side allocates more, so by
 *  default both sides run with freed memory kept in-process: the figures compare computation.
 *  `--fresh-memory` measures with the machine's own allocation behaviour instead. */
export function memoryMode(): string {
  return process.env['GLIBC_TUNABLES']?.includes(KEEP_FREED_MEMORY)
    ? 'both processes keep freed memory (GLIBC_TUNABLES): new arrays reuse mapped pages; --fresh-memory for fresh pages'
    : 'fresh pages for every large array (glibc default, --fresh-memory)';
}

/** Re-runs this bench with KEEP_FREED_MEMORY in its environment (inherited by the torch process)
 *  unless it already has it or `--fresh-memory` was given; returns the child's exit code, or null
 *  when this process is the one to measure. The tunables only take effect at process start. */
export function rerunKeepingFreedMemory(): number | null {
  if (process.argv.includes('--fresh-memory') || process.env['GLIBC_TUNABLES']?.includes(KEEP_FREED_MEMORY)) return null;
  const tunables = [process.env['GLIBC_TUNABLES'], KEEP_FREED_MEMORY].filter(Boolean).join(':');
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, GLIBC_TUNABLES: tunables } });
  return child.status ?? 1;
}
