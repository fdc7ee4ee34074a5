/** worker_threads entry (bundled to out/landscape-worker.js): answers landscape jobs. */
import { parentPort } from 'node:worker_threads';
import { parseLandscapeJob, type LandscapeReply } from '../protocol/landscape';
import { handleJob } from './landscapeJobs';

const port = parentPort;
if (!port) throw new Error('out/landscape-worker.js runs inside a worker thread');
port.on('message', (raw: unknown) => {
  let reply: LandscapeReply;
  try {
    reply = handleJob(parseLandscapeJob(raw));
  } catch (e) {
    const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : -1;
    reply = { v: 1, type: 'error', id, problem: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
