import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { closeWorkbench, frameWith, openWorkbench, quickOpen, runCommand, waitUntil, type Workbench } from './workbench';

interface Sample { traces: number; rows: number; status: string }

async function sample(frame: Frame): Promise<Sample> {
  return {
    traces: await frame.locator('#plot .main-svg .scatterlayer .trace').count(),
    rows: await frame.locator('#runs tbody tr').count(),
    status: (await frame.locator('#status').textContent()) ?? '',
  };
}

/** The column of the table under the header whose text is `label`, top to bottom. */
async function column(frame: Frame, label: string): Promise<string[]> {
  const headers = await frame.locator('#runs thead th').allTextContents();
  const at = headers.findIndex((h) => h.replace(/[▲▼]/g, '').trim() === label);
  assert.ok(at >= 0, `a "${label}" column among ${headers.join(', ')}`);
  return frame.locator(`#runs tbody tr td:nth-child(${at + 1})`).allTextContents();
}

/** The palette may rank "Cancel Running Sweeps" first for this text: click the command's own row. */
async function paletteRun(wb: Workbench, title: string): Promise<void> {
  await runCommand(wb, title, { exact: true });
}

suite('e2e: sweep panel', () => {
  let wb: Workbench | undefined;

  setup(async function () {
    this.timeout(300_000);
    wb = await openWorkbench('sweep-panel');
  });

  teardown(async () => {
    await closeWorkbench(wb);
    wb = undefined;
  });

  test('Run Sweep on a spec file: curves come in run by run, the table fills, a header sorts from the keyboard, reload restores the panel', async function () {
    this.timeout(420_000);
    await quickOpen(wb!, 'sweep.losslab.json');
    await paletteRun(wb!, 'Loss Lab: Run Sweep');
    const frame = await frameWith(wb!, '#runs tbody tr', 90_000);
    // Watch the plot while the six runs (one after another on this 2-core machine) stream in.
    const samples: Sample[] = [];
    const finished = (s: Sample) => {
      if (samples.length === 0 || s.traces !== samples[samples.length - 1]!.traces) {
        samples.push(s);
        void wb!.shot(`traces-${s.traces}`);
      }
      return /^(Done|Cancelled)/.test(s.status);
    };
    samples.push(await waitUntil(() => sample(frame), finished, { timeout: 180_000, what: 'the sweep to finish' }));
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    assert.match(last.status, /^Done: 6\/6 runs finished\.$/);
    assert.equal(last.rows, 6, 'one row per run');
    assert.ok(first.traces < last.traces, `the number of plotted traces grew: ${samples.map((s) => s.traces).join(' → ')}`);
    await wb!.shot('sweep-done');

    // The best run is highlighted, MSE on labels carries the catalog's pitfall title.
    assert.equal(await frame.locator('#runs tbody tr.best').count(), 1);
    const losses = await column(frame, 'loss');
    assert.ok(losses.filter((t) => /^mse_loss/.test(t)).every((t) => t.includes('Regression loss on class labels')), losses.join(' / '));

    // Keyboard: Tab-reachable header, Enter sorts ascending, Enter again descending.
    const header = frame.locator('#runs thead th', { hasText: 'final train loss' });
    await header.focus();
    await header.press('Enter');
    await frame.locator('#runs thead th[aria-sort="ascending"]', { hasText: 'final train loss' }).waitFor({ timeout: 10_000 });
    const asc = (await column(frame, 'final train loss')).map(Number);
    assert.deepEqual(asc, [...asc].sort((a, b) => a - b), `ascending: ${asc.join(', ')}`);
    await wb!.shot('sorted-ascending');
    await frame.locator('#runs thead th', { hasText: 'final train loss' }).press('Enter');
    await frame.locator('#runs thead th[aria-sort="descending"]', { hasText: 'final train loss' }).waitFor({ timeout: 10_000 });
    const desc = (await column(frame, 'final train loss')).map(Number);
    assert.deepEqual(desc, [...asc].reverse());
    await wb!.shot('sorted-descending');

    // Group by optimiser: one colour, same curves.
    await frame.getByLabel('Group by').selectOption('optimizer');
    // Each run has a dashed validation curve too: one raw trace per colour and dash, so one colour less is two traces less.
    const traces = frame.locator('#plot .main-svg .scatterlayer .trace');
    await waitUntil(() => traces.count(), (n) => n === last.traces - 2, { what: 'one colour less after grouping by optimiser (two traces fewer)' });
    await wb!.shot('grouped-by-optimiser');

    await runCommand(wb!, 'Developer: Reload Window');
    await wb!.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const restored = await frameWith(wb!, '#runs tbody tr', 90_000);
    await restored.locator('#plot .main-svg .scatterlayer .trace').first().waitFor({ timeout: 60_000 });
    assert.equal(await restored.locator('#runs tbody tr').count(), 6, 'the restored panel lists the six runs');
    assert.equal(await restored.locator('#runs thead th[aria-sort="descending"]').textContent(), 'final train loss', 'and keeps the sort');
    await wb!.shot('restored');
  });
});
