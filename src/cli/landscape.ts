/** `losslab landscape SPEC.json [--grid 51] [--json]`: trains the spec's first run (recording its
 *  path), then computes the 2-D loss landscape around the trained parameters on 2 worker threads,
 *  the optimiser's path projected on it and the sharpness (top Hessian eigenvalue, trace). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SweepArgsError, loadSpecData } from './sweep';
import { LandscapePool } from '../worker/landscapePool';
import { MAX_POOL_SIZE } from '../worker/pool';
import { computeLandscape } from '../worker/landscapeRun';

export const LANDSCAPE_USAGE = '  landscape SPEC [--grid 51] [--json] [--directions pca|random] [--workers 2] [--run 0]\n                     train the spec\'s first run and print its loss landscape and sharpness';

export class LandscapeArgsError extends Error {}

interface Args {
  file: string;
  grid: number;
  json: boolean;
  directions: 'pca' | 'random';
  workers: number;
  run: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { file: '', grid: 51, json: false, directions: 'pca', workers: 2, run: 0 };
  const intArg = (name: string, v: string | undefined, min: number, max: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new LandscapeArgsError(`${name} needs an integer from ${min} to ${max}, got ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') args.json = true;
    else if (a === '--grid') args.grid = intArg('--grid', argv[++i], 3, 401);
    else if (a === '--workers') args.workers = intArg('--workers', argv[++i], 1, MAX_POOL_SIZE);
    else if (a === '--run') args.run = intArg('--run', argv[++i], 0, 1_000_000);
    else if (a === '--directions') {
      const d = argv[++i];
      if (d !== 'pca' && d !== 'random') throw new LandscapeArgsError(`--directions is pca or random, got ${d ?? 'nothing'}`);
      args.directions = d;
    } else if (a.startsWith('--')) throw new LandscapeArgsError(`unknown option ${a}`);
    else if (!args.file) args.file = a;
    else throw new LandscapeArgsError(`unexpected argument ${a}`);
  }
  if (!args.file) throw new LandscapeArgsError('landscape needs a SPEC file');
  return args;
}

function workerScript(): string {
  const candidates = [join(__dirname, 'landscape-worker.js'), join(__dirname, '..', '..', 'out', 'landscape-worker.js')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new LandscapeArgsError('landscape-worker.js is missing next to the CLI: run `npm run build`');
  return found;
}

/** Resolves with the exit code; usage and spec problems are LandscapeArgsError. */
export async function cmdLandscape(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const args = parseArgs(argv);
  let specJson: unknown;
  let csvText: string | undefined;
  try {
    const loaded = await loadSpecData(args.file);
    specJson = loaded.json;
    csvText = loaded.csvText;
  } catch (e) {
    if (e instanceof SweepArgsError) throw new LandscapeArgsError(e.message);
    throw e;
  }
  const pool = new LandscapePool(workerScript(), args.workers);
  const started = performance.now();
  try {
    const r = await computeLandscape(pool, { spec: specJson, run: args.run, ...(csvText !== undefined ? { csvText } : {}) }, { grid: args.grid, directions: args.directions });
    const elapsed = performance.now() - started;
    if (args.json) {
      out(JSON.stringify({
        x: r.x, y: r.y, z: r.z, directions: r.directions,
        trajectory: r.trajectory ?? null,
        interpolation: r.interpolation,
        sharpness: r.sharpness ?? null,
        timings: r.timings,
        elapsed_ms: Math.round(elapsed),
      }) + '\n');
      return 0;
    }
    let best = { v: Infinity, i: 0, j: 0 };
    r.z.forEach((row, j) => row.forEach((v, i) => {
      if (v < best.v) best = { v, i, j };
    }));
    const centre = r.z[Math.floor(r.y.length / 2)]![Math.floor(r.x.length / 2)]!;
    const s = r.sharpness;
    out([
      `landscape of run ${args.run} of ${args.file}: ${r.x.length}×${r.y.length} grid on ${r.directions === 'pca' ? 'the plane of the optimiser path (PCA)' : 'filter-normalised random directions'}`,
      `  loss at the trained parameters ${fmt(centre)}; lowest on the grid ${fmt(best.v)} at (${fmt(r.x[best.i]!)}, ${fmt(r.y[best.j]!)})`,
      r.trajectory ? `  path variance explained by the plane: ${(100 * (r.trajectory.explained[0] + r.trajectory.explained[1])).toFixed(1)} %` : '',
      s ? `  sharpness: top Hessian eigenvalue ${fmt(s.top_eigenvalue)}${s.converged ? '' : ' (not converged)'}, trace ≈ ${fmt(s.trace)} ± ${fmt(s.trace_standard_error)}` : '',
      `  time: train ${r.timings.train_ms.toFixed(0)} ms, grid ${r.timings.grid_ms.toFixed(0)} ms (${args.workers} workers), total ${elapsed.toFixed(0)} ms`,
      '  (--json prints x, y, z, trajectory and sharpness)',
    ].filter(Boolean).join('\n') + '\n');
    return 0;
  } finally {
    await pool.dispose();
  }
}

function fmt(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v);
}
