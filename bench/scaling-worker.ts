/** Thread entry of bench/scaling.ts: runs its share of the sweep's runs with executeRun (no pool,
 *  no messages while running), or, for the controls, only the float32 network's forward and
 *  backward passes, or plain arithmetic; replies with the milliseconds of each unit of work. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSweep } from '../src/cli/sweep';
import { executeRun } from '../src/engine/train/sweep';
import { Float32Network } from '../src/engine/train/network32';
import { Random } from '../src/engine/train/random';

const { specFile, index, threads, mode } = workerData as { specFile: string; index: number; threads: number; mode: 'runs' | 'network' | 'arithmetic' };
async function main(): Promise<void> {
  const jobs = (await loadSweep(specFile)).jobs.filter((_, i) => i % threads === index);
  const ms: number[] = [];
  if (mode === 'runs') {
    for (const job of jobs) {
      const started = performance.now();
      executeRun(job);
      ms.push(performance.now() - started);
    }
  } else if (mode === 'arithmetic') {
    // A fixed amount of Math.log per run, on an array that stays in L1: no shared memory traffic.
    const a = Float64Array.from({ length: 800 }, (_, i) => 1 + i);
    let sink = 0;
    for (let r = 0; r < jobs.length; r++) {
      const started = performance.now();
      for (let k = 0; k < 4000; k++) for (let i = 0; i < a.length; i++) sink += Math.log(a[i]! + k);
      ms.push(performance.now() - started);
    }
    if (sink === 0) ms.push(0); // keeps the loop's result alive
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
}

void main();
