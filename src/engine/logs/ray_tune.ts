/** Ray Tune experiment folders: each trial folder holds `result.json` (one JSON object per
 *  reported result) and `params.json` (the trial's config). A trial is a run; every numeric field
 *  of its results is a series (nested dicts flattened with '/'), against the reported `step` when
 *  the trial reports one, else Ray's `training_iteration`; wall time from `timestamp`. */
import { parsePythonJson } from './pythonJson';
import { ScalarsBuilder } from './series';
import { LogFormatError, type LogFile, type LogReader, type RunFiles, type RunLog } from './types';
import { folderOf } from './paths';

/** Fields Ray adds to every result: bookkeeping, not curves. */
const BOOKKEEPING = new Set([
  'step', 'training_iteration', 'timestamp', 'time_this_iter_s', 'time_total_s', 'time_since_restore', 'iterations_since_restore',
  'timesteps_total', 'timesteps_since_restore', 'episodes_total', 'pid', 'done', 'config', 'trial_id', 'experiment_id', 'date',
  'hostname', 'node_ip', 'experiment_tag', 'should_checkpoint', 'checkpoint_dir_name', 'warmup_time',
]);

function numericFields(o: Record<string, unknown>, prefix: string, out: [string, number][]): void {
  for (const [k, v] of Object.entries(o)) {
    if (prefix === '' && BOOKKEEPING.has(k)) continue;
    if (typeof v === 'number') out.push([prefix + k, v]);
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) numericFields(v as Record<string, unknown>, `${prefix}${k}/`, out);
  }
}


/** One trial folder's run. */
export function readRayTrial(run: string, files: readonly LogFile[]): RunLog {
  const result = files.find((f) => f.path.endsWith('result.json'));
  if (!result) throw new LogFormatError(run, 'no result.json');
  return trialFrom(run, result, files.find((f) => f.path.endsWith('params.json')));
}

export const rayTuneReader: LogReader = {
  format: 'ray-tune',
  read: readRayTrial,
  claim(paths: readonly string[]): RunFiles[] {
    const all = new Set(paths);
    return paths
      .filter((p) => p === 'result.json' || p.endsWith('/result.json'))
      .map((p) => {
        const run = folderOf(p);
        const params = run === '.' ? 'params.json' : `${run}/params.json`;
        return { run, files: all.has(params) ? [p, params] : [p] };
      });
  },
};

function trialFrom(run: string, result: LogFile, paramsFile: LogFile | undefined): RunLog {
    const notes: string[] = [];
    const lines = new TextDecoder().decode(result.bytes).split('\n');
    // Ray stamps every result with its `timestamp`.
    const scalars = new ScalarsBuilder(true);
    let config: Record<string, unknown> | undefined;
    let parsed = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === '') continue;
      let r: Record<string, unknown>;
      try {
        const v = parsePythonJson(line);
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
        r = v as Record<string, unknown>;
      } catch {
        if (parsed === 0) throw new LogFormatError(result.path, `not a Ray Tune result.json (line ${i + 1} is not a JSON object)`);
        notes.push(`${result.path}: stopped at line ${i + 1} of ${lines.length}, which is not a whole result (a crash mid-write?)`);
        break;
      }
      parsed++;
      if (config === undefined && typeof r.config === 'object' && r.config !== null) config = r.config as Record<string, unknown>;
      const step = typeof r.step === 'number' ? r.step : typeof r.training_iteration === 'number' ? r.training_iteration : parsed - 1;
      const wall = typeof r.timestamp === 'number' ? r.timestamp : undefined;
      const fields: [string, number][] = [];
      numericFields(r, '', fields);
      for (const [tag, v] of fields) scalars.series(tag).push(step, v, wall);
    }
    let params = config;
    if (paramsFile) {
      try {
        params = parsePythonJson(new TextDecoder().decode(paramsFile.bytes)) as Record<string, unknown>;
      } catch {
        notes.push(`${paramsFile.path}: not valid JSON; the config comes from result.json`);
      }
    }
    return { run, format: 'ray-tune', scalars: scalars.build(), ...(params ? { params } : {}), notes };
}
