/** What a landscape worker does with each job: rebuild the run's model and data (cached per run),
 *  then train / slice / probe it with the pure landscape engine. Split from the thread entry so
 *  tests can call it directly. */
import { interpolate, slice2d } from '../engine/landscape/slices';
import { pcaPlane, randomPlane } from '../engine/landscape/plane';
import { trainRecording, type RecordedRun } from '../engine/landscape/record';
import { sharpness } from '../engine/landscape/sharpness';
import type { Objective } from '../engine/train/objective';
import { createObjective } from '../engine/train/objective';
import { parseSpec } from '../engine/train/spec';
import { runSettings, specDataset, sweepJobs, type RunJob } from '../engine/train/sweep';
import type { LandscapeJob, LandscapeReply, RunSource } from '../protocol/landscape';

interface RunState {
  job: RunJob;
  /** The model in its dtype, as trained: the grid, the interpolation and the path. */
  objective: Objective;
  /** The model in float64 for the Hessian estimates, which difference gradients (made on demand). */
  curvature?: Objective;
  recorded?: RecordedRun;
}

const cache = new Map<string, RunState>();

function runState(source: RunSource): RunState {
  const key = JSON.stringify([source.spec, source.run, source.csvText?.length ?? -1]);
  let state = cache.get(key);
  if (!state) {
    const spec = parseSpec(source.spec);
    const jobs = sweepJobs(spec, specDataset(spec, source.csvText));
    const job = jobs[source.run];
    if (!job) throw new RangeError(`the spec has ${jobs.length} runs, there is no run ${source.run}`);
    state = { job, objective: createObjective(runSettings(job.config, job.common), job.train) };
    // A worker serves one landscape at a time; keep the memory of at most a few runs.
    if (cache.size >= 4) cache.delete(cache.keys().next().value!);
    cache.set(key, state);
  }
  return state;
}

function float64Objective(job: RunJob): Objective {
  const settings = runSettings(job.config, job.common);
  return createObjective({ ...settings, model: { ...settings.model, dtype: 'float64' } }, job.train);
}

export function handleJob(job: LandscapeJob): LandscapeReply {
  const started = performance.now();
  const ms = (): number => performance.now() - started;
  try {
    const state = runState(job.source);
    switch (job.type) {
      case 'prepare': {
        const recorded = (state.recorded = trainRecording(state.job, job.checkpoints));
        const plane = job.directions === 'pca' ? pcaPlane(recorded.path, recorded.final, job.grid) : randomPlane(state.objective, recorded.final, job.grid, job.seed);
        // k/(grid−1) for k from −q to grid−1+q: exactly 0 and 1 at the two solutions, a quarter beyond.
        const q = Math.round((job.grid - 1) / 4);
        const alpha = Array.from({ length: job.grid + 2 * q }, (_, i) => (i - q) / (job.grid - 1));
        const reply: LandscapeReply = {
          v: 1, type: 'prepared', id: job.id, ms: 0,
          plane: { kind: plane.kind, center: plane.center, d1: plane.d1, d2: plane.d2, xs: plane.xs, ys: plane.ys },
          interpolation: { alpha, loss: interpolate(state.objective, recorded.initial, recorded.final, alpha) },
          trainLoss: recorded.loss,
        };
        if (plane.trajectory) {
          reply.trajectory = { ...plane.trajectory, z: recorded.path.map((p) => state.objective.loss(p)) };
        }
        reply.ms = ms();
        return reply;
      }
      case 'rows':
        return { v: 1, type: 'rows', id: job.id, from: job.rows[0], z: slice2d(state.objective, job.center, job.d1, job.d2, job.xs, job.ys, job.rows), ms: ms() };
      case 'sharpness':
        return {
          v: 1, type: 'sharpness', id: job.id,
          sharpness: sharpness(state.curvature ??= float64Objective(state.job), job.center, { seed: job.seed, maxIterations: job.maxIterations, traceSamples: job.traceSamples }),
          ms: ms(),
        };
    }
  } catch (e) {
    return { v: 1, type: 'error', id: job.id, problem: e instanceof Error ? e.message : String(e) };
  }
}
