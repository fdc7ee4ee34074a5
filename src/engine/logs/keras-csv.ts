/** Keras' CSVLogger: a header starting with `epoch` (then the metrics, sorted), one row per epoch.
 *  Any `*.csv` is offered to it first; one that is not Keras' goes on to the generic CSV reader. */
import { readCsvTable, tableRun } from './csvtable';
import { fileName } from './paths';
import { LogFormatError, type LogFile, type LogReader, type RunFiles, type RunLog } from './types';

export const kerasCsvReader: LogReader = {
  format: 'keras-csv',
  claim(paths: readonly string[]): RunFiles[] {
    return paths.filter((p) => /\.csv$/i.test(p)).map((p) => ({ run: p, files: [p] }));
  },
  read(run: string, files: readonly LogFile[]): RunLog {
    const file = files[0]!;
    if (fileName(file.path) === 'results.csv') throw new LogFormatError(file.path, 'an Ultralytics results.csv, not a Keras log');
    const table = readCsvTable(file);
    // Keras writes `epoch` unpadded as the first column; Ultralytics pads its header cells.
    if (table.rawHeader[0] !== 'epoch') throw new LogFormatError(file.path, 'not a Keras CSVLogger file (first column is not "epoch")');
    return tableRun(run, 'keras-csv', file, table, 0);
  },
};
