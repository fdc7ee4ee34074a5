/** The one spec-and-CSV loader (src/engine/train/specInput.ts) through the CLI's file access: absolute
 *  and relative CSV paths, a spec or CSV that is a device or a FIFO (an error, never a read that does
 *  not end), a CSV over the size limit, and a CSV outside the workspace whose content is not quoted. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SweepArgsError, loadSpecData } from '../../../src/cli/sweep';
import { CsvError } from '../../../src/engine/data/csv';
import { INPUT_LIMITS, loadSpecInput, type SpecFileAccess } from '../../../src/engine/train/specInput';

const dir = mkdtempSync(join(tmpdir(), 'losslab-specinput-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const spec = (csv: string) => ({ task: 'regression', dataset: { csv, features: ['x'], target: 'y' }, losses: ['mse_loss'], steps: 2 });
const writeSpec = (name: string, csv: string): string => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(spec(csv)));
  return file;
};
writeFileSync(join(dir, 'data.csv'), 'x,y\n1,2\n2,4\n3,6\n');

test('a CSV named relative to the spec or by its absolute path is read; the data set is built', async () => {
  for (const csv of ['data.csv', join(dir, 'data.csv')]) {
    const loaded = await loadSpecData(writeSpec('ok.losslab.json', csv));
    assert.equal(loaded.csvPath, join(dir, 'data.csv'));
    assert.deepEqual([...loaded.data.y], [2, 4, 6]);
  }
});

test('a spec at /dev/zero, a CSV at /dev/zero or a FIFO: an error naming why, not a read that never ends', async () => {
  await assert.rejects(loadSpecData('/dev/zero'), (e: unknown) => e instanceof SweepArgsError && /not a regular file \(a device\)/.test(e.message));
  await assert.rejects(loadSpecData(writeSpec('zero.losslab.json', '/dev/zero')), (e: unknown) => e instanceof SweepArgsError && /dataset\.csv: cannot read \/dev\/zero: not a regular file/.test(e.message));
  const fifo = join(dir, 'pipe.csv');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(loadSpecData(writeSpec('fifo.losslab.json', 'pipe.csv')), (e: unknown) => e instanceof SweepArgsError && /not a regular file \(a FIFO\)/.test(e.message));
});

test('a CSV over the size limit is refused before it is read', async () => {
  const reads: number[] = [];
  const files: SpecFileAccess<string> = {
    locate: (csv) => csv,
    read: async (_ref, maxBytes) => {
      reads.push(maxBytes);
      throw new Error('file is 80.0 MiB, over the 64.0 MiB limit; not read');
    },
    describe: (ref) => ref,
    mayQuote: () => true,
  };
  await assert.rejects(loadSpecInput(spec('big.csv'), files), /dataset\.csv: cannot read big\.csv: file is 80\.0 MiB, over the 64\.0 MiB limit/);
  assert.deepEqual(reads, [INPUT_LIMITS.csvBytes]);
});

test('problems in a CSV outside the workspace keep their line but never quote the file', async () => {
  const secret = 'x,y\n1,2\nhunter2,4\n';
  const files = (mayQuote: boolean): SpecFileAccess<string> => ({ locate: (csv) => csv, read: async () => secret, describe: (r) => r, mayQuote: () => mayQuote });
  await assert.rejects(loadSpecInput(spec('/etc/elsewhere.csv'), files(true)), (e: unknown) => e instanceof CsvError && /hunter2/.test(e.message));
  await assert.rejects(loadSpecInput(spec('/etc/elsewhere.csv'), files(false)), (e: unknown) => {
    assert.ok(e instanceof CsvError);
    assert.doesNotMatch(e.message, /hunter2|"x"/);
    assert.match(e.message, /^\/etc\/elsewhere\.csv: line 3: a problem \(not shown: the file is outside the workspace\)$/);
    return true;
  });
});
