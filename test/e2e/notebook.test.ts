// Notebooks in the real VS Code: saved Loss Lab figure outputs are drawn by the renderer, broken
// ones say why, twenty outputs all render, and "Plot Loss for This Cell" adds a figure without a kernel.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { REPO } from '../../scripts/vscode.mjs';
import { closeWorkbench, frameWithText, notebookOutput, openWorkbench, pickTheme, quickOpen, runCommand, waitUntil, type Workbench } from './workbench';

const FIXTURES = join(REPO, 'test', 'fixtures', 'notebooks');
/** One drawn figure (plotly puts several .main-svg layers in each). */
const FIGURE = '.losslab-figure:has(.main-svg)';

/** Polls until `selector` matches `count` elements in `frame` (or more, when `atLeast`). */
async function waitForCount(frame: Frame, selector: string, count: number, timeout = 60_000): Promise<number> {
  return waitUntil(() => frame.locator(selector).count(), (found) => found >= count, { timeout, what: `${count} × ${selector}` });
}

suite('e2e: Loss Lab figures in notebooks', () => {
  let wb: Workbench | undefined;
  let folder: string;

  suiteSetup(() => {
    // A scratch copy: the tests never write into the fixtures, whatever the workbench saves.
    folder = mkdtempSync(join(tmpdir(), 'losslab-notebooks-'));
    for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith('.ipynb'))) copyFileSync(join(FIXTURES, f), join(folder, f));
  });

  suiteTeardown(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  setup(async function () {
    this.timeout(300_000);
    wb = await openWorkbench(`nb-${this.currentTest?.title.replace(/\W+/g, '-').slice(0, 32) ?? 'test'}`, { folder });
    await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'curves.ipynb' }).first().waitFor({ timeout: 180_000 });
  });

  teardown(async () => {
    await closeWorkbench(wb);
    wb = undefined;
  });

  test('curves, landscape and explorer outputs are drawn; time to first render', async function () {
    this.timeout(240_000);
    await quickOpen(wb!, 'curves.ipynb');
    const opened = Date.now();
    let frame = await notebookOutput(wb!, FIGURE, 90_000);
    const firstMs = Date.now() - opened;
    assert.equal(await waitForCount(frame, FIGURE, 2), 2, 'both curves outputs drawn');
    const renderMs = await frame.locator('.losslab-figure[data-render-ms]').first().getAttribute('data-render-ms', { timeout: 30_000 });
    console.log(`losslab notebook firstFigureMs=${firstMs} (notebook tab open to first plot in the DOM, polled every 300 ms) rendererMs=${renderMs} (parse + draw inside the renderer)`);
    assert.ok((await frame.locator('.losslab-figure .scatterlayer .trace').count()) >= 3, 'train, val and run curves');
    // The renderer asked the extension for its translations and had the answer (none in English).
    await frame.locator('html[data-losslab-translations="0"]').waitFor({ state: 'attached', timeout: 60_000 });
    await wb!.shot('curves');

    await quickOpen(wb!, 'landscape.ipynb');
    frame = await frameWithText(wb!, '.losslab-figure .gtitle', '2-D slice');
    assert.equal(await waitForCount(frame, FIGURE, 2), 2, 'both landscape outputs drawn');
    assert.ok((await frame.locator('.losslab-figure .contourlayer .contour').count()) >= 1, 'the 2-D slice is a contour map');
    await wb!.shot('landscape');

    await quickOpen(wb!, 'explorer.ipynb');
    frame = await frameWithText(wb!, '.losslab-figure .gtitle', 'regression losses');
    assert.equal(await waitForCount(frame, FIGURE, 3), 3, 'the three explorer outputs drawn');
    const notes = (await frame.locator('.losslab-figure .annotation-text').allTextContents()).join(' | ');
    assert.match(notes, /does not know a loss called "hubber_loss"/, 'an unknown loss id is reported in its output');
    assert.ok((await frame.locator('.losslab-figure .scatterlayer .trace').count()) >= 4, 'explorer curves computed by the engine');
    await wb!.shot('explorer');
  });

  test('a malformed and a newer-version payload show an inline error; the valid one still draws', async function () {
    this.timeout(180_000);
    await quickOpen(wb!, 'malformed.ipynb');
    const frame = await notebookOutput(wb!, '.losslab-error', 60_000);
    assert.equal(await waitForCount(frame, '.losslab-error', 2), 2);
    const errors = await frame.locator('.losslab-error').allTextContents();
    assert.ok(errors.some((t) => /could not draw this output: series: expected an array/.test(t)), errors.join('\n'));
    assert.ok(errors.some((t) => /version 99 is newer than this Loss Lab understands/.test(t)), errors.join('\n'));
    assert.equal(await waitForCount(frame, FIGURE, 1), 1, 'the valid figure next to them is drawn');
    await wb!.shot('malformed');
  });

  test('figures follow a change of colour theme', async function () {
    this.timeout(240_000);
    await quickOpen(wb!, 'malformed.ipynb');
    const frame = await frameWithText(wb!, '.losslab-figure .gtitle', 'still fine');
    // The output's theme class, its title's fill and the theme's editor foreground (as rgb()).
    const seen = () => frame.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--vscode-editor-foreground)';
      document.body.append(probe);
      const foreground = getComputedStyle(probe).color;
      probe.remove();
      const title = document.querySelector('.losslab-figure .gtitle');
      return { theme: document.body.className, title: title ? getComputedStyle(title).fill : '', foreground };
    });
    const follows = (theme: RegExp) => waitUntil(seen, (s) => theme.test(s.theme) && s.title === s.foreground, { timeout: 60_000, what: `a title in the foreground of ${theme.source}` });
    // Themes by name, not the light/dark toggle: the code-server session is shared by later tests,
    // which must find it light again.
    if (!/vscode-light/.test((await seen()).theme)) await pickTheme(wb!, 'Light Modern');
    const light = await follows(/vscode-light/);
    try {
      await pickTheme(wb!, 'Dark Modern');
      const dark = await follows(/vscode-dark/);
      await wb!.shot('dark-theme');
      assert.notEqual(dark.title, light.title, 'the title is recoloured');
    } finally {
      await pickTheme(wb!, 'Light Modern');
      await follows(/vscode-light/);
    }
  });

  test('a notebook with 20 figure outputs renders all 20', async function () {
    this.timeout(240_000);
    await quickOpen(wb!, 'twenty.ipynb');
    const frame = await notebookOutput(wb!, FIGURE, 90_000);
    // The notebook list renders cells as they scroll into view; outputs stay once drawn.
    const list = wb!.page.locator('.notebook-editor .monaco-list').first();
    // Wheel over the list's left gutter: over the middle, the outputs' webview (an iframe) may take
    // the wheel events and the list does not scroll (one clean-clone run needed 77 s to get here).
    const box = (await list.boundingBox())!;
    const scrollAndCount = async () => {
      const count = await frame.locator(FIGURE).count();
      if (count < 20) {
        await wb!.page.mouse.move(box.x + 6, box.y + box.height / 2);
        await wb!.page.mouse.wheel(0, 600);
      }
      return count;
    };
    const drawn = await waitUntil(scrollAndCount, (n) => n >= 20, { timeout: 150_000, what: '20 figures drawn while scrolling' });
    await wb!.shot('twenty');
    assert.equal(drawn, 20);
    assert.equal(await frame.locator('.losslab-error').count(), 0);
    // One renderer module (and so one plotly) for the whole notebook, however many outputs.
    const loads = await frame.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\/out\/renderer\.js/.test(e.name)).length);
    assert.equal(loads, 1, 'out/renderer.js fetched once');
    const times = (await frame.locator('.losslab-figure[data-render-ms]').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.renderMs)))).sort((a, b) => a - b);
    console.log(`losslab notebook twenty: rendererMs median=${times[times.length >> 1]} max=${times[times.length - 1]} over ${times.length} figures`);

    // Clearing the outputs disposes them: the renderer purges each plot (the element held here
    // would otherwise keep its plotly SVG).
    const held = await frame.evaluateHandle(() => Array.from(document.querySelectorAll('.losslab-figure')));
    await runCommand(wb!, 'Notebook: Clear All Outputs');
    await waitUntil(() => frame.locator('.losslab-figure').count(), (n) => n === 0, { timeout: 30_000, what: 'the figures to be removed' });
    await wb!.shot('twenty-cleared');
    assert.equal(await frame.locator('.losslab-figure').count(), 0, 'outputs removed');
    assert.equal(await held.evaluate((els) => els.filter((e) => e.querySelector('.main-svg') !== null).length), 0, 'every plot purged');
  });

  test('"Plot Loss for This Cell" adds a figure to the selected cell without a kernel', async function () {
    this.timeout(180_000);
    await quickOpen(wb!, 'plot-cell.ipynb');
    const cell = wb!.page.locator('.notebook-editor .cell-list-container .code-cell-row', { hasText: 'HuberLoss' }).first();
    await cell.locator('.view-lines').click();
    await wb!.page.keyboard.press('Escape'); // leave the cell editor, keep the cell selected
    await runCommand(wb!, 'Loss Lab: Plot Loss for This Cell');
    const frame = await notebookOutput(wb!, FIGURE, 60_000).catch(async (e: unknown) => {
      const notes = await wb!.page.locator('.notifications-toasts, .notifications-center').allInnerTexts();
      throw new Error(`${e instanceof Error ? e.message : String(e)}; notifications: ${notes.join(' | ')}`);
    });
    assert.equal(await waitForCount(frame, FIGURE, 1), 1);
    const title = await frame.locator('.losslab-figure .gtitle').first().textContent();
    assert.match(title ?? '', /Huber/i);
    await wb!.shot('plot-cell');
  });
});
