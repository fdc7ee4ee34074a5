/** Training a run while keeping checkpoints of its parameters, for trajectories and the
 *  init → trained interpolation. */
import { createObjective, type Objective } from '../train/objective';
import type { LandscapeObjective } from './objective';
import { runSettings, type RunJob } from '../train/sweep';
import { Trainer } from '../train/trainer';

export interface RecordedRun {
  objective: Objective;
  initial: Float64Array;
  final: Float64Array;
  /** Parameters at evenly spaced steps, first = initial, last = final. */
  path: Float64Array[];
  /** Training loss (mini-batch) per step. */
  loss: number[];
}

export function trainRecording(job: RunJob, checkpoints = 40): RecordedRun {
  const settings = runSettings(job.config, job.common);
  const trainer = new Trainer(settings, job.train, job.val);
  const initial = trainer.params.slice();
  const path = [initial];
  const steps = job.common.steps;
  const every = Math.max(1, Math.floor(steps / Math.max(1, checkpoints)));
  const loss: number[] = [];
  for (let t = 1; t <= steps; t++) {
    loss.push(trainer.step());
    if (t % every === 0 || t === steps) path.push(trainer.params.slice());
  }
  trainer.release();
  const final = path[path.length - 1]!;
  return { objective: createObjective(settings, job.train), initial, final, path, loss };
}

// The trainer's Objective is what the landscape code reads; this fails to compile if they drift.
const fits = (o: Objective): LandscapeObjective => o;
void fits;
