/** Thread entry of bench/scaling.ts: runs its share of the sweep's runs with executeRun (no pool,
 *  no messages while running), or, for the control, only the float32 network's forward and
 *  backward passes; replies with the milliseconds of each unit of work. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSweep } from '../src/cli/sweep';
import { executeRun } from '../src/engine/train/sweep';
import { Float32Network } from '../src/engine/train/network32';
import { Random } from '../src/engine/train/random';

const { specFile, index, threads, mode } = workerData as { specFile: string; index: number; threads: number; mode: 'runs' | 'network' };
const jobs = loadSweep(specFile).jobs.filter((_, i) => i % threads === index);
const ms: number[] = [];
if (mode === 'runs') {
  for (const job of jobs) {
    const started = performance.now();
    executeRun(job);
    ms.push(performance.now() - started);
  }
} else {
  // The same number of forward + backward passes, without the loss, optimiser or allocation.
  const { train } = jobs[0]!;
  const net = new Float32Network({ inputs: train.features, hidden: [16, 16], outputs: 1, activation: 'tanh' });
  const params = net.initialise(new Random(1));
  const dOut = new Float64Array(train.n).fill(1e-3);
  const grad = new Float64Array(net.size);
  for (const job of jobs) {
    const started = performance.now();
    for (let s = 0; s < job.common.steps; s++) {
      net.forward(params, train.x, train.n);
      net.backward(params, train.x, train.n, dOut, grad);
    }
    ms.push(performance.now() - started);
  }
}
parentPort!.postMessage(ms);
