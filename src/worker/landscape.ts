/** worker_threads entry (bundled to out/landscape-worker.js): answers landscape jobs. */
import { parseLandscapeJob } from '../protocol/landscape';
import { handleJob } from './landscapeJobs';
import { serveRequests } from './requests';

serveRequests('out/landscape-worker.js', parseLandscapeJob, handleJob);
