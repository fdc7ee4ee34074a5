/** Training logs: one reader per format behind one interface. Bytes in, runs out: readers never
 *  touch the file system (the CLI and the extension list folders, read files, watch appends). */

/** Every format a reader exists for; the `format` field of `losslab logs --json`. */
export const LOG_FORMATS = [
  'tfevents', 'lightning-csv', 'keras-csv', 'csv', 'hf-trainer-state', 'jsonl', 'wandb', 'mlflow', 'ray-tune', 'optuna',
] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** One tag's points in the order they were written, every point kept. `value` holds values
 *  exactly as stored (a float32 as its exact double; NaN and ±Infinity as such). */
export interface ScalarSeries {
  step: Float64Array;
  value: Float64Array;
  /** Seconds since the epoch, where the format stores it. */
  wallTime: Float64Array | null;
  /** Indices i where step[i] < step[i - 1]: a resumed run restarted there (never a spike). */
  restarts: number[];
}

/** One run: a folder of event files, a CSV, a trial of a study… */
export interface RunLog {
  /** Relative to the path the user opened, '/'-separated; '.' for that path itself. */
  run: string;
  format: LogFormat;
  scalars: Map<string, ScalarSeries>;
  /** Hyperparameters or config the format records with the run (trial params, wandb config). */
  params?: Record<string, unknown>;
  /** Partial reads, said plainly: "truncated last record after 1,204 events (crash mid-write?)". */
  notes: string[];
}

/** A file as the reader sees it: its path relative to the opened root ('/'-separated) and bytes. */
export interface LogFile {
  path: string;
  bytes: Uint8Array;
}

export interface LogReader {
  format: LogFormat;
  /** From a listing of files under the opened root (relative, '/'-separated), the runs this
   *  reader would read and the files each needs. A reader claims only files it recognises. */
  claim(paths: readonly string[]): RunFiles[];
  /** Decodes one run from its files. Corrupt or truncated input yields what precedes the damage
   *  and a note; only a file that is not this format at all throws LogFormatError. One store may
   *  hold several runs (an MLflow database, an Optuna storage: a run per trial): then an array, each
   *  named below `run`. */
  read(run: string, files: readonly LogFile[]): RunLog | RunLog[] | Promise<RunLog | RunLog[]>;
}

export interface RunFiles {
  run: string;
  files: string[];
}

/** A file that is not what its name says, with the reason ("not a TFRecord: length CRC mismatch at byte 0"). */
export class LogFormatError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'LogFormatError';
  }
}
