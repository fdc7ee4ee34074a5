/** CSV log benchmark: a PyTorch Lightning metrics.csv (one row per logging call: epoch, step,
 *  train_loss every row, val_loss every 1,000th, lr) of --rows rows, on one thread: (a) merely
 *  reading its bytes, (b) our Lightning reader, bytes to series (the CSV parsed by csv-parse, every
 *  cell checked), (c) a Python peer doing the same with the standard library (csv.DictReader, a
 *  float per non-empty cell, step and value lists per column), each the median of --reps. Prints times and ratios.
 *  `npx tsx bench/csvlogs.ts [--rows 100000] [--reps 7]` */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lightningCsvReader } from '../src/engine/logs/lightning-csv';
import type { RunLog } from '../src/engine/logs/types';
import { median, numberFlag } from './args';
import { PYTHON } from './peers';

const ROWS = numberFlag('--rows', 100_000);
const REPS = numberFlag('--reps', 7);

const PEER = `
import csv, sys, time
path, reps = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(reps):
    t = time.perf_counter()
    with open(path, newline='') as f:
        cols = {}
        for row in csv.DictReader(f):
            step = float(row['step'])
            for k, v in row.items():
                if v != '' and k != 'epoch' and k != 'step':
                    c = cols.setdefault(k, ([], []))
                    c[0].append(step)
                    c[1].append(float(v))
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(times[len(times) // 2], sum(len(v[1]) for v in cols.values()))
`;

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-csvlogs-'));
  const path = join(dir, 'version_0', 'metrics.csv');
  const lines = ['epoch,step,train_loss,val_loss,lr'];
  for (let i = 0; i < ROWS; i++) {
    const val = i % 1000 === 999 ? (1.1 / (1 + i * 1e-3)).toPrecision(7) : '';
    lines.push(`${Math.floor(i / 1000)},${i},${(1 / (1 + i * 1e-3) + 0.01 * Math.sin(i)).toPrecision(7)},${val},${(1e-3 * 0.99 ** Math.floor(i / 1000)).toPrecision(6)}`);
  }
  execFileSync('mkdir', ['-p', join(dir, 'version_0')]);
  writeFileSync(path, lines.join('\n') + '\n');

  const timed = (run: () => unknown): number => {
    const ms: number[] = [];
    for (let r = 0; r < REPS; r++) {
      const t = performance.now();
      run();
      ms.push(performance.now() - t);
    }
    return median(ms);
  };
  const readMs = timed(() => readFileSync(path));
  let run: RunLog | undefined;
  const oursMs = timed(() => (run = lightningCsvReader.read('version_0', [{ path: 'version_0/metrics.csv', bytes: readFileSync(path) }]) as RunLog));
  const points = [...run!.scalars.values()].reduce((n, s) => n + s.value.length, 0);
  const [peerMs, peerPoints] = execFileSync(PYTHON, ['-c', PEER, path, String(REPS)], { encoding: 'utf8' }).trim().split(' ').map(Number) as [number, number];
  const mb = readFileSync(path).length / 1e6;
  console.log(`Lightning metrics.csv, ${ROWS.toLocaleString('en-US')} rows, ${mb.toFixed(1)} MB; median of ${REPS}; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`read the bytes             ${readMs.toFixed(1).padStart(8)} ms`);
  console.log(`ours (Lightning reader)    ${oursMs.toFixed(1).padStart(8)} ms  ${(oursMs / readMs).toFixed(1)}× the read, ${points.toLocaleString('en-US')} points`);
  console.log(`python csv.DictReader      ${peerMs.toFixed(1).padStart(8)} ms  ours takes ${(oursMs / peerMs).toFixed(2)}× its time, ${peerPoints.toLocaleString('en-US')} points`);
}

main();
