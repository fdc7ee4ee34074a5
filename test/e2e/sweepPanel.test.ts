import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { EXAMPLES, closeWorkbench, frameWith, openWorkbench, quickOpen, runCommand, waitUntil, type Workbench } from './workbench';

const SPEC = 'sweep.losslab.json';

interface Sample { traces: number; rows: number; status: string }

async function sample(frame: Frame): Promise<Sample> {
  return {
    traces: await frame.locator('#plot .main-svg .scatterlayer .trace').count(),
    rows: await frame.locator('#runs tbody tr').count(),
    status: (await frame.locator('#status').textContent()) ?? '',
  };
}

interface RecordingWindow { __traceCounts?: number[] }

/** Runs in every frame as it is created: records each change in the number of plotted traces.
 *  A string, not a function: the test runner's transpiler adds helpers the page does not have. */
const RECORD_TRACE_COUNTS = `(() => {
  const counts = [];
  window.__traceCounts = counts;
  const record = () => {
    const n = document.querySelectorAll('#plot .main-svg .scatterlayer .trace').length;
    if (counts[counts.length - 1] !== n) counts.push(n);
  };
  const observe = () => new MutationObserver(record).observe(document, { childList: true, subtree: true });
  observe();
  // VS Code writes a webview's page with document.open/write/close, which drops the observer: watch again.
  const close = Document.prototype.close;
  Document.prototype.close = function () { close.call(this); observe(); record(); };
})();`;

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
  let folder: string;

  suiteSetup(() => {
    // The example's sweep, made long enough to watch: the example itself takes a few seconds on two
    // workers, which a loaded machine can spend drawing the panel's first frame, so that the first
    // draw already shows every run. On one worker and with four times the steps, runs come in one by
    // one over tens of seconds.
    folder = mkdtempSync(join(tmpdir(), 'losslab-sweep-panel-'));
    const spec = JSON.parse(readFileSync(join(EXAMPLES, SPEC), 'utf8')) as { steps: number };
    writeFileSync(join(folder, SPEC), JSON.stringify({ ...spec, steps: spec.steps * 4 }, null, 2));
    mkdirSync(join(folder, '.vscode'));
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'losslab.sweep.workers': 1 }));
  });

  suiteTeardown(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  setup(async function () {
    this.timeout(300_000);
    wb = await openWorkbench('sweep-panel', { folder });
    await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: SPEC }).first().waitFor({ timeout: 180_000 });
  });

  teardown(async () => {
    await closeWorkbench(wb);
    wb = undefined;
  });

  test('Run Sweep on a spec file: curves come in run by run, the table fills, a header sorts from the keyboard, reload restores the panel', async function () {
    this.timeout(420_000);
    // A fast machine can finish the sweep before the panel's frame is found, so every frame records
    // its own trace counts from the moment it is created.
    await wb!.page.addInitScript(RECORD_TRACE_COUNTS);
    await quickOpen(wb!, SPEC);
    await paletteRun(wb!, 'Loss Lab: Run Sweep');
    const frame = await frameWith(wb!, '#runs tbody tr', 90_000);
    const last = await waitUntil(() => sample(frame), (s) => /^(Done|Cancelled)/.test(s.status), { timeout: 180_000, what: 'the sweep to finish' });
    assert.match(last.status, /^Done: 6\/6 runs finished\.$/);
    assert.equal(last.rows, 6, 'one row per run');
    const counts = await frame.evaluate(() => (window as unknown as RecordingWindow).__traceCounts ?? []);
    const drawn = counts.filter((n) => n > 0);
    assert.equal(drawn[drawn.length - 1], last.traces, `the recording ends at the plot's ${last.traces} traces: ${counts.join(' → ')}`);
    assert.ok(drawn.length >= 3 && drawn[0]! < last.traces, `the curves came in run by run: ${counts.join(' → ')}`);
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
