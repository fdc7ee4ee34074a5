/** PyTorch Lightning's CSVLogger: `<save_dir>/<name>/version_N/metrics.csv`, one row per logging
 *  call with empty cells for metrics not logged then (train and val at different steps). The run
 *  is the version folder. */
import { readCsvTable, tableRun, xColumn } from './csvtable';
import { LogFormatError, type LogFile, type LogReader, type RunFiles, type RunLog } from './types';
import { folderOf } from './paths';

const METRICS = /(^|\/)(version_[^/]+)\/metrics\.csv$/;

export const lightningCsvReader: LogReader = {
  format: 'lightning-csv',
  claim(paths: readonly string[]): RunFiles[] {
    return paths.filter((p) => METRICS.test(p)).map((p) => ({ run: folderOf(p), files: [p] }));
  },
  read(run: string, files: readonly LogFile[]): RunLog {
    const file = files[0]!;
    const table = readCsvTable(file);
    const x = xColumn(table.header, ['step']);
    if (x < 0) throw new LogFormatError(file.path, 'no "step" column (Lightning writes one)');
    // `epoch` is a column of every row, not a curve
    return tableRun(run, 'lightning-csv', file, table, x, ['epoch']);
  },
};
