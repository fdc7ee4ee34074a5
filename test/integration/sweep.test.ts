import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateLossLab, waitUntil } from './util';

interface RunReport {
  config: Record<string, unknown>;
  loss: (number | null)[];
  status: 'ok' | 'failed' | 'cancelled';
  error?: string;
  flag?: { id: string };
}
interface SweepResult {
  sweepId: string;
  cancelled: boolean;
  best: number;
  report: { runs: RunReport[]; elapsed_ms: number };
}
interface Status {
  sweepId: string;
  stepsDone: number;
}

const base = {
  task: 'binary',
  dataset: { name: 'moons', n: 200, noise: 0.2, seed: 0 },
  model: { hidden: [8], activation: 'tanh' },
  optimizers: [{ name: 'adam', lr: [0.03] }],
  steps: 60,
  seeds: [0],
};

suite('sweeps', () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-sweep-'));

  suiteSetup(async () => {
    await activateLossLab();
  });

  suiteTeardown(() => rmSync(dir, { recursive: true, force: true }));

  test('Run Sweep runs every run on the workers, flags MSE on labels, and exports CSV', async () => {
    const result = await vscode.commands.executeCommand<SweepResult>('losslab.sweep', { spec: { ...base, losses: ['binary_cross_entropy_with_logits', 'mse_loss'] }, title: 'integration' });
    assert.ok(result, 'the command returns its result');
    assert.equal(result.cancelled, false);
    assert.deepEqual(result.report.runs.map((r) => r.status), ['ok', 'ok']);
    assert.ok(result.report.runs.every((r) => r.loss.length === 60));
    // The extension host's workers ran the float32 network on WebAssembly SIMD, not the fallback.
    assert.deepEqual(result.report.runs.map((r) => r.config.dtype), ['float32', 'float32']);
    assert.equal(result.report.runs[1]!.flag?.id, 'mse-for-classification');
    assert.ok(result.best >= 0);
    const csvPath = join(dir, 'sweep.csv');
    const written = await vscode.commands.executeCommand<string>('losslab.sweep.export', { sweepId: result.sweepId, format: 'csv', path: csvPath });
    assert.equal(written, csvPath);
    const lines = readFileSync(csvPath, 'utf8').trim().split('\r\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^loss,loss_options,optimizer,lr,/);
    assert.match(lines[2]!, /^mse_loss,,adam,0\.03,/);
  });

  test('a run that diverges is marked failed with its reason while the others finish', async () => {
    const spec = { ...base, task: 'regression', dataset: { name: 'linear', n: 200 }, losses: ['mse_loss'], optimizers: [{ name: 'sgd', lr: [0.01, 1e6] }] };
    const result = await vscode.commands.executeCommand<SweepResult>('losslab.sweep', { spec });
    assert.deepEqual(result.report.runs.map((r) => r.status), ['ok', 'failed']);
    assert.match(result.report.runs[1]!.error!, /diverged/);
  });

  test('cancel stops a running sweep promptly', async () => {
    const spec = { ...base, dataset: { name: 'moons', n: 2000 }, losses: ['binary_cross_entropy_with_logits'], steps: 1_000_000, seeds: [0, 1, 2, 3] };
    const pending = vscode.commands.executeCommand<SweepResult>('losslab.sweep', { spec });
    const status = () => vscode.commands.executeCommand<Status[]>('losslab.sweep.status');
    await waitUntil(status, (all) => all.some((s) => s.stepsDone > 0), { timeout: 60_000, what: 'the sweep to make progress' });
    assert.equal(await vscode.commands.executeCommand<number>('losslab.sweep.cancel'), 1);
    // Cancelled, not run to the end: a million steps per run would take hours here.
    const result = await pending;
    assert.equal(result.cancelled, true);
    assert.ok(result.report.runs.every((r) => r.status === 'cancelled'), 'cancelled runs are not failed');
    assert.ok(result.report.runs.some((r) => r.loss.length > 0 && r.loss.length < 1_000_000), 'the running run keeps its curve so far');
    assert.deepEqual(await vscode.commands.executeCommand<Status[]>('losslab.sweep.status'), []);
  });

  test('a spec with a problem is refused with its path, nothing runs', async () => {
    const result = await vscode.commands.executeCommand<SweepResult | undefined>('losslab.sweep', { spec: { ...base, losses: ['triplet_margin_loss'] } });
    assert.equal(result, undefined);
  });
});
