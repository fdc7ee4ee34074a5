import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLoss } from '../../src/engine/catalog';
import { FIGURE_MIME, type CurvesFigure } from '../../src/protocol/figure';
import {
  EXAMPLES, clickWord, closeWorkbench, frameWith, hoverText, notebookOutput, openWorkbench, quickOpen, runCommand, type Workbench,
} from './workbench';

/** The first Loss Lab figure saved among a notebook's outputs. */
function savedFigure(path: string): CurvesFigure {
  const nb = JSON.parse(readFileSync(path, 'utf8')) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
  const figure = nb.cells.flatMap((c) => c.outputs ?? []).map((o) => o.data?.[FIGURE_MIME]).find((d) => d !== undefined);
  if (!figure) throw new Error(`${path} has no saved ${FIGURE_MIME} output`);
  return figure as CurvesFigure;
}

suite('e2e: the vertical slice as a person meets it', () => {
  let wb: Workbench | undefined;

  setup(async function () {
    this.timeout(300_000);
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

  test('"Loss Lab: Plot Loss" from the palette draws the loss under the cursor in a webview', async () => {
    await quickOpen(wb!, 'train.py');
    await clickWord(wb!, 'MSELoss');
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
    const frame = await notebookOutput(wb!, '.main-svg', 60_000);
    const saved = savedFigure(join(EXAMPLES, 'curves.ipynb'));
    const title = await frame.locator('.main-svg .gtitle').first().textContent();
    assert.equal(title, saved.title);
    const legend = await frame.locator('.losslab-legend-item').allTextContents();
    for (const series of saved.series) assert.ok(legend.includes(series.name), `legend shows ${series.name}: ${legend.join(', ')}`);
    await wb!.shot('notebook');
  });
});
