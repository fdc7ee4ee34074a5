/** The notebook renderer's text is translated: on activation it asks the extension for its
 *  translations, and the outputs it drew are drawn again in them. The built renderer
 *  (out/renderer.js) in headless Chromium, given a context that stands in for VS Code's renderer
 *  messaging, answering with a pseudo-translation of every message in l10n/bundle.l10n.json (each
 *  wrapped in ⟦ ⟧), as the extension does under a display language. That the real extension
 *  answers inside VS Code is checked by test/e2e/notebook.test.ts. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/vscode.mjs';
import { isRecord } from '../../src/protocol/validate';
import { waitUntil } from '../shared/waitUntil';

const ROOT = join(__dirname, '..', '..');
const ORIGIN = 'https://losslab.test';
const pseudo = (m: string): string => `⟦${m}⟧`;
const english = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
const translated = Object.fromEntries(Object.keys(english).map((m) => [m, pseudo(m)]));
const landscape = { version: 1, kind: 'landscape', title: 'slice', x: [-1, 0, 1], y: [-1, 0, 1], z: [[2, 1, 2], [1, 0, 1], [2, 1, 2]], trajectory: { x: [1, 0], y: [1, 0], z: [2, 0] } };

suite('e2e: the notebook renderer speaks the display language', () => {
  let browser: Browser | undefined;

  suiteSetup(async function () {
    this.timeout(120_000);
    browser = await launchChromium(mkdtempSync(join(tmpdir(), 'losslab-renderer-l10n-')));
  });

  suiteTeardown(async () => {
    await browser?.close();
  });

  /** The renderer activated in a page, an output rendered; what it posts is collected and
   *  `window.__reply(m)` delivers a message from the "extension". */
  async function rendered(): Promise<{ page: Page; posted: unknown[] }> {
    const page = await browser!.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/renderer.js`) return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(ROOT, 'out', 'renderer.js')) });
      if (url === `${ORIGIN}/`) return route.fulfill({ contentType: 'text/html', body: '<!DOCTYPE html><html><body><div id="out" style="width:700px"></div></body></html>' });
      return route.fulfill({ status: 404 });
    });
    const posted: unknown[] = [];
    await page.exposeFunction('__posted', (m: unknown) => void posted.push(m));
    await page.goto(`${ORIGIN}/`);
    // As text: tsx's transpiled functions call a helper that the page does not have.
    await page.evaluate(`(async () => {
      const { activate } = await import('${ORIGIN}/renderer.js');
      let listener;
      const api = activate({ postMessage: (m) => window.__posted(m), onDidReceiveMessage: (l) => { listener = l; return { dispose() {} }; } });
      window.__reply = (m) => listener(m);
      await api.renderOutputItem({ id: 'o1', mime: 'application/vnd.losslab.figure+json', json: () => (${JSON.stringify(landscape)}) }, document.getElementById('out'));
    })()`);
    return { page, posted };
  }

  test('it asks the extension for translations and draws its outputs again in them', async function () {
    this.timeout(120_000);
    const { page, posted } = await rendered();
    await page.getByRole('button', { name: 'Open in Loss Lab panel' }).waitFor({ timeout: 60_000 });
    await page.locator('.xtitle', { hasText: 'α (first direction)' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(posted[0], { v: 1, type: 'translations' });

    await page.evaluate((bundle) => (window as unknown as { __reply(m: unknown): void }).__reply({ v: 1, type: 'translations', bundle }), translated);
    await page.getByRole('button', { name: pseudo('Open in Loss Lab panel') }).waitFor({ timeout: 30_000 });
    await page.locator('.xtitle', { hasText: pseudo('α (first direction)') }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('html').getAttribute('data-losslab-translations'), String(Object.keys(translated).length));
    assert.equal(await page.locator('.losslab-figure').count(), 1, 'drawn again in place, not added');
    await page.close();
  });

  test('a malformed answer leaves the output English and is reported to the extension', async function () {
    this.timeout(120_000);
    const { page, posted } = await rendered();
    await page.getByRole('button', { name: 'Open in Loss Lab panel' }).waitFor({ timeout: 60_000 });
    await page.evaluate(() => (window as unknown as { __reply(m: unknown): void }).__reply({ v: 1, type: 'translations', bundle: { 'Open in Loss Lab panel': 3 } }));
    await waitUntil(async () => posted, (p) => p.some((m) => isRecord(m) && m.type === 'problem' && String(m.message).includes('malformed message from the extension')), { timeout: 30_000, what: 'the problem posted to the extension' });
    await page.getByRole('button', { name: 'Open in Loss Lab panel', exact: true }).waitFor({ timeout: 10_000 });
    await page.close();
  });
});
