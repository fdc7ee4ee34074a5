/** Any CSV of training metrics: Ultralytics' `results.csv` (space-padded cells) and every CSV with a
 *  step or epoch column and numeric columns. The run is the file. */
import { readCsvTable, tableRun, xColumn } from './csvtable';
import { STEP_KEYS } from './jsonl';
import { LogFormatError, type LogFile, type LogReader, type RunFiles, type RunLog } from './types';


export const csvReader: LogReader = {
  format: 'csv',
  claim(paths: readonly string[]): RunFiles[] {
    return paths.filter((p) => /\.csv$/i.test(p)).map((p) => ({ run: p, files: [p] }));
  },
  read(run: string, files: readonly LogFile[]): RunLog {
    const file = files[0]!;
    const table = readCsvTable(file);
    const x = xColumn(table.header, STEP_KEYS);
    if (x < 0) throw new LogFormatError(file.path, `not a training log: no ${STEP_KEYS.join('/')} column`);
    return tableRun(run, 'csv', file, table, x);
  },
};
