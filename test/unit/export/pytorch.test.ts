/** The PyTorch export run in real PyTorch (Debian's python3-torch) against the engine's own sweep:
 *  float64 per-step training losses to 1e-9 relative, float32 final losses to 1e-3. */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeExport } from '../../../src/cli/export';
import type { RunReport, SweepReport } from '../../../src/engine/train/report';
import { engineSweep, relativeError, requirePython, runPython } from './python';

const dir = mkdtempSync(join(tmpdir(), 'losslab-export-torch-'));
const FIXTURES = join(__dirname, 'fixtures');
const example = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'sweep.losslab.json'), 'utf8')) as Record<string, unknown>;

before(() => requirePython('torch'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Exports `specFile` to PyTorch, runs `script.py --json`; both reports, the engine's first. */
async function both(specFile: string): Promise<{ engine: SweepReport; torch: SweepReport; script: string }> {
  const [script] = await writeExport(specFile, 'pytorch', join(dir, `${specFile.split('/').pop()!.replace('.losslab.json', '')}_pytorch.py`));
  const torch = JSON.parse(await runPython([script!, '--json'], dir)) as SweepReport;
  return { engine: await engineSweep(specFile), torch, script: script! };
}

function sameRunsExceptNumbers(engine: RunReport, torch: RunReport): void {
  assert.deepEqual(torch.config, engine.config);
  assert.equal(torch.status, engine.status, `${JSON.stringify(engine.config)}: ${torch.error ?? ''} vs ${engine.error ?? ''}`);
  assert.equal(torch.error, engine.error);
  assert.deepEqual(torch.flag, engine.flag);
  assert.equal(torch.loss.length, engine.loss.length);
  assert.deepEqual(Object.keys(torch).sort(), Object.keys(engine).sort());
  assert.deepEqual((torch.val_loss ?? []).map(([s]) => s), (engine.val_loss ?? []).map(([s]) => s));
  assert.deepEqual(Object.keys(torch.final.metric).sort(), Object.keys(engine.final.metric).sort());
}

/** Largest relative difference over every per-step training and validation loss. */
function worstStep(engine: SweepReport, torch: SweepReport): number {
  let worst = 0;
  engine.runs.forEach((e, i) => {
    const t = torch.runs[i]!;
    sameRunsExceptNumbers(e, t);
    e.loss.forEach((v, k) => (worst = Math.max(worst, relativeError(v!, t.loss[k]!))));
    (e.val_loss ?? []).forEach(([, v], k) => (worst = Math.max(worst, relativeError(v!, t.val_loss![k]![1]!))));
    if (e.final.train_loss !== null) worst = Math.max(worst, relativeError(e.final.train_loss, t.final.train_loss!));
  });
  return worst;
}

function exampleWith(name: string, dtype: 'float32' | 'float64', steps: number): string {
  const path = join(dir, `${name}.losslab.json`);
  writeFileSync(path, JSON.stringify({ ...example, model: { ...(example.model as object), dtype }, steps }));
  return path;
}

test('the example spec in float64: every per-step training loss matches the engine to 1e-9 relative', async () => {
  const { engine, torch } = await both(exampleWith('example64', 'float64', 30));
  assert.equal(torch.runs.length, 6);
  assert.ok(torch.runs.every((r) => r.status === 'ok' && r.loss.length === 30));
  const worst = worstStep(engine, torch);
  console.log(`example float64: worst per-step relative difference ${worst.toExponential(2)}`);
  assert.ok(worst < 1e-9, `worst ${worst}`);
  // Metrics are computed from the same outputs: equal to rounding.
  engine.runs.forEach((e, i) => {
    for (const [k, v] of Object.entries(e.final.metric)) assert.ok(relativeError(v!, torch.runs[i]!.final.metric[k]!) < 1e-9, k);
  });
});

test('the example spec in float32: final training and validation losses agree to 1e-3 relative', async () => {
  const { engine, torch } = await both(exampleWith('example32', 'float32', 30));
  let worst = 0;
  engine.runs.forEach((e, i) => {
    const t = torch.runs[i]!;
    sameRunsExceptNumbers(e, t);
    assert.equal(t.config.dtype, 'float32');
    worst = Math.max(worst, relativeError(e.final.train_loss!, t.final.train_loss!), relativeError(e.final.val_loss!, t.final.val_loss!));
  });
  console.log(`example float32: worst final relative difference ${worst.toExponential(2)}`);
  assert.ok(worst < 1e-3, `worst ${worst}`);
});

for (const fixture of ['binary-minibatch', 'regression-schedule', 'multiclass-links']) {
  test(`${fixture}: mini-batches, links, losses, optimisers, schedules and clipping match step by step (float64)`, async () => {
    const spec = join(dir, `${fixture}.losslab.json`);
    copyFileSync(join(FIXTURES, `${fixture}.losslab.json`), spec);
    const { engine, torch } = await both(spec);
    assert.ok(engine.runs.length >= 8);
    const worst = worstStep(engine, torch);
    console.log(`${fixture}: ${engine.runs.length} runs, worst per-step relative difference ${worst.toExponential(2)}`);
    assert.ok(worst < 1e-9, `worst ${worst}`);
  });
}

test('a CSV data set is read by path, labels become classes as in the engine, a diverging run fails the same way', async () => {
  const rows = Array.from({ length: 60 }, (_, i) => `${Math.cos(i)},${Math.sin(i * 1.3)},${i % 3 === 0 ? 'yes' : 'no'},${3 * Math.cos(i) - 1}`);
  writeFileSync(join(dir, 'points.csv'), ['x1,x2,label,value', ...rows].join('\n') + '\n');
  const write = (name: string, spec: object): string => {
    writeFileSync(join(dir, name), JSON.stringify({ model: { hidden: [4], activation: 'relu', dtype: 'float64' }, steps: 10, seeds: [0], ...spec }));
    return join(dir, name);
  };
  const labels = await both(write('labels.losslab.json', {
    task: 'binary', dataset: { csv: 'points.csv', features: ['x1', 'x2'], target: 'label' }, losses: ['binary_cross_entropy_with_logits', 'cross_entropy'], optimizers: [{ name: 'sgd', lr: 0.5 }],
  }));
  assert.match(readFileSync(labels.script, 'utf8'), /DATA_PATH = os\.path\.join\(HERE, "points\.csv"\)/);
  assert.ok(worstStep(labels.engine, labels.torch) < 1e-9);
  const diverging = await both(write('values.losslab.json', {
    task: 'regression', dataset: { csv: 'points.csv', features: ['x1', 'x2'], target: 'value' }, losses: ['mse_loss'], optimizers: [{ name: 'sgd', lr: [0.05, 1e9] }],
  }));
  assert.equal(diverging.torch.runs[1]!.status, 'failed');
  assert.match(diverging.torch.runs[1]!.error!, /^diverged: /);
  assert.ok(worstStep(diverging.engine, diverging.torch) < 1e-9);
});

test('the script writes one metrics.csv per run (step, loss, val_loss) with the curves it printed', async () => {
  const { torch } = await both(exampleWith('logs', 'float64', 5));
  const logs = join(dir, 'logs_pytorch_runs');
  const folders = readdirSync(logs).sort();
  assert.equal(folders.length, torch.runs.length);
  const lines = readFileSync(join(logs, folders[0]!, 'metrics.csv'), 'utf8').trim().split('\n');
  assert.equal(lines[0], 'step,loss,val_loss');
  const rows = lines.slice(1).map((l) => l.split(','));
  assert.deepEqual(rows.map((r) => Number(r[0])), [0, 1, 2, 3, 4]);
  assert.deepEqual(rows.map((r) => Number(r[1])), torch.runs[0]!.loss);
  assert.deepEqual(rows.map((r) => Number(r[2])), torch.runs[0]!.val_loss!.map(([, v]) => v));
});
