/** worker_threads entry (bundled to out/anomaly-worker.js): finds the anomalies of long, growing
 *  series off the extension host's thread, one LiveDetector per series key. */
import { parentPort } from 'node:worker_threads';
import { LiveDetector } from '../engine/curves/live';
import { parseAnomalyJob, type AnomalyJob, type AnomalyReply } from '../protocol/anomalies';

const port = parentPort;
if (!port) throw new Error('out/anomaly-worker.js runs inside a worker thread');
const detectors = new Map<string, { detector: LiveDetector; length: number }>();

function handle(job: AnomalyJob): AnomalyReply {
  if (job.type === 'forget') {
    for (const key of job.keys) detectors.delete(key);
    return { v: 1, type: 'forgotten', id: job.id };
  }
  let live = detectors.get(job.key);
  // a series that shrank was rewritten (a run started over in the same folder): read it afresh
  if (!live || job.value.length < live.length) detectors.set(job.key, (live = { detector: new LiveDetector({ split: job.split }), length: 0 }));
  live.length = job.value.length;
  return { v: 1, type: 'anomalies', id: job.id, found: live.detector.update(job.value, job.step, job.restarts) };
}

port.on('message', (raw: unknown) => {
  let reply: AnomalyReply;
  try {
    reply = handle(parseAnomalyJob(raw));
  } catch (e) {
    const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : -1;
    reply = { v: 1, type: 'error', id, problem: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
