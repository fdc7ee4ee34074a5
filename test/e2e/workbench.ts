/**
 * End-to-end helpers: drive the real VS Code workbench (code-server) in Chromium as a person would.
 *
 * One code-server and one Chromium serve every e2e test of a run (started on first use, closed by
 * the root `mochaHooks` below; scripts/test.mjs loads this file with mocha's --require). Each suite
 * opens its own page on the `examples/` workspace with the extension under development loaded.
 *
 *   const wb = await openWorkbench('hover');          // new page, workbench ready, extension loaded
 *   await quickOpen(wb, 'train.py');                  // Ctrl+P, type, wait for the row, Enter
 *   const text = await hoverText(wb, 'MSELoss');      // mouse over the word, read the hover widget
 *   await runCommand(wb, 'Loss Lab: Plot Loss');      // F1, type the title, Enter (retried); { exact: true } clicks that row
 *   const frame = await frameWith(wb, '.main-svg');   // the (nested) iframe holding a selector:
 *                                                     // webview panels and notebook outputs alike
 *   await notebookOutput(wb, '.main-svg');            // same, inside the notebook output webview
 *   await wb.shot('after-plot');                      // screenshot into test-results/e2e/
 *   await closeWorkbench(wb);
 *
 * Every helper takes a screenshot on its own after acting (test-results/e2e/<suite>-NN-<step>.png),
 * so a failure can be looked at. Timeouts are generous: the machine has 2 cores.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import {
  REPO, launchChromium, startCodeServer, workbenchUrl, type CodeServer,
} from '../../scripts/vscode.mjs';

import { waitUntil } from '../shared/waitUntil';

export { waitUntil };

export const EXAMPLES = join(REPO, 'examples');
export const RESULTS = join(REPO, 'test-results', 'e2e');
const STEP_TIMEOUT = 90_000;

export interface Workbench {
  page: Page;
  server: CodeServer;
  /** Saves a numbered screenshot of the whole page; returns its path. */
  shot(step: string): Promise<string>;
}

export interface Session { server: CodeServer; browser: Browser }

let shared: Promise<Session> | undefined;

/** A code-server on examples/ and a Chromium. `installExtension`: this checkout is also linked as
 *  installed, as `npm start` does, so the Extensions view lists it. */
export async function startSession(options: { installExtension?: string } = {}): Promise<Session> {
  const server = await startCodeServer({ folder: EXAMPLES, ...options });
  try {
    const browser = await launchChromium(join(server.runDir, 'chromium'));
    return { server, browser };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

export async function stopSession(session: Session | undefined): Promise<void> {
  await session?.browser.close().catch(() => undefined);
  await session?.server.stop();
}

function sharedSession(): Promise<Session> {
  shared ??= startSession();
  return shared;
}

/** Root hooks (mocha --require): clear old screenshots, close the shared browser and server. */
export const mochaHooks = {
  beforeAll(): void {
    rmSync(RESULTS, { recursive: true, force: true });
    mkdirSync(RESULTS, { recursive: true });
  },
  async afterAll(): Promise<void> {
    if (!shared) return;
    const session = await shared.catch(() => undefined);
    shared = undefined;
    await stopSession(session);
  },
};

/** A fresh workbench page on examples/ with Loss Lab loaded from this checkout; waits until the
 *  explorer shows the workspace's files. `session`: another than the shared one. */
export async function openWorkbench(name: string, options: { folder?: string; session?: Session } = {}): Promise<Workbench> {
  const { server, browser } = options.session ?? (await sharedSession());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let n = 0;
  const wb: Workbench = {
    page,
    server,
    async shot(step) {
      const file = join(RESULTS, `${name}-${String(++n).padStart(2, '0')}-${step.replace(/[^\w.-]+/g, '_')}.png`);
      await page.screenshot({ path: file }).catch(() => undefined);
      return file;
    },
  };
  // Conditions, with room for a loaded machine: the page's own 'load' event waits for every script
  // the workbench pulls in (30 s by default was not enough with other jobs running), so wait for the
  // document, then for the workbench and its explorer.
  await page.goto(workbenchUrl(server, { folder: options.folder ?? EXAMPLES, extensionDevelopmentPath: REPO }), { waitUntil: 'domcontentloaded', timeout: 180_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 180_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 180_000 });
  await wb.shot('workbench');
  return wb;
}

export async function closeWorkbench(wb: Workbench | undefined): Promise<void> {
  await wb?.page.close().catch(() => undefined);
}

/** Types `text` into the quick input opened by `key` and presses Enter on the row showing `rowText`.
 *  Retries (Escape, reopen) until `timeout`: right after the page loads, the workbench may still be
 *  connecting to its server and the lists fill late. */
async function pickFromQuickInput(wb: Workbench, key: string, text: string, rowText: string, timeout: number, exact = false): Promise<void> {
  const { page } = wb;
  const input = page.locator('.quick-input-widget input');
  const row = exact
    ? page.locator('.quick-input-list .monaco-list-row', { has: page.getByText(rowText, { exact: true }) }).first()
    : page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
  const attempt = async (): Promise<boolean> => {
    try {
      await page.keyboard.press(key);
      await input.waitFor({ timeout: 5_000 });
      await input.fill(text);
      await row.waitFor({ timeout: 8_000 });
      // Exact: click the row itself, since Enter takes whichever row the palette ranks first.
      if (exact) await row.click({ timeout: 5_000 });
      else await page.keyboard.press('Enter');
      return true;
    } catch {
      await page.keyboard.press('Escape');
      return false;
    }
  };
  try {
    await waitUntil(attempt, (done) => done, { timeout, what: `"${rowText}" in the quick input` });
  } catch (e) {
    await wb.shot(`quick-input-${rowText}-missing`);
    throw e;
  }
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab and, for a text
 *  file, its text: a command run while the tab is still loading finds no active text editor. */
export async function quickOpen(wb: Workbench, fileName: string): Promise<void> {
  await pickFromQuickInput(wb, 'Control+P', fileName, fileName, 60_000);
  await wb.page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: STEP_TIMEOUT });
  if (!fileName.endsWith('.ipynb')) await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line').first().waitFor({ timeout: STEP_TIMEOUT });
  await wb.shot(`open-${fileName}`);
}

/** The centre and size of the first occurrence of `word` in the visible text editor, found with a DOM Range
 *  (editor lines render spaces as non-breaking spaces). */
async function wordBox(page: Page, word: string): Promise<{ x: number; y: number; width: number; height: number } | null> {
  return page.evaluate((w) => {
    const lines = document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line');
    for (const line of Array.from(lines)) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = (node.textContent ?? '').replace(/\u00a0/g, ' ');
        const re = new RegExp(`\\b${w}\\b`);
        const m = re.exec(text);
        if (!m) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + w.length);
        const r = range.getBoundingClientRect();
        if (r.width > 0) return { x: r.left + r.width / 2, y: r.top + r.height / 2, width: r.width, height: r.height };
      }
    }
    return null;
  }, word);
}

