/** Every log reader, one per format. */
import { optunaReader } from './optuna';
import { rayTuneReader } from './ray_tune';
import type { LogReader } from './types';

export const LOG_READERS: readonly LogReader[] = [rayTuneReader, optunaReader];
