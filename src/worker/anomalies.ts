/** worker_threads entry (bundled to out/anomaly-worker.js): finds the anomalies of long, growing
 *  series off the extension host's thread, one live detector per series key. */
import { LiveDetectors } from '../engine/curves/live';
import { parseAnomalyJob, type AnomalyJob, type AnomalyReply } from '../protocol/anomalies';
import { serveRequests } from './requests';

const detectors = new LiveDetectors();

function handle(job: AnomalyJob): AnomalyReply {
  if (job.type === 'forget') {
    detectors.forget(job.keys);
    return { v: 1, type: 'forgotten', id: job.id };
  }
  return { v: 1, type: 'anomalies', id: job.id, found: detectors.update(job.key, job.split, job.value, job.step, job.restarts) };
}

serveRequests('out/anomaly-worker.js', parseAnomalyJob, handle);
