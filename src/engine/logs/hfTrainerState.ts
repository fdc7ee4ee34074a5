/** Hugging Face Trainer's `trainer_state.json` (written at each save into the output folder and
 *  every `checkpoint-N/`): its `log_history` holds one object per log or evaluation, each with
 *  `step` (and `epoch`); every other numeric key (loss, eval_loss, learning_rate, grad_norm…) is a tag. */
import { parsePythonJson } from './pythonJson';
import { ScalarsBuilder, count } from './series';
import { LogFormatError, type LogFile, type LogReader, type RunFiles, type RunLog } from './types';
import { fileName, folderOf } from './paths';

const FILE = 'trainer_state.json';
const CHECKPOINT = /^checkpoint-(\d+)$/;


/** A folder with its own trainer_state.json is one run; a folder holding only checkpoints is one
 *  run read from its latest checkpoint (each checkpoint's history is a prefix of the next). */
function claim(paths: readonly string[]): RunFiles[] {
  const states = paths.filter((p) => fileName(p) === FILE);
  const isCheckpoint = (dir: string): boolean => CHECKPOINT.test(fileName(dir));
  const own = new Set(states.map(folderOf).filter((d) => !isCheckpoint(d)));
  const latest = new Map<string, { n: number; file: string }>();
  for (const file of states) {
    const dir = folderOf(file);
    if (!isCheckpoint(dir)) continue;
    const n = Number(CHECKPOINT.exec(fileName(dir))![1]);
    const parent = folderOf(dir);
    if ((latest.get(parent)?.n ?? -1) < n) latest.set(parent, { n, file });
  }
  const runs: RunFiles[] = [];
  for (const file of states) {
    const dir = folderOf(file);
    if (!isCheckpoint(dir)) runs.push({ run: dir, files: [file] });
    else if (!own.has(folderOf(dir)) && latest.get(folderOf(dir))?.file === file) runs.push({ run: folderOf(dir), files: [file] });
  }
  return runs;
}

export function readTrainerState(run: string, files: readonly LogFile[]): RunLog {
  const file = files[0];
  if (!file) throw new LogFormatError(run, 'no trainer_state.json given');
  const notes: string[] = [];
  const text = new TextDecoder().decode(file.bytes);
  if (text.trim() === '') throw new LogFormatError(file.path, 'empty file');
  let state: unknown;
  try {
    state = parsePythonJson(text);
  } catch (e) {
    throw new LogFormatError(file.path, `not JSON (${(e as Error).message}); the Trainer writes it whole at each save, so a cut file is a crash during a save`);
  }
  const history = typeof state === 'object' && state !== null ? (state as Record<string, unknown>).log_history : undefined;
  if (!Array.isArray(history)) throw new LogFormatError(file.path, 'no log_history array: not a Hugging Face trainer_state.json');
  const series = new ScalarsBuilder(false);
  let skipped = 0;
  for (const entry of history) {
    if (typeof entry !== 'object' || entry === null) {
      skipped++;
      continue;
    }
    const e = entry as Record<string, unknown>;
    if (typeof e.step !== 'number') {
      skipped++;
      continue;
    }
    for (const [key, v] of Object.entries(e)) {
      if (key === 'step' || typeof v !== 'number') continue;
      series.series(key).push(e.step, v);
    }
  }
  if (skipped > 0) notes.push(`${count(skipped)} log_history entr${skipped === 1 ? 'y' : 'ies'} without a numeric step skipped`);
  const params: Record<string, unknown> = {};
  const s = state as Record<string, unknown>;
  for (const key of ['train_batch_size', 'num_train_epochs', 'max_steps', 'logging_steps', 'eval_steps', 'save_steps', 'trial_params', 'best_metric']) {
    if (s[key] !== undefined && s[key] !== null) params[key] = s[key];
  }
  return { run, format: 'hf-trainer-state', scalars: series.build(), params, notes };
}

export const hfTrainerStateReader: LogReader = { format: 'hf-trainer-state', claim, read: readTrainerState };