/** Moves the mouse onto `word` in the active editor and returns the text of the hover that shows
 *  (trimmed), once it has stayed the same for 300 ms (several providers may answer one after another). */
export async function hoverText(wb: Workbench, word: string, timeout = 60_000): Promise<string> {
  const { page } = wb;
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content');
  let last = '';
  const settled = async (): Promise<string> => {
    let since = Date.now();
    let previous = '';
    return waitUntil(
      async () => (await hover.first().innerText()).trim(),
      (text) => {
        if (text !== previous) [previous, since] = [text, Date.now()];
        last = text;
        return text !== '' && Date.now() - since >= 300;
      },
      { timeout: 5_000, what: 'the hover text to settle' },
    );
  };
  const attempt = async (): Promise<string | null> => {
    const box = await wordBox(page, word);
    if (!box) return null;
    await page.mouse.move(box.x - 40, box.y + 60);
    await page.mouse.move(box.x, box.y, { steps: 4 });
    // No hover yet means the language features may still be starting: the next attempt moves away and back.
    await hover.first().waitFor({ timeout: 5_000 });
    return settled();
  };
  try {
    const text = (await waitUntil(attempt, (t) => t !== null, { timeout, what: `a hover over "${word}"` }))!;
    await wb.shot(`hover-${word}`);
    return text;
  } catch {
    await wb.shot(`hover-${word}-missing`);
    throw new Error(`no hover appeared over "${word}"${last ? ` (last text: ${last})` : ''}`);
  }
}

/** Whether the active editor's cursor stands inside the first occurrence of `word` (within half a
 *  character of its ends). */
async function cursorInWord(page: Page, word: string): Promise<boolean> {
  const box = await wordBox(page, word);
  if (!box) return false;
  const cursor = await page.evaluate(() => {
    const c = document.querySelector('.editor-group-container.active .monaco-editor .cursors-layer .cursor');
    const r = c?.getBoundingClientRect();
    return r ? { x: r.left, y: r.top + r.height / 2 } : null;
  });
  const slack = box.width / word.length / 2;
  return cursor !== null && cursor.x >= box.x - box.width / 2 - slack && cursor.x <= box.x + box.width / 2 + slack && Math.abs(cursor.y - box.y) < box.height / 2;
}

/** Clicks `word` in the active editor (puts the cursor there). Code lenses that arrive between
 *  finding the word and clicking move the lines under the pointer (a loaded CI run put the cursor at
 *  the start of the line), so the click is repeated until the cursor is inside the word. */
export async function clickWord(wb: Workbench, word: string): Promise<void> {
  const attempt = async (): Promise<boolean> => {
    const box = await wordBox(wb.page, word);
    if (!box) return false;
    await wb.page.mouse.click(box.x, box.y);
    return cursorInWord(wb.page, word);
  };
  await waitUntil(attempt, (inside) => inside, { timeout: STEP_TIMEOUT, what: `the cursor inside "${word}"` });
  await wb.shot(`click-${word}`);
}

