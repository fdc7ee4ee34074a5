// The engine's side of the cross-check in test_model_landscape.py: trains the 2-16-16-1 tanh MLP of
// bench/landscape-mlp.json in float64 (a few steps), then prints as JSON its data, layer shapes and
// trained weights, two seeded Gaussian directions raw and filter-normalised, and the engine's 2-D
// landscape on them, for the Python helper to recompute with torch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filterNormalize, gaussianDirection } from '../../src/engine/landscape/directions';
import { trainRecording } from '../../src/engine/landscape/record';
import { slice2d } from '../../src/engine/landscape/slices';
import { linspace } from '../../src/engine/landscape/vector';
import { parseSpec } from '../../src/engine/train/spec';
import { specDataset, sweepJobs } from '../../src/engine/train/sweep';

const raw = JSON.parse(readFileSync(join(__dirname, '..', '..', 'bench', 'landscape-mlp.json'), 'utf8')) as Record<string, unknown>;
const spec = parseSpec({ ...raw, steps: 60, model: { ...(raw.model as object), dtype: 'float64' }, dataset: { name: 'moons', n: 200, noise: 0.15, seed: 1 } });
const job = sweepJobs(spec, specDataset(spec))[0]!;
const run = trainRecording(job, 4);
const { objective, final } = run;
const raw1 = gaussianDirection(objective.size, 11);
const raw2 = gaussianDirection(objective.size, 12);
const d1 = filterNormalize(raw1, final, objective.layers);
const d2 = filterNormalize(raw2, final, objective.layers);
const xs = linspace(-1, 1, 11);
const ys = linspace(-0.5, 0.5, 7);
process.stdout.write(JSON.stringify({
  n: job.train.n, features: job.train.features, x: [...job.train.x], y: [...job.train.y],
  layers: objective.layers.map((l) => ({ offset: l.offset, shape: [...l.shape], isBias: l.isBias })),
  params: [...final], raw1: [...raw1], raw2: [...raw2], d1: [...d1], d2: [...d2], xs, ys,
  z: slice2d(objective, final, d1, d2, xs, ys),
}));
