/** worker_threads entry (bundled to out/anomaly-worker.js): finds the anomalies of long, growing
 *  series off the extension host's thread, one live detector per series key. Each job brings only
 *  the points appended since the last one for its key; the series so far are kept here. */
import { LiveDetectors } from '../engine/curves/live';
import { parseAnomalyJob, type AnomalyJob, type AnomalyReply } from '../protocol/anomalies';
import { serveRequests } from './requests';

/** A series that grows at its end, in arrays doubled as needed. */
class HeldSeries {
  length = 0;
  private value = new Float64Array(1024);
  private step = new Float64Array(1024);

  append(value: Float64Array, step: Float64Array): void {
    const n = this.length + value.length;
    if (n > this.value.length) {
      const grown = (a: Float64Array) => {
        const b = new Float64Array(Math.max(n, 2 * a.length));
        b.set(a.subarray(0, this.length));
        return b;
      };
      this.value = grown(this.value);
      this.step = grown(this.step);
    }
    this.value.set(value, this.length);
    this.step.set(step, this.length);
    this.length = n;
  }

  values(): Float64Array {
    return this.value.subarray(0, this.length);
  }

  steps(): Float64Array {
    return this.step.subarray(0, this.length);
  }
}

const detectors = new LiveDetectors();
const held = new Map<string, HeldSeries>();

function handle(job: AnomalyJob): AnomalyReply {
  if (job.type === 'forget') {
    detectors.forget(job.keys);
    for (const key of job.keys) held.delete(key);
    return { v: 1, type: 'forgotten', id: job.id };
  }
  let series = held.get(job.key);
  if (job.from === 0) {
    // the series afresh (the first job for the key, a rewritten run, or a resend)
    detectors.forget([job.key]);
    held.set(job.key, (series = new HeldSeries()));
  } else if (series?.length !== job.from) return { v: 1, type: 'stale', id: job.id };
  series.append(job.value, job.step);
  return { v: 1, type: 'anomalies', id: job.id, found: detectors.update(job.key, job.split, series.values(), series.steps(), job.restarts) };
}

serveRequests('out/anomaly-worker.js', parseAnomalyJob, handle);
