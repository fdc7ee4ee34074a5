import * as assert from 'node:assert/strict';
import { getLoss } from '../../src/engine/catalog';
import {
  closeWorkbench, frameWith, hoverText, notebookOutput, openWorkbench, quickOpen, runCommand, type Workbench,
} from './workbench';

suite('e2e: the vertical slice as a person meets it', () => {
  let wb: Workbench | undefined;

  setup(async function () {
    this.timeout(120_000);
    wb = await openWorkbench(this.currentTest?.title.replace(/\W+/g, '-').slice(0, 40) ?? 'test');
  });

  teardown(async () => {
    await closeWorkbench(wb);
    wb = undefined;
  });

  test('hovering MSELoss in train.py shows the catalog entry', async () => {
    const mse = getLoss('mse_loss');
    assert.ok(mse);
    await quickOpen(wb!, 'train.py');
    const text = await hoverText(wb!, 'MSELoss');
    assert.ok(text.includes(mse.title), `hover shows "${mse.title}": ${text}`);
  });

  test('"Loss Lab: Plot Loss" from the palette draws a plotly chart in a webview', async () => {
    await runCommand(wb!, 'Loss Lab: Plot Loss');
    const frame = await frameWith(wb!, '.main-svg');
    const traces = await frame.locator('.main-svg .scatterlayer .trace').count();
    assert.ok(traces >= 1, `the chart has a line (found ${traces} traces)`);
    const title = await frame.locator('.main-svg .gtitle').first().textContent();
    assert.ok(title?.includes(getLoss('mse_loss')!.title), `chart title names the loss: ${title}`);
    await wb!.shot('plot');
  });

  test('a saved Loss Lab figure output in curves.ipynb is drawn by the renderer', async () => {
    await quickOpen(wb!, 'curves.ipynb');
    const frame = await notebookOutput(wb!, '.losslab-figure .main-svg', 60_000);
    const traces = await frame.locator('.losslab-figure .scatterlayer .trace').count();
    assert.equal(traces, 2, 'train and val curves');
    await wb!.shot('notebook');
  });
});
