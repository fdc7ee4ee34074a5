import * as assert from 'node:assert/strict';
import { getLoss } from '../../src/engine/catalog';
import { closeWorkbench, frameWith, hoverText, openWorkbench, quickOpen, type Workbench } from './workbench';

suite('e2e: editor intelligence as a person meets it', () => {
  let wb: Workbench | undefined;

  setup(async function () {
    this.timeout(300_000);
    wb = await openWorkbench(this.currentTest?.title.replace(/\W+/g, '-').slice(0, 40) ?? 'editor');
  });

  teardown(async () => {
    await closeWorkbench(wb);
    wb = undefined;
  });

  test('hovering MSELoss with the mouse shows the catalog entry and the argument the user wrote', async function () {
    this.timeout(180_000);
    const mse = getLoss('mse_loss')!;
    await quickOpen(wb!, 'train.py');
    const text = await hoverText(wb!, 'MSELoss');
    assert.ok(text.includes(mse.title), `names the loss: ${text}`);
    assert.ok(text.includes('Your arguments') && text.includes('reduction="mean"'), `explains reduction="mean": ${text}`);
    assert.ok(text.includes('Keras') && text.includes('MeanSquaredError'), `shows the Keras equivalent: ${text}`);
    assert.match(text, /Plot\s*·\s*Compare\s*·\s*Sweep/);
    const image = wb!.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content img').first();
    const width = await image.evaluate((img) => (img as HTMLImageElement).naturalWidth, undefined, { timeout: 10_000 });
    assert.ok(width > 0, 'the loss/gradient curve image is drawn in the hover');
  });

  test('the "Plot loss" code lens above the loss opens the plot', async function () {
    this.timeout(180_000);
    await quickOpen(wb!, 'train.py');
    const lens = wb!.page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Plot loss' }).first();
    await lens.waitFor({ timeout: 60_000 });
    await wb!.shot('lenses');
    await lens.click();
    const frame = await frameWith(wb!, '.main-svg', 60_000);
    assert.ok((await frame.locator('.main-svg .scatterlayer .trace').count()) >= 1, 'the plot has a curve');
    await wb!.shot('lens-plot');
  });
});
