import * as assert from 'node:assert/strict';
import { REPO } from '../../scripts/vscode.mjs';
import { closeWorkbench, frameWith, openWorkbench, startSession, stopSession, waitUntil, type Session, type Workbench } from './workbench';

/** What `npm start` gives a newcomer: Loss Lab in the Extensions view, its README (the user's one)
 *  on the details page, with the screenshot drawn. Its own code-server, set up as `npm start` does. */
suite('e2e: Loss Lab in the Extensions view', () => {
  let session: Session | undefined;
  let wb: Workbench | undefined;

  suiteSetup(async function () {
    this.timeout(300_000);
    session = await startSession({ installExtension: REPO });
  });

  suiteTeardown(async () => {
    await closeWorkbench(wb);
    await stopSession(session);
  });

  test('the Extensions view lists Loss Lab; its page shows the README with the screenshot loaded', async function () {
    this.timeout(300_000);
    wb = await openWorkbench('extensions-view', { session });
    const { page } = wb;
    await page.keyboard.press('Control+Shift+X');
    const search = page.locator('.extensions-viewlet .suggest-input-container textarea, .extensions-viewlet .monaco-inputbox textarea').first();
    await search.waitFor({ timeout: 60_000 });
    await search.fill('@installed Loss Lab');
    const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Loss Lab' }).first();
    await row.waitFor({ timeout: 60_000 });
    await wb.shot('listed');
    await row.click();

    const readme = await frameWith(wb, 'img[alt^="Loss Lab in VS Code"]', 90_000);
    const image = readme.locator('img[alt^="Loss Lab in VS Code"]');
    const width = await waitUntil(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : -1)), (w) => w !== -1, { what: 'the screenshot to finish loading' });
    await wb.shot('details');
    assert.ok(width > 0, 'the screenshot in the README is drawn (naturalWidth > 0), not a broken image');
    const heading = (await readme.locator('h2').allTextContents()).map((h) => h.trim());
    assert.equal(heading[0], 'Getting started', `the README opens with the user's part: ${heading.join(' / ')}`);
  });
});