/** Answers an open quick pick: types `text`, waits for the row showing it, Enter. */
export async function choose(wb: Workbench, text: string): Promise<void> {
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: STEP_TIMEOUT });
  await input.fill(text);
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: STEP_TIMEOUT });
  await wb.page.keyboard.press('Enter');
  await wb.shot(`chose-${text}`);
}

/** Runs a command from the palette: F1, type its title, wait for the row, Enter. */
export async function runCommand(wb: Workbench, title: string, options: { exact?: boolean } = {}): Promise<void> {
  await pickFromQuickInput(wb, 'F1', `>${title}`, title, 60_000, options.exact ?? false);
  await wb.shot(`command-${title}`);
}

/** The frame (webview panels and notebook outputs live in nested iframes) that contains
 *  `selector`, polling until `timeout`. */
export async function frameWith(wb: Workbench, selector: string, timeout = STEP_TIMEOUT): Promise<Frame> {
  const find = async (): Promise<Frame | undefined> => {
    for (const frame of wb.page.frames()) {
      if (frame === wb.page.mainFrame()) continue;
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
    }
    return undefined;
  };
  try {
    const frame = (await waitUntil(find, (f) => f !== undefined, { timeout, what: `a frame containing ${selector}` }))!;
    await wb.shot(`frame-${selector}`);
    return frame;
  } catch (e) {
    await wb.shot(`frame-${selector}-missing`);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${await whatIsShown(wb)}`);
  }
}

/** What the page shows, for a failure message: each frame's address and the start of its text,
 *  the notifications and the editor tabs (the CI machine's screenshots are not at hand). */
async function whatIsShown(wb: Workbench): Promise<string> {
  const frames = await Promise.all(wb.page.frames().filter((f) => f !== wb.page.mainFrame()).map(async (f) => {
    const text = await f.locator('body').innerText({ timeout: 2_000 }).catch(() => '(no body)');
    return `  ${f.url().slice(0, 120)}: ${text.replace(/\s+/g, ' ').slice(0, 160)}`;
  }));
  const notes = await wb.page.locator('.notifications-toasts, .notifications-center').allInnerTexts().catch(() => []);
  const tabs = await wb.page.locator('.tabs-container .tab').allInnerTexts().catch(() => []);
  const quickInput = await wb.page.locator('.quick-input-widget:visible').allInnerTexts().catch(() => []);
  return [`frames:`, ...frames, `notifications: ${notes.join(' | ').replace(/\s+/g, ' ')}`, `tabs: ${tabs.join(' | ')}`, `quick input: ${quickInput.join(' | ').replace(/\s+/g, ' ')}`].join('\n');
}

/** The notebook output webview frame that contains `selector` (the notebook editor must be open). */
export async function notebookOutput(wb: Workbench, selector: string, timeout = STEP_TIMEOUT): Promise<Frame> {
  // The .notebook-editor element itself has no box; its presence says the notebook editor opened.
  await wb.page.locator('.notebook-editor').first().waitFor({ state: 'attached', timeout });
  return frameWith(wb, selector, timeout);
}

/** The frame with an element matching `selector` whose text contains `text` (not `except`): tells
 *  apart the output webviews of several open notebooks, or a panel from the notebook it came from. */
export async function frameWithText(wb: Workbench, selector: string, text: string, timeout = 60_000, except?: Frame): Promise<Frame> {
  const find = async (): Promise<Frame | undefined> => {
    for (const frame of wb.page.frames()) {
      if (frame === except) continue;
      const texts = await frame.locator(selector).allTextContents().catch(() => [] as string[]);
      if (texts.some((t) => t.includes(text))) return frame;
    }
    return undefined;
  };
  try {
    return (await waitUntil(find, (f) => f !== undefined, { timeout, what: `a frame showing "${text}" in ${selector}` }))!;
  } catch (e) {
    await wb.shot(`frame-${text}-missing`);
    throw e;
  }
}

/** Switches the colour theme to `name` through "Preferences: Color Theme" (by name, unlike the
 *  light/dark toggle, so a test knows the theme it leaves for the next one). */
export async function pickTheme(wb: Workbench, name: string): Promise<void> {
  // Not runCommand: "Preferences: Browse Color Themes in Marketplace" can be the selected row.
  await wb.page.keyboard.press('F1');
  const palette = wb.page.locator('.quick-input-widget input');
  await palette.waitFor({ timeout: 30_000 });
  await palette.fill('>Preferences: Color Theme');
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).filter({ hasNotText: 'Browse' }).first().click({ timeout: 30_000 });
  const input = wb.page.locator('.quick-input-widget input[placeholder*="Color Theme"]');
  try {
    await input.waitFor({ timeout: 30_000 });
  } catch (e) {
    await wb.shot('theme-picker-missing');
    const html = await wb.page.locator('.quick-input-widget').first().innerHTML().catch(() => '(none)');
    throw new Error(`${(e as Error).message}\n${html.slice(0, 2000)}`);
  }
  await input.fill(name);
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 30_000 });
  await wb.page.keyboard.press('Enter');
  await wb.shot(`theme-${name}`);
}
