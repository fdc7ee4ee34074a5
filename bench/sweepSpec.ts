/** The sweep spec on a 1000-point moons CSV, written to a temporary folder, and the worker
 *  bundles: what bench/sweep.ts and bench/scaling.ts run. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { generate } from '../src/engine/data/synthetic';

/** 4 losses × Adam at 3 lrs × 2 seeds, 2-16-16-1 tanh MLP, 300 steps, no held-out rows (so every
 *  side trains on the same data). */
export function benchSpec(batch: number | null, dtype: string) {
  return {
    task: 'binary',
    dataset: { csv: 'moons-1000.csv', features: ['x1', 'x2'], target: 'y' },
    model: { hidden: [16, 16], activation: 'tanh', init: 'xavier', dtype },
    losses: ['binary_cross_entropy_with_logits', 'mse_loss', 'sigmoid_focal_loss', 'soft_margin_loss'],
    optimizers: [{ name: 'adam', lr: [0.003, 0.01, 0.03] }],
    steps: 300,
    batch_size: batch,
    seeds: [0, 1],
    val_fraction: 0,
  };
}

/** Writes the CSV and the spec into a new temporary folder; returns both paths and the folder. */
export function writeBenchSpec(spec: object): { dir: string; specFile: string; csvFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-sweep-bench-'));
  const moons = generate('binary', 'moons', { n: 1000, noise: 0.2, seed: 0 })!;
  const csv = ['x1,x2,y', ...Array.from({ length: moons.n }, (_, i) => `${moons.x[2 * i]},${moons.x[2 * i + 1]},${moons.y[i]}`)].join('\n') + '\n';
  const csvFile = join(dir, 'moons-1000.csv');
  writeFileSync(csvFile, csv);
  const specFile = join(dir, 'bench.losslab.json');
  writeFileSync(specFile, JSON.stringify(spec, null, 1));
  return { dir, specFile, csvFile };
}

/** Bundles a worker entry (a path from the repository root) for Node into `outfile`. */
export async function bundleWorker(entry: string, outfile: string): Promise<string> {
  await esbuild.build({ entryPoints: [join(__dirname, '..', entry)], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  return outfile;
}
