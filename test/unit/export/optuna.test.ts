/** The Optuna export in the real Optuna (Debian's python3-optuna): two worker processes share one
 *  SQLite storage; read back with `losslab sweep-import`, every run is there once, with the values
 *  of the PyTorch export. The journal storage works the same way with one worker. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeExport } from '../../../src/cli/export';
import { cmdSweepImport } from '../../../src/cli/sweepImport';
import type { RunReport, SweepReport } from '../../../src/engine/train/report';
import { requirePython, runPython } from './python';

const dir = mkdtempSync(join(tmpdir(), 'losslab-export-optuna-'));
const spec = join(dir, 'grid.losslab.json');
writeFileSync(spec, JSON.stringify({
  task: 'binary', dataset: { name: 'moons', n: 120, noise: 0.2, seed: 4 }, model: { hidden: [6], activation: 'tanh', dtype: 'float64' },
  losses: ['binary_cross_entropy_with_logits', { name: 'huber_loss', options: { delta: 0.5 } }],
  optimizers: [{ name: 'adam', lr: [0.01, 0.05] }], steps: 8, batch_size: 32, seeds: [0, 1], val_every: 3,
}));

before(() => requirePython('torch', 'optuna'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function imported(source: string): Promise<{ report: SweepReport; notes: string }> {
  let out = '';
  let notes = '';
  const code = await cmdSweepImport([source, '--json'], (s) => (out += s), (s) => (notes += s));
  assert.equal(code, 0);
  return { report: JSON.parse(out) as SweepReport, notes };
}

const withoutMs = ({ ms: _, ...r }: RunReport): Omit<RunReport, 'ms'> => r;

let torchRuns: SweepReport;
before(async () => {
  const [script] = await writeExport(spec, 'pytorch');
  torchRuns = JSON.parse(await runPython([script!, '--json'], dir)) as SweepReport;
});

test('two workers on one SQLite storage: every grid point once, the same values as the PyTorch export', async () => {
  const [script] = await writeExport(spec, 'optuna');
  const storage = join(dir, 'study.db');
  await Promise.all([runPython([script!, '--storage', storage], dir), runPython([script!, '--storage', `sqlite:///${storage}`], dir)]);
  const { report } = await imported(storage);
  assert.equal(report.runs.length, 8);
  const keys = report.runs.map((r) => JSON.stringify(r.config));
  assert.equal(new Set(keys).size, 8, 'every run once');
  for (const expected of torchRuns.runs) {
    const got = report.runs.find((r) => JSON.stringify(r.config) === JSON.stringify(expected.config));
    assert.ok(got, `missing ${JSON.stringify(expected.config)}`);
    assert.deepEqual(withoutMs(got), withoutMs(expected));
  }
});

test('a journal file as storage (the default for many processes without a database server)', async () => {
  const [script] = await writeExport(spec, 'optuna');
  const journal = join(dir, 'study.journal');
  await runPython([script!, '--storage', journal], dir);
  const { report } = await imported(journal);
  assert.equal(report.runs.length, 8);
  for (const r of report.runs) assert.deepEqual(withoutMs(r), withoutMs(torchRuns.runs.find((t) => JSON.stringify(t.config) === JSON.stringify(r.config))!));
});
