import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { EXAMPLES, closeWorkbench, frameWith, openWorkbench, runCommand, waitUntil, type Workbench } from './workbench';

const LIVE = join(EXAMPLES, '.losslab-e2e-live');
const RESTORED = join(EXAMPLES, '.losslab-e2e-restored');
const line = (step: number, loss: number | string): string => `{"step": ${step}, "loss": ${loss}}\n`;

/** Waits until `ok` holds for what `probe` reads (the shared polling wait). */
function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, timeout = 60_000): Promise<T> {
  return waitUntil(probe, ok, { timeout, what });
}

async function largestXTick(frame: Frame): Promise<number> {
  const ticks = await frame.locator('.main-svg .xtick text').allTextContents();
  return Math.max(-Infinity, ...ticks.map((t) => Number(t.replace(/[,\u2009 ]/g, ''))).filter(Number.isFinite));
}

/** Tick labels that the plot's SVG cuts off (outside its box), as "text (side)". */
async function clippedTickLabels(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    const svg = document.querySelector('.main-svg')!.getBoundingClientRect();
    const out: string[] = [];
    for (const t of Array.from(document.querySelectorAll('.main-svg .xtick text, .main-svg .ytick text'))) {
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < svg.left - 0.5) out.push(`${t.textContent} (left)`);
      if (r.bottom > svg.bottom + 0.5) out.push(`${t.textContent} (bottom)`);
    }
    return out;
  });
}

/** The most points any trace draws, the largest x drawn, and the plot's width in pixels. */
function drawnPoints(frame: Frame): Promise<{ points: number; lastX: number; width: number }> {
  return frame.evaluate(() => {
    const plot = document.querySelector('.js-plotly-plot') as (HTMLElement & { data?: { x?: ArrayLike<unknown> }[] }) | null;
    const traces = plot?.data ?? [];
    const xs = traces.flatMap((t) => Array.from(t.x ?? [])).filter((x): x is number => typeof x === 'number');
    return { points: Math.max(0, ...traces.map((t) => t.x?.length ?? 0)), lastX: xs.reduce((a, b) => Math.max(a, b), -Infinity), width: plot?.clientWidth ?? 0 };
  });
}

