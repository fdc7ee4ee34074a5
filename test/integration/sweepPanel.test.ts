import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { getLoss } from '../../src/engine/catalog';
import type { SweepRenderedMessage } from '../../src/protocol/sweepPanel';
import { activateLossLab, waitUntil } from './util';

/** What the page reports after each drawing: the protocol's own message, as the inspect command returns it. */
type Rendered = Omit<SweepRenderedMessage, 'v' | 'type'>;
interface SweepPanelInfo { sweepId: string | null; title: string; rendered: Rendered | null }
interface RunReport {
  config: { loss: string; lr: number };
  final: { train_loss: number | null };
  status: 'ok' | 'failed';
}
interface SweepResult { sweepId: string; best: number; cancelled: boolean; report: { runs: RunReport[] } }

async function panels(): Promise<SweepPanelInfo[]> {
  return vscode.commands.executeCommand<SweepPanelInfo[]>('losslab.sweepPanel.inspect');
}

/** Polls until the last sweep panel reports a drawing that satisfies `ok`; records every drawing seen. */
async function waitForPanel(ok: (r: Rendered) => boolean, seen: Rendered[] = [], timeout = 90_000): Promise<Rendered> {
  const latest = (all: SweepPanelInfo[]) => all[all.length - 1]?.rendered;
  const all = await waitUntil(panels, (all) => {
    const r = latest(all);
    if (r && seen[seen.length - 1] !== r) seen.push(r);
    return !!r && ok(r);
  }, { timeout, what: 'the sweep panel to draw what was expected' });
  return latest(all)!;
}

// Tiny: 6 runs of 40 full-batch steps on 200 points; MSE on labels is a flagged pitfall; a focal
// loss with a negative gamma diverges to NaN at once and fails.
const spec = {
  task: 'binary',
  dataset: { name: 'moons', n: 200, noise: 0.2, seed: 0 },
  model: { hidden: [8], activation: 'tanh' },
  losses: ['binary_cross_entropy_with_logits', 'mse_loss', { name: 'sigmoid_focal_loss', options: { gamma: -5 } }],
  optimizers: [{ name: 'sgd', lr: [0.1, 0.5] }],
  steps: 40,
  seeds: [0],
};

