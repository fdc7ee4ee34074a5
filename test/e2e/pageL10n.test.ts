/** The panels' own text is translated: the page the extension host builds (pageHtml) carries the
 *  extension's translations, and the built webview bundle (out/webview.js) labels its controls
 *  with them. Headless Chromium, with the page's real CSP, given a pseudo-translation of every
 *  message in l10n/bundle.l10n.json (each wrapped in ⟦ ⟧), as a display language would bring. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { pageHtml, type PageApp } from '../../src/extension/panels/pageHtml';
import type { CurvesFigure } from '../../src/protocol/figure';
import { launchChromium } from '../../scripts/vscode.mjs';
import { isRecord } from '../../src/protocol/validate';
import { waitUntil } from '../shared/waitUntil';

const ROOT = join(__dirname, '..', '..');
const ORIGIN = 'https://losslab.test';
const pseudo = (m: string): string => `⟦${m}⟧`;
const english = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
const translated = Object.fromEntries(Object.keys(english).map((m) => [m, pseudo(m)]));

suite('e2e: the panels speak the display language', () => {
  let browser: Browser | undefined;

  suiteSetup(async function () {
    this.timeout(120_000);
    browser = await launchChromium(mkdtempSync(join(tmpdir(), 'losslab-l10n-')));
  });

  suiteTeardown(async () => {
    await browser?.close();
  });

  /** A page as a panel shows it, with `bundle` as its translations; what it posts is collected. */
  async function openPage(app: PageApp, bundle: Record<string, string> | undefined): Promise<{ page: Page; posted: unknown[]; problems: string[] }> {
    const page = await browser!.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const html = pageHtml({ nonce: 'bm9uY2U', script: `${ORIGIN}/webview.js`, cspSource: ORIGIN, title: 'Curves', app, language: 'qps', bundle, labels: { controls: pseudo('Plot controls'), notes: pseudo('Notes') } });
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/webview.js`) return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(ROOT, 'out', 'webview.js')) });
      if (url === `${ORIGIN}/`) return route.fulfill({ contentType: 'text/html', body: html });
      return route.fulfill({ status: 404 });
    });
    const posted: unknown[] = [];
    await page.exposeFunction('__posted', (m: unknown) => void posted.push(m));
    // As text: tsx's transpiled functions call a helper that the page does not have.
    await page.addInitScript({
      content: 'let state; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted(m), getState: () => state, setState: (s) => { state = s; } });',
    });
    await page.goto(`${ORIGIN}/`);
    return { page, posted, problems };
  }

  const figure: CurvesFigure = { version: 1, kind: 'curves', title: 'loss', series: [{ name: 'train', values: [3, 2, 1.5, 1.2], split: 'train' }] };

  test('with translations, the toolbar and its groups carry them; without, English', async function () {
    this.timeout(120_000);
    const { page, problems } = await openPage('plot', translated);
    await page.evaluate((f) => window.postMessage({ v: 1, type: 'show', figure: f }, '*'), figure);
    await page.locator('.main-svg').first().waitFor({ timeout: 60_000 });
    for (const label of ['Smoothing', 'Log y', 'Ignore outliers', 'x axis']) {
      await page.getByLabel(pseudo(label), { exact: true }).first().waitFor({ timeout: 10_000 });
    }
    assert.equal(await page.getByRole('group', { name: pseudo('Export') }).count(), 1);
    assert.equal(await page.getByRole('toolbar', { name: pseudo('Plot controls') }).count(), 1);
    assert.equal(await page.locator('html').getAttribute('lang'), 'qps');
    assert.deepEqual(problems, []);
    await page.close();

    const plain = await openPage('plot', undefined);
    await plain.page.evaluate((f) => window.postMessage({ v: 1, type: 'show', figure: f }, '*'), figure);
    await plain.page.getByLabel('Smoothing', { exact: true }).first().waitFor({ timeout: 60_000 });
    assert.deepEqual(plain.problems, []);
    await plain.page.close();
  });

  test('the sweep panel\'s controls and status are translated too', async function () {
    this.timeout(120_000);
    const { page, problems } = await openPage('sweep', translated);
    const sweep = { sweepId: 's1', title: 'sweep', task: 'binary', steps: 10, metric: { name: 'accuracy', higherIsBetter: true }, best: -1, finished: false, cancelled: false,
      runs: [{ status: 'queued', train_loss: null, val_loss: null, metric: null, ms: null, loss: 'mse_loss', optimizer: 'adam', lr: 0.01, seed: 0, train: [] }] };
    await page.evaluate((s) => window.postMessage({ v: 1, type: 'sweep', sweep: s }, '*'), sweep);
    await page.getByLabel(pseudo('Group by'), { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByText(`${pseudo(`${pseudo('Running')}: 0/1 runs finished`)}.`).waitFor({ timeout: 30_000 });
    await page.getByRole('cell', { name: pseudo('queued') }).waitFor({ timeout: 30_000 });
    await page.getByRole('columnheader', { name: pseudo('seed') }).waitFor({ timeout: 30_000 });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('translations that are not a map of messages leave the text English and say so', async function () {
    this.timeout(120_000);
    const { page, posted } = await openPage('plot', { Smoothing: 3 } as unknown as Record<string, string>);
    await page.getByText("the page's translations are not a map of messages").waitFor({ timeout: 30_000 });
    // ...and tell the host, whose log is where a maintainer looks.
    await waitUntil(async () => posted, (p) => p.some((m) => isRecord(m) && m.type === 'problem' && m.message === "the page's translations are not a map of messages"), { timeout: 30_000, what: 'the problem posted to the host' });
    await page.evaluate((f) => window.postMessage({ v: 1, type: 'show', figure: f }, '*'), figure);
    await page.getByLabel('Smoothing', { exact: true }).first().waitFor({ timeout: 60_000 });
    await page.close();
  });
});