suite('e2e: training logs', () => {
  let wb: Workbench | undefined;

  suiteSetup(() => {
    mkdirSync(LIVE, { recursive: true });
    writeFileSync(join(LIVE, 'train.jsonl'), Array.from({ length: 40 }, (_, i) => line(i, 2 * Math.exp(-i / 15) + 0.1)).join(''));
    mkdirSync(RESTORED, { recursive: true });
    writeFileSync(join(RESTORED, 'train.jsonl'), Array.from({ length: 40 }, (_, i) => line(i, 2 * Math.exp(-i / 15) + 0.1)).join(''));
  });

  setup(async function () {
    this.timeout(300_000);
    wb = await openWorkbench(this.currentTest?.title.replace(/\W+/g, '-').slice(0, 40) ?? 'logs');
  });

  teardown(async () => {
    await closeWorkbench(wb);
    wb = undefined;
  });

  suiteTeardown(() => {
    rmSync(LIVE, { recursive: true, force: true });
    rmSync(RESTORED, { recursive: true, force: true });
  });

  /** Show Loss Curves from the Explorer's context menu on a workspace folder. */
  async function showCurvesOn(name: string): Promise<Frame> {
    const page = wb!.page;
    await runCommand(wb!, 'View: Close All Editors');
    await runCommand(wb!, 'View: Show Explorer');
    const folder = page.locator('.explorer-folders-view').getByRole('treeitem', { name, exact: true });
    await folder.waitFor({ timeout: 60_000 });
    const item = page.locator('.monaco-menu .action-label', { hasText: 'Show Loss Curves' }).first();
    // On a loaded machine the context menu may open before the folder row settles, or close again: reopen it.
    const chosen = async (): Promise<boolean> => {
      try {
        await folder.click({ timeout: 10_000 });
        await folder.click({ button: 'right', timeout: 10_000 });
        await item.click({ timeout: 10_000 });
        // A click just after the menu opened can be swallowed (a loaded CI run left the menu open with
        // the item selected and no panel): then Enter on the selected item takes it.
        if (!(await item.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false))) {
          await item.hover({ timeout: 5_000 });
          await page.keyboard.press('Enter');
          await item.waitFor({ state: 'hidden', timeout: 5_000 });
        }
        return true;
      } catch {
        await page.keyboard.press('Escape');
        return false;
      }
    };
    try {
      await waitUntil(chosen, (done) => done, { timeout: 120_000, what: `"Show Loss Curves" in the context menu of ${name}` });
    } catch (e) {
      await wb!.shot('context-menu-missing');
      throw e;
    }
    return frameWith(wb!, '.main-svg .scatterlayer .trace', 90_000);
  }

  test('the Loss Lab view lists the example runs by folder; Show Loss Curves draws them', async function () {
    this.timeout(300_000);
    const page = wb!.page;
    await page.locator('.activitybar .action-item a[aria-label^="Loss Lab"]').first().click({ timeout: 60_000 });
    const rows = page.locator('[id="workbench.view.extension.losslab"] .monaco-list-row');
    for (const name of ['baseline', 'bad-batch', 'hf-regression', 'diverging.jsonl']) {
      await rows.filter({ hasText: name }).first().waitFor({ timeout: 60_000 });
    }
    // The diverging run says it has warnings; the runs are checkboxes.
    await rows.filter({ hasText: 'diverging.jsonl' }).filter({ hasText: 'warning' }).first().waitFor({ timeout: 30_000 });
    assert.ok(await rows.filter({ hasText: 'baseline' }).locator('.custom-view-tree-node-item-checkbox, input[type=checkbox], .monaco-checkbox').count() > 0, 'runs have checkboxes');
    await wb!.shot('runs-view');
    // The view's title-bar button (the palette's "Show Loss Curves" is the figure-JSON command).
    await page.locator('.part.sidebar .action-label[aria-label="Show Loss Curves"]:visible').first().click({ timeout: 30_000 });
    const frame = await frameWith(wb!, '.main-svg .scatterlayer .trace', 90_000);
    await frame.getByText('runs/runs/baseline').first().waitFor({ timeout: 30_000 });
    await frame.getByLabel('Tags').waitFor();
    await wb!.shot('runs-curves');
  });

  test('a live run: the curve grows as the file is written, and NaN raises a notification', async function () {
    this.timeout(300_000);
    const page = wb!.page;
    const frame = await showCurvesOn('.losslab-e2e-live');
    const before = await until(() => largestXTick(frame), (x) => x >= 30 && x < 40, 'the first 40 steps drawn');
    appendFileSync(join(LIVE, 'train.jsonl'), Array.from({ length: 40 }, (_, i) => line(40 + i, 0.2 + 0.01 * Math.sin(i))).join(''));
    const after = await until(() => largestXTick(frame), (x) => x >= 60, 'the curve to grow');
    assert.ok(after > before);
    await wb!.shot('live-grown');
    // Live appends redraw with the margins of the last full draw; on a log axis a loss falling by
    // four decades lengthens the y tick labels, and the panel must make room for them.
    await frame.getByLabel('Log y').check();
    await frame.locator('.main-svg .ytick text').first().waitFor({ timeout: 30_000 });
    appendFileSync(join(LIVE, 'train.jsonl'), Array.from({ length: 40 }, (_, i) => line(80 + i, 0.2 * 10 ** (-i / 10))).join(''));
    await until(() => largestXTick(frame), (x) => x >= 100, 'the falling loss drawn');
    await until(() => clippedTickLabels(frame), (cut) => cut.length === 0, 'every tick label inside the plot after the loss fell', 30_000);
    await wb!.shot('live-fallen');
    appendFileSync(join(LIVE, 'train.jsonl'), line(120, 'NaN'));
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'loss became NaN at step 120' });
    await toast.first().waitFor({ timeout: 60_000 });
    await page.locator('.statusbar', { hasText: 'live run' }).first().waitFor({ timeout: 30_000 });
    await wb!.shot('live-nan');
    // The host decimates to no more columns than the plot has pixels (each column keeps up to four
    // points per line, twice as many columns while a live run grows before they merge): a long run
    // in a narrower window is drawn from fewer points.
    appendFileSync(join(LIVE, 'train.jsonl'), Array.from({ length: 40_000 }, (_, i) => line(121 + i, 0.1 + 0.05 * Math.sin(i / 7))).join(''));
    const wide = await until(() => drawnPoints(frame), ({ lastX }) => lastX >= 40_000, 'the long run drawn');
    await page.setViewportSize({ width: 800, height: 900 });
    const narrow = await until(
      () => drawnPoints(frame),
      ({ points, width }) => width > 0 && width < wide.width && points > 0 && points < wide.points && points <= 8 * Math.ceil(width / 100) * 100,
      'fewer points, at most 8 per pixel, in the narrower plot',
    );
    console.log(`drawn points: ${wide.points} at ${wide.width} px, ${narrow.points} at ${narrow.width} px`);
    await wb!.shot('live-narrow');
  });

  test('after Reload Window the restored curves panel follows its live run again', async function () {
    this.timeout(300_000);
    const page = wb!.page;
    const frame = await showCurvesOn('.losslab-e2e-restored');
    await until(() => largestXTick(frame), (x) => x >= 30 && x < 40, 'the first 40 steps drawn');
    await runCommand(wb!, 'Developer: Reload Window');
    // The old page is gone once its webview frame is; then the workbench comes back with the panel.
    await until(async () => frame.isDetached(), (gone) => gone, 'the window to reload', 120_000);
    await page.locator('.monaco-workbench').waitFor({ timeout: 180_000 });
    const restored = await frameWith(wb!, '.main-svg .scatterlayer .trace', 180_000);
    await until(() => largestXTick(restored), (x) => x >= 30 && x < 40, 'the restored panel to show the run');
    await wb!.shot('restored');
    appendFileSync(join(RESTORED, 'train.jsonl'), Array.from({ length: 40 }, (_, i) => line(40 + i, 0.2 + 0.01 * Math.sin(i))).join(''));
    const after = await until(() => largestXTick(restored), (x) => x >= 60, 'the restored panel to follow the write', 90_000);
    assert.ok(after >= 60);
    await wb!.shot('restored-grown');
  });
});
