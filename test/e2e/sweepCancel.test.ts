// Cancelling sweeps in the real VS Code as a user would: one run from its Cancel button in the
// sweep panel's table (reached and pressed with the keyboard), then the whole sweep from the
// palette. A stopped run keeps its curve and reads "cancelled", never "failed".
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { closeWorkbench, frameWith, openWorkbench, quickOpen, runCommand, waitUntil, type Workbench } from './workbench';

const SPEC = 'long.losslab.json';

/** Status cell of each run, by run index (the table's rows carry data-index), without the button. */
async function statuses(frame: Frame): Promise<string[]> {
  return frame.locator('#runs tbody tr').evaluateAll((rows) => {
    const out: string[] = [];
    for (const row of rows) {
      const cell = row.querySelector('td.status');
      const text = Array.from(cell?.childNodes ?? []).filter((n) => n.nodeName !== 'BUTTON').map((n) => n.textContent ?? '').join('');
      out[Number((row as HTMLElement).dataset.index)] = text;
    }
    return out;
  });
}

suite('e2e: cancelling sweeps', () => {
  let wb: Workbench | undefined;
  let folder: string;

  suiteSetup(() => {
    folder = mkdtempSync(join(tmpdir(), 'losslab-sweep-cancel-'));
    // Three runs of a million steps each on one worker: run 1 trains while runs 2 and 3 wait.
    writeFileSync(join(folder, SPEC), JSON.stringify({
      task: 'regression', dataset: { name: 'linear', n: 4000, noise: 0.1 }, model: { hidden: [32, 32], activation: 'tanh' }, val_fraction: 0,
      losses: ['mse_loss', 'l1_loss', 'huber_loss'], optimizers: [{ name: 'adam', lr: 0.01 }], steps: 1_000_000, seeds: [0],
    }, null, 2));
    mkdirSync(join(folder, '.vscode'));
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'losslab.sweep.workers': 1 }));
  });

  suiteTeardown(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  teardown(async () => {
    await closeWorkbench(wb);
    wb = undefined;
  });

  test('a run is cancelled from its button in the table and the sweep goes on; Cancel Running Sweeps stops the rest', async function () {
    this.timeout(420_000);
    wb = await openWorkbench('sweep-cancel', { folder });
    await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: SPEC }).first().waitFor({ timeout: 180_000 });
    await quickOpen(wb, SPEC);
    // The spec's editor title action: one click starts one sweep (a palette retry could start two).
    await wb.page.locator('.editor-actions [aria-label="Run Sweep"]').first().click({ timeout: 60_000 });
    await wb.shot('run-sweep-clicked');
    const frame = await frameWith(wb, '#runs tbody tr', 90_000);
    await waitUntil(() => statuses(frame), (s) => s[0] === 'running', { timeout: 120_000, what: 'run 1 to be training' });
    assert.deepEqual((await statuses(frame)).slice(1), ['queued', 'queued']);

    // Keyboard: the button is named for the run it cancels; focus it and press Enter.
    const cancelFirst = frame.getByRole('button', { name: /^Cancel run 1: mse_loss adam lr=0\.01 seed=0$/ });
    await cancelFirst.focus();
    await cancelFirst.press('Enter');
    await wb.shot('run-1-cancel-pressed');
    const afterOne = await waitUntil(() => statuses(frame), (s) => /^cancelled after \d+ steps$/.test(s[0] ?? '') && s[1] === 'running', { timeout: 60_000, what: 'run 1 cancelled and run 2 training' });
    assert.equal(afterOne[2], 'queued', 'the other runs are untouched');
    assert.match((await frame.locator('#status').textContent()) ?? '', /^Running: 0\/3 runs finished, 1 cancelled\.$/);
    assert.equal(await frame.locator('#runs tbody tr[data-index="0"] button.cancel-run').count(), 0, 'a cancelled run has no Cancel button');
    await wb.shot('run-1-cancelled');

    await runCommand(wb, 'Loss Lab: Cancel Running Sweeps', { exact: true });
    const status = frame.locator('#status');
    await waitUntil(() => status.textContent(), (t) => /^Cancelled/.test(t ?? ''), { timeout: 60_000, what: 'the panel to say Cancelled' });
    assert.equal(await status.textContent(), 'Cancelled: 0/3 runs finished, 3 cancelled.');
    const final = await statuses(frame);
    assert.match(final[0]!, /^cancelled after \d+ steps$/);
    assert.match(final[1]!, /^cancelled after \d+ steps$/, 'the running run keeps its curve');
    assert.equal(final[2], 'cancelled', 'the queued run never started');
    assert.ok(final.every((s) => !/failed/.test(s)), final.join(' / '));
    // Both partial curves are drawn.
    await waitUntil(() => frame.locator('#plot .main-svg .scatterlayer .trace').count(), (n) => n >= 2, { what: 'the two partial curves on the plot' });
    assert.equal(await frame.locator('#runs button.cancel-run').count(), 0, 'no Cancel buttons once the sweep has ended');
    await wb.shot('sweep-cancelled');
  });
});