suite('sweep panel', () => {
  suiteSetup(async () => {
    await activateLossLab();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Run Sweep opens the panel; the table lists every run with failures and pitfall flags; sorting and grouping on request', async function () {
    this.timeout(180_000);
    const result = await vscode.commands.executeCommand<SweepResult>('losslab.sweep', { spec, title: 'panel-it' });
    assert.ok(result, 'the sweep command returns its result');
    const runs = result.report.runs;
    assert.equal(runs.length, 6);
    const done = await waitForPanel((r) => r.sweepId === result.sweepId && r.finished);
    assert.equal(done.rows, 6, 'one table row per run');
    assert.deepEqual(done.order, [0, 1, 2, 3, 4, 5], 'unsorted: runs in grid order');
    assert.equal(done.table.length, 6);
    assert.equal(done.best, result.best, 'the panel highlights the run the sweep chose as best');
    assert.match(done.table[result.best]!.at(-1)!, /best/);
    const mseTitle = getLoss('mse_loss')!.pitfalls.find((p) => p.id === 'mse-for-classification')!.title;
    for (const i of [2, 3]) assert.ok(done.table[i]![0]!.includes(mseTitle), `MSE row ${i} shows the pitfall: ${done.table[i]![0]}`);
    assert.ok(!done.table[0]![0]!.includes(mseTitle));
    for (const i of [4, 5]) {
      assert.equal(runs[i]!.status, 'failed');
      assert.match(done.table[i]!.at(-1)!, /^failed: diverged/, 'a failed run shows its reason');
    }

    // Sort by final train loss ascending: failed runs (no final loss) last.
    await vscode.commands.executeCommand('losslab.sweepPanel.view', { sort: { key: 'train', dir: 'asc' } });
    const asc = await waitForPanel((r) => r.view.sort?.key === 'train' && r.view.sort.dir === 'asc');
    const finals = asc.order.map((i) => runs[i]!.final.train_loss);
    assert.deepEqual(finals.slice(4), [null, null], `missing finals last: ${JSON.stringify(finals)}`);
    const present = finals.slice(0, 4) as number[];
    assert.deepEqual(present, [...present].sort((a, b) => a - b), `ascending: ${JSON.stringify(finals)}`);
    assert.equal(asc.table[0]![0]!.split(' ')[0], runs[asc.order[0]!]!.config.loss, 'the rows moved, not only the order');
    await vscode.commands.executeCommand('losslab.sweepPanel.view', { sort: { key: 'lr', dir: 'desc' } });
    const byLr = await waitForPanel((r) => r.view.sort?.key === 'lr');
    assert.deepEqual(byLr.order.map((i) => runs[i]!.config.lr), [0.5, 0.5, 0.5, 0.1, 0.1, 0.1]);

    // Grouping changes colours, not the curves.
    await vscode.commands.executeCommand('losslab.sweepPanel.view', { groupBy: 'optimizer' });
    const grouped = await waitForPanel((r) => r.view.groupBy === 'optimizer');
    assert.equal(grouped.curves, done.curves);
  });

  test('curves stream into the panel while the sweep runs', async function () {
    this.timeout(240_000);
    // Not a race against the machine's speed: the sweep is far too long to finish, the test waits
    // for a drawing of it running with some points, then cancels it.
    const endless = { ...spec, dataset: { name: 'moons', n: 2000, noise: 0.2, seed: 0 }, losses: ['binary_cross_entropy_with_logits'], optimizers: [{ name: 'adam', lr: [0.01] }], steps: 1_000_000 };
    const running = vscode.commands.executeCommand<SweepResult>('losslab.sweep', { spec: endless, title: 'endless' });
    const during = await waitForPanel((r) => !r.finished && r.points > 0, [], 180_000);
    assert.ok((during.valPoints ?? 0) > 0, `validation streams with the losses: ${during.points} losses`);
    await vscode.commands.executeCommand('losslab.sweep.cancel');
    const cancelled = await running;
    assert.equal(cancelled.cancelled, true);
  });

  test('every step and validation point of a finished sweep reaches the panel', async function () {
    this.timeout(240_000);
    const seen: Rendered[] = [];
    const long = { ...spec, dataset: { name: 'moons', n: 2000, noise: 0.2, seed: 0 }, model: { hidden: [16, 16], activation: 'tanh' }, losses: ['binary_cross_entropy_with_logits'], optimizers: [{ name: 'adam', lr: [0.003, 0.01, 0.03] }], steps: 3000 };
    const running = vscode.commands.executeCommand<SweepResult>('losslab.sweep', { spec: long, title: 'streaming' });
    await waitForPanel(() => true, seen);
    const result = await running;
    const done = await waitForPanel((r) => r.sweepId === result.sweepId && r.finished, seen);
    assert.equal(done.curves, 3);
    assert.equal(done.points, 3 * 3000, 'every step of every run arrived');
    // 3000 steps: validation every ceil(3000 / 500) = 6 steps, 500 points a run, drawn dashed.
    assert.equal(done.valCurves, 3, 'every run has a validation curve');
    assert.equal(done.valPoints, 3 * 500, 'every validation point arrived');
    assert.ok((done.dashedTraces ?? 0) >= 3, `validation curves are dashed: ${done.dashedTraces}`);
  });

  test('Show Sweep Results opens the last stored sweep in the panel, passing over a torn newer file', async function () {
    this.timeout(180_000);
    const result = await vscode.commands.executeCommand<SweepResult>('losslab.sweep', { spec: { ...spec, losses: ['mse_loss'], optimizers: [{ name: 'adam', lr: [0.01] }], seeds: [0, 1] }, title: 'stored' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal((await panels()).length, 0, 'closing the editors closed the panel');
    // A crash mid-write of a newer sweep (as an in-place write could leave it) must not hide this one.
    const folder = await vscode.commands.executeCommand<string>('losslab.sweep.storageFolder');
    const torn = join(folder, '9999-torn.json');
    writeFileSync(torn, JSON.stringify({ sweepId: '9999-torn', title: 'torn', report: { runs: [] } }).slice(0, 40));
    try {
      await vscode.commands.executeCommand('losslab.sweep.showResults', { latest: true });
    } finally {
      rmSync(torn, { force: true });
    }
    const r = await waitForPanel((x) => x.sweepId === result.sweepId);
    assert.equal(r.rows, 2);
    assert.equal(r.finished, true);
    assert.equal(r.valCurves, 2, 'the stored report keeps the validation curves');
    assert.equal(r.valPoints, 2 * 40);
    assert.equal(r.best, result.best);
  });

  test('an imported sweep takes its place among stored sweeps by its time, not after them by its name', async function () {
    this.timeout(180_000);
    const result = await vscode.commands.executeCommand<SweepResult>('losslab.sweep', { spec: { ...spec, losses: ['mse_loss'], optimizers: [{ name: 'adam', lr: [0.01] }], seeds: [0] }, title: 'run after the import' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // An import made before this sweep ran (its id starts "imported-", which sorts after digits).
    const folder = await vscode.commands.executeCommand<string>('losslab.sweep.storageFolder');
    const importedId = 'imported-2000-01-01T00-00-00-000Z-old1';
    const stored = JSON.parse(readFileSync(join(folder, `${result.sweepId}.json`), 'utf8')) as { sweepId: string; title: string };
    const imported = join(folder, `${importedId}.json`);
    writeFileSync(imported, JSON.stringify({ ...stored, sweepId: importedId, title: 'imported long ago' }));
    try {
      await vscode.commands.executeCommand('losslab.sweep.showResults', { latest: true });
      const shown = await waitUntil(panels, (all) => all.length > 0 && all[all.length - 1]!.sweepId !== null, { what: 'a stored sweep panel' });
      assert.equal(shown[shown.length - 1]!.sweepId, result.sweepId, 'the newest sweep is the one run last, not the old import');
    } finally {
      rmSync(imported, { force: true });
    }
  });

  test('the panel redraws in the high-contrast theme and back', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('losslab.sweep.showResults', { latest: true });
    const light = await waitForPanel(() => true);
    const config = vscode.workspace.getConfiguration('workbench');
    const before = config.get<string>('colorTheme');
    try {
      await config.update('colorTheme', 'Default High Contrast', vscode.ConfigurationTarget.Global);
      const hc = await waitForPanel((r) => r.theme === 'high-contrast');
      assert.equal(hc.rows, light.rows, 'same table after the redraw');
    } finally {
      await config.update('colorTheme', before, vscode.ConfigurationTarget.Global);
    }
    await waitForPanel((r) => r.theme !== 'high-contrast');
  });

  test('a malformed view request is refused before it reaches the page', async () => {
    await vscode.commands.executeCommand('losslab.sweep.showResults', { latest: true });
    await waitForPanel(() => true);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('losslab.sweepPanel.view', { sort: { key: 'nonsense', dir: 'asc' } })), /sort\.key/);
  });
});
