import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { EXAMPLES, choose, closeWorkbench, frameWith, openWorkbench, pickTheme, quickOpen, runCommand, waitUntil, type Workbench } from './workbench';

/** The fill colour plotly gave the x-axis tick labels: it follows the theme's foreground. */
async function tickColour(frame: Frame): Promise<string> {
  return frame.locator('.main-svg .xtick text').first().evaluate((e) => getComputedStyle(e).fill);
}

async function bodyClass(frame: Frame): Promise<string> {
  return frame.locator('body').evaluate((b) => b.className);
}

/** Waits until `probe` returns something other than `before`. */
async function changed<T>(probe: () => Promise<T>, before: T, timeout = 30_000): Promise<T> {
  return waitUntil(probe, (now) => now !== before, { timeout, what: `a change from ${String(before)}` });
}

suite('e2e: plot panels', () => {
  let wb: Workbench | undefined;

  setup(async function () {
    this.timeout(300_000);
    wb = await openWorkbench(this.currentTest?.title.replace(/\W+/g, '-').slice(0, 40) ?? 'panels');
  });

  teardown(async () => {
    await closeWorkbench(wb);
    wb = undefined;
  });

  test('loss explorer: draws, a keyboard-driven option slider redraws, the theme switch to dark is followed, reload restores it', async function () {
    this.timeout(300_000);
    await runCommand(wb!, 'Loss Lab: Plot Loss');
    // No editor, so no loss under the cursor: the palette asks which loss.
    await choose(wb!, 'Mean squared error');
    let frame = await frameWith(wb!, '.main-svg .scatterlayer .trace', 60_000);
    // add Huber through the labelled select, then move its δ slider with the keyboard
    await frame.getByLabel('Add loss').selectOption('huber_loss');
    await frame.locator('input[data-option="delta"]').waitFor();
    const traces = await frame.locator('.main-svg .scatterlayer .trace').count();
    assert.equal(traces, 4, 'MSE and Huber, each with its gradient');
    const delta = frame.getByLabel('delta');
    await delta.focus();
    const legendBefore = await frame.locator('.losslab-legend-item').allTextContents();
    for (let i = 0; i < 4; i++) await delta.press('ArrowRight');
    const legendAfter = await changed(async () => (await frame.locator('.losslab-legend-item').allTextContents()).join('|'), legendBefore.join('|'));
    assert.match(legendAfter, /delta=1\.2/);
    await wb!.shot('explorer-huber');

    // Start from the light theme whatever an earlier test of the shared session left.
    if (!/vscode-light/.test(await bodyClass(frame))) {
      await pickTheme(wb!, 'Light Modern');
      await waitUntil(() => bodyClass(frame), (c) => /vscode-light/.test(c), { timeout: 30_000, what: 'the light theme' });
    }
    const lightTicks = await tickColour(frame);
    const lightClass = await bodyClass(frame);
    assert.match(lightClass, /vscode-light/);
    await pickTheme(wb!, 'Dark Modern');
    const darkClass = await changed(() => bodyClass(frame), lightClass);
    assert.match(darkClass, /vscode-dark/);
    const darkTicks = await changed(() => tickColour(frame), lightTicks);
    assert.notEqual(darkTicks, lightTicks, 'tick labels recoloured for the dark theme');
    await wb!.shot('explorer-dark');

    await runCommand(wb!, 'Developer: Reload Window');
    await wb!.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    frame = await frameWith(wb!, '.main-svg .scatterlayer .trace', 90_000);
    const restored = await frame.locator('.losslab-legend-item').allTextContents();
    assert.ok(restored.some((t) => /Huber.*delta=1\.2/.test(t)), `the restored panel keeps Huber with δ = 1.2: ${restored.join(', ')}`);
    await wb!.shot('explorer-restored');
    await pickTheme(wb!, 'Light Modern');
  });

  test('loss curves: raw and smoothed lines with a spike marker, smoothing slider', async function () {
    this.timeout(180_000);
    await quickOpen(wb!, 'curves.json');
    await runCommand(wb!, 'Loss Lab: Show Loss Curves');
    const frame = await frameWith(wb!, '.main-svg .scatterlayer .trace', 60_000);
    assert.equal(await frame.locator('.main-svg .scatterlayer .trace').count(), 5, 'raw + smoothed for train and val, and the warnings');
    assert.ok(await frame.locator('.main-svg .scatterlayer .point').count() >= 1, 'a warning marker is drawn');
    const notes = await frame.locator('#info li').allTextContents();
    assert.ok(notes.some((n) => /spike at step 2600/.test(n)), `the spike is explained: ${notes.join(' / ')}`);
    // The smoothed train line (after the two raw lines) gets the new weight's values in place
    // (a data-only change: Plotly.update of the smoothed traces), read from plotly's own data.
    const smoothedY = (): Promise<string> => frame.evaluate(() => JSON.stringify((document.querySelector('.js-plotly-plot') as unknown as { data: { y: unknown }[] }).data[2]!.y));
    const before = await smoothedY();
    const smoothing = frame.getByLabel('Smoothing');
    await smoothing.focus();
    await smoothing.press('End');
    assert.equal(await frame.locator('output').first().textContent(), '0.99');
    await changed(smoothedY, before, 15_000);
    assert.equal(await frame.locator('.main-svg .scatterlayer .trace').count(), 5, 'the same traces, redrawn');
    await wb!.shot('curves');
    // The legend is keyboard-driven: Space on an entry hides its run (smoothed line and warnings),
    // Enter shows it again.
    const entry = frame.locator('.losslab-legend-item').first();
    assert.equal(await entry.getAttribute('aria-pressed'), 'true');
    await entry.focus();
    await entry.press('Space');
    await frame.locator('.losslab-legend-item[aria-pressed="false"]').first().waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('.losslab-legend-item[aria-pressed="false"]').count(), 2, 'both entries of the run (line and warnings) say hidden');
    const tracesNow = (): Promise<number> => frame.locator('.main-svg .scatterlayer .trace').count();
    assert.equal(await changed(tracesNow, 5), 3, 'the hidden run is not drawn');
    await wb!.shot('curves-legend-hidden');
    await frame.locator('.losslab-legend-item').first().press('Enter');
    assert.equal(await changed(tracesNow, 3), 5, 'shown again');
    assert.equal(await frame.locator('.losslab-legend-item').first().getAttribute('aria-pressed'), 'true');
    // An exported image carries plotly's own legend, since the HTML one is not part of the plot.
    const svg = join(EXAMPLES, 'losslab-curves.svg');
    rmSync(svg, { force: true });
    try {
      await frame.getByRole('button', { name: 'SVG' }).click();
      await wb!.page.locator('.quick-input-widget input').waitFor({ timeout: 30_000 });
      await wb!.page.keyboard.press('Enter');
      // Existing is not enough: the file appears before its last byte is written.
      const text = await waitUntil(() => (existsSync(svg) ? readFileSync(svg, 'utf8') : ''), (t) => t.trimEnd().endsWith('</svg>'), { timeout: 30_000, what: `${svg} to be written whole` });
      assert.match(text, /class="legendtext"[^>]*>train</, 'the SVG has a legend entry for train');
      assert.match(text, /class="legendtext"[^>]*>val</);
    } finally {
      rmSync(svg, { force: true });
    }
  });

  test('loss landscape of a spec: contour with the optimiser path, exported as PNG through the save dialog', async function () {
    this.timeout(300_000);
    const png = join(EXAMPLES, 'losslab-landscape.png');
    rmSync(png, { force: true });
    await quickOpen(wb!, 'landscape.json');
    await runCommand(wb!, 'Loss Lab: Show Loss Landscape');
    const frame = await frameWith(wb!, '.main-svg .contourlayer', 180_000);
    assert.ok(await frame.locator('.main-svg .scatterlayer .trace').count() >= 1, 'the optimiser path is drawn on the map');
    const notes = (await frame.locator('#info li').allTextContents()).join(' ');
    assert.match(notes, /top Hessian eigenvalue/);
    await wb!.shot('landscape');
    try {
      await frame.getByRole('button', { name: 'PNG' }).click();
      const input = wb!.page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 30_000 });
      await wb!.shot('save-dialog');
      await wb!.page.keyboard.press('Enter');
      // Written whole: a PNG ends with its IEND chunk (type, then a 4-byte CRC).
      const bytes = await waitUntil(() => (existsSync(png) ? readFileSync(png) : Buffer.alloc(0)), (b) => b.length >= 12 && b.subarray(-8, -4).toString('latin1') === 'IEND', { timeout: 30_000, what: 'the PNG to be written whole where the dialog pointed (the workspace folder)' });
      assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      await wb!.shot('exported');
    } finally {
      rmSync(png, { force: true });
    }
  });
});
