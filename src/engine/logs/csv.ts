/** Any CSV of training metrics: Ultralytics' `results.csv` (space-padded cells) and every CSV with a
 *  step or epoch column and numeric columns. The run is the file. */
import { readCsvTable, tableRun, xColumn } from './csvtable';
import { LogFormatError, type LogFile, type LogReader, type RunFiles, type RunLog } from './types';

const X_NAMES = ['step', 'global_step', 'iteration', 'iter', 'epoch'];

export const csvReader: LogReader = {
  format: 'csv',
  claim(paths: readonly string[]): RunFiles[] {
    return paths.filter((p) => /\.csv$/i.test(p)).map((p) => ({ run: p, files: [p] }));
  },
  read(run: string, files: readonly LogFile[]): RunLog {
    const file = files[0]!;
    const table = readCsvTable(file);
    const x = xColumn(table.header, X_NAMES);
    if (x < 0) throw new LogFormatError(file.path, `not a training log: no ${X_NAMES.join('/')} column`);
    return tableRun(run, 'csv', file, table, x);
  },
};
