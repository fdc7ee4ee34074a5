/** worker_threads entry (bundled to out/worker.js): runs sweep jobs sent by a WorkerPool. */
import { parentPort, workerData } from 'node:worker_threads';
import { serve } from './serve';
import type { WorkerInit } from '../protocol/sweep';

if (!parentPort) throw new Error('out/worker.js runs inside a worker thread (started by the sweep pool)');
serve(parentPort, workerData as WorkerInit);
