import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { readOptunaTrials } from '../../src/engine/logs/optuna';
import { EXAMPLES, closeWorkbench, openWorkbench, quickOpen, runCommand, waitUntil, type Workbench } from './workbench';

/** A small spec in its own folder of the workspace (removed afterwards): 2 losses × 2 seeds. */
const FOLDER = join(EXAMPLES, 'e2e-export');
const SPEC = {
  task: 'binary', dataset: { name: 'moons', n: 120, noise: 0.2, seed: 5 }, model: { hidden: [6], activation: 'tanh', dtype: 'float64' },
  losses: ['binary_cross_entropy_with_logits', 'mse_loss'], optimizers: [{ name: 'adam', lr: 0.02 }], steps: 8, seeds: [0, 1],
};
const STORAGE = join(FOLDER, 'tiny_optuna.db');

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeout: number, wb: Workbench): Promise<T> {
  try {
    return (await waitUntil(probe, (v) => v !== undefined, { timeout, what }))!;
  } catch (e) {
    await wb.shot(`waiting-${what}`);
    throw e;
  }
}

/** The sweep page showing `title` in its status, with its table rows. */
async function sweepFrame(wb: Workbench, rows: number): Promise<Frame> {
  return until(`a sweep panel with ${rows} finished rows`, async () => {
    for (const frame of wb.page.frames()) {
      // count() does not wait; textContent() would wait for #status in every frame without one.
      const n = await frame.locator('#runs tbody tr').count().catch(() => 0);
      if (n !== rows || (await frame.locator('#status').count().catch(() => 0)) === 0) continue;
      const status = (await frame.locator('#status').textContent({ timeout: 5_000 }).catch(() => '')) ?? '';
      if (/^Done/.test(status)) return frame;
    }
    return undefined;
  }, 180_000, wb);
}

suite('e2e: export a sweep as a script, run it, import the results', () => {
  let wb: Workbench | undefined;

  suiteSetup(() => {
    rmSync(FOLDER, { recursive: true, force: true });
    mkdirSync(FOLDER, { recursive: true });
    writeFileSync(join(FOLDER, 'tiny.losslab.json'), JSON.stringify(SPEC, null, 1));
  });

  suiteTeardown(() => rmSync(FOLDER, { recursive: true, force: true }));

  setup(async function () {
    this.timeout(120_000);
    wb = await openWorkbench('sweep-export');
  });

  teardown(async () => {
    await closeWorkbench(wb);
    wb = undefined;
  });

  test('sweep panel → Export Sweep as Script… (Optuna) → Run in Terminal → Import Sweep Results… shows every run', async function () {
    this.timeout(600_000);
    const page = wb!.page;
    await quickOpen(wb!, 'tiny.losslab.json');
    await runCommand(wb!, 'Loss Lab: Run Sweep', { exact: true });
    await sweepFrame(wb!, 4);
    await wb!.shot('sweep-done');

    // The sweep panel's own title-bar action: focus its tab, then click "Export Sweep as Script…".
    const group = page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: 'Loss Lab Sweep' }) });
    await group.locator('.tab', { hasText: 'Loss Lab Sweep' }).click();
    await group.locator('.editor-actions .action-label[aria-label*="Export Sweep as Script"]').click({ timeout: 30_000 });
    const optuna = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Optuna' }).first();
    await optuna.waitFor({ timeout: 30_000 });
    await wb!.shot('pick-target');
    await optuna.click();

    // The notification offers to run it: the integrated terminal runs the study with Debian's python3.
    const run = page.locator('.notifications-toasts .monaco-button', { hasText: 'Run in Terminal' });
    await run.waitFor({ timeout: 60_000 });
    await wb!.shot('exported');
    const message = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
    assert.ok(message.some((m) => /wrote tiny_optuna\.py \(4 runs\)/.test(m)), message.join(' / '));
    assert.ok(existsSync(join(FOLDER, 'tiny_optuna.py')) && existsSync(join(FOLDER, 'tiny_optuna.init.json')) && existsSync(join(FOLDER, 'tiny_optuna.data.csv')));
    await run.click();
    await page.locator('.terminal-wrapper, .xterm').first().waitFor({ timeout: 60_000 });
    const trials = await until('the study to finish its 4 trials', async () => {
      if (!existsSync(STORAGE)) return undefined;
      const runs = await readOptunaTrials('tiny_optuna.db', [{ path: 'tiny_optuna.db', bytes: readFileSync(STORAGE) }]);
      const done = runs.filter((r) => (r.params?.optuna as { state?: string } | undefined)?.state === 'COMPLETE');
      return done.length === 4 ? done : undefined;
    }, 300_000, wb!);
    await wb!.shot('study-done');
    assert.equal(trials.length, 4);

    // Import: the storage is listed among the workspace's results; the panel shows its four runs.
    await runCommand(wb!, 'Loss Lab: Import Sweep Results…', { exact: true });
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'tiny_optuna.db' }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.click();
    await page.locator('.tab', { hasText: 'imported tiny_optuna.db' }).waitFor({ timeout: 60_000 });
    const frame = await sweepFrame(wb!, 4);
    await wb!.shot('imported');
    const text = (await frame.locator('#runs tbody').innerText()).replace(/\s+/g, ' ');
    for (const loss of ['binary_cross_entropy_with_logits', 'mse_loss']) assert.equal(text.split(loss).length - 1, 2, `two runs of ${loss}: ${text}`);
    assert.equal(await frame.locator('#runs tbody tr.best').count(), 1, 'the best run is marked');
    assert.ok(await frame.locator('#plot .main-svg .scatterlayer .trace').count() >= 4, 'a curve per run');
  });
});
