// The notebook a user runs on their own PyTorch model (test/fixtures/notebooks/model-landscape.ipynb,
// executed in a real Jupyter kernel by test/python/model_notebook.py) in the real VS Code: the
// renderer draws each output, and "Open in Loss Lab panel" opens the landscape in the landscape panel.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../../scripts/vscode.mjs';
import { closeWorkbench, frameWithText, notebookOutput, openWorkbench, quickOpen, waitUntil, type Workbench } from './workbench';

const NOTEBOOK = 'model-landscape.ipynb';
const FIGURE = '.losslab-figure:has(.main-svg)';

suite('e2e: landscapes of the user\'s own model in a notebook', () => {
  let wb: Workbench | undefined;
  let folder: string;

  suiteSetup(() => {
    folder = mkdtempSync(join(tmpdir(), 'losslab-model-notebook-'));
    copyFileSync(join(REPO, 'test', 'fixtures', 'notebooks', NOTEBOOK), join(folder, NOTEBOOK));
  });

  suiteTeardown(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  teardown(async () => {
    await closeWorkbench(wb);
    wb = undefined;
  });

  test('each output is drawn, and "Open in Loss Lab panel" opens the landscape panel', async function () {
    this.timeout(300_000);
    wb = await openWorkbench('model-notebook', { folder });
    await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: NOTEBOOK }).first().waitFor({ timeout: 180_000 });
    await quickOpen(wb, NOTEBOOK);
    const frame = await notebookOutput(wb, FIGURE, 90_000);

    // Cells render as they scroll into view; outputs stay once drawn. Wheel over the list's gutter.
    const list = wb.page.locator('.notebook-editor .monaco-list').first();
    const box = (await list.boundingBox())!;
    const scroll = async () => {
      await wb!.page.mouse.move(box.x + 6, box.y + box.height / 2);
      await wb!.page.mouse.wheel(0, 400);
    };
    const drawn = await waitUntil(async () => {
      const n = await frame.locator(FIGURE).count();
      if (n < 4) await scroll();
      return n;
    }, (n) => n >= 4, { timeout: 150_000, what: 'four figures drawn while scrolling' });
    await wb.shot('model-notebook');
    assert.equal(drawn, 4, 'the 2-D landscape, the 1-D slice, the interpolation and the trajectory plane');
    assert.equal(await frame.locator('.losslab-error').count(), 0);
    const titles = await frame.locator('.losslab-figure .gtitle').allTextContents();
    for (const expected of [/\(2 random directions, seed 0\)/, /\(1 random direction, seed 0\)/, /\(α = 0\) to the given state_dict \(α = 1\)/, /training path's plane/]) {
      assert.ok(titles.some((t) => expected.test(t)), `${expected} among ${titles.join(' | ')}`);
    }
    assert.ok((await frame.locator('.losslab-figure .contourlayer .contour').count()) >= 2, 'the two 2-D landscapes are contour maps');
    // The sharpness result is a text/plain output (VS Code's own renderer, in a shadow root: getByText pierces it).
    const sharpness = frame.getByText(/Loss Lab sharpness: top Hessian eigenvalue/);
    await waitUntil(async () => {
      const n = await sharpness.count();
      if (n === 0) await scroll();
      return n;
    }, (n) => n > 0, { timeout: 60_000, what: 'the sharpness summary' });
    assert.ok((await sharpness.count()) > 0, 'the sharpness summary is shown');
    assert.equal(await frame.locator('.losslab-open-panel').count(), 4, 'every landscape offers the panel');

    // The first landscape's button: the extension opens the landscape panel on that figure.
    const open = frame.locator('.losslab-figure:has(.gtitle:text-matches("2 random directions")) + .losslab-open-panel');
    // The outputs' webview lies under the notebook list: scroll the list until the button shows, then click it.
    const clicked = await waitUntil(async () => {
      const b = await open.boundingBox();
      if (b && b.y > box.y + 10 && b.y + b.height < box.y + box.height - 10) {
        await wb!.page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
        return true;
      }
      await wb!.page.mouse.move(box.x + 6, box.y + box.height / 2);
      await wb!.page.mouse.wheel(0, !b || b.y > box.y ? 200 : -200);
      return false;
    }, (done) => done, { timeout: 60_000, what: 'the button to scroll into view' });
    assert.ok(clicked);
    const panel = await frameWithText(wb, '#info li', 'From a notebook output', 90_000, frame);
    await panel.locator('.main-svg .contourlayer').first().waitFor({ timeout: 60_000 });
    const panelTitle = await panel.locator('.gtitle').first().textContent();
    assert.match(panelTitle ?? '', /2 random directions/);
    assert.equal(await panel.getByRole('button', { name: 'Recompute' }).count(), 0, 'nothing to recompute for a kernel\'s figure');
    assert.equal(await panel.getByRole('button', { name: 'PNG' }).count(), 1, 'export is offered');
    assert.equal(await panel.locator('select option[value="surface"]').isDisabled(), false, 'the 3-D surface view is offered');
    await wb.shot('model-notebook-panel');
  });
});
