import { performance } from 'node:perf_hooks';
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateLossLab, openUntitledPython, waitUntil } from './util';

interface PanelInfo {
  kind: string;
  viewType: string;
  title: string;
  rendered: { kind: string; traces: number; theme: string } | null;
}

async function panels(): Promise<PanelInfo[]> {
  return vscode.commands.executeCommand<PanelInfo[]>('losslab.panels.inspect');
}

/** Polls until a panel of `kind` reports a drawing that satisfies `ok`. */
async function waitForDrawn(kind: string, ok: (p: PanelInfo) => boolean = () => true, timeout = 60_000): Promise<PanelInfo> {
  const drawn = (all: PanelInfo[]) => all.filter((x) => x.kind === kind).pop();
  const all = await waitUntil(panels, (all) => { const p = drawn(all); return !!p?.rendered && ok(p); }, { timeout, what: `a ${kind} panel's drawing` });
  return drawn(all)!;
}

suite('panels', () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-panels-'));

  suiteSetup(async () => {
    await activateLossLab();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(() => rmSync(dir, { recursive: true, force: true }));

  test('Plot Loss with a loss and options opens the explorer and draws loss + gradient', async () => {
    await vscode.commands.executeCommand('losslab.plotLoss', { lossId: 'huber_loss', options: { delta: 0.5 } });
    const p = await waitForDrawn('explorer');
    assert.equal(p.viewType, 'losslab.plot');
    assert.equal(p.rendered!.kind, 'explorer');
    assert.equal(p.rendered!.traces, 2, 'one loss curve and its gradient');
  });

  test('Plot Loss from the palette draws the loss under the cursor with its options, over the predictionRange setting', async function () {
    this.timeout(60_000);
    const doc = await openUntitledPython('import torch.nn as nn\ncriterion = nn.HuberLoss(delta=0.25)\n');
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf('HuberLoss') + 2);
    editor.selection = new vscode.Selection(at, at);
    const config = vscode.workspace.getConfiguration('losslab');
    await config.update('plot.predictionRange', 1.5, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('losslab.plotLoss');
      await waitForDrawn('explorer');
      const json = join(dir, 'explorer.json');
      await vscode.commands.executeCommand('losslab.panels.export', { kind: 'explorer', format: 'json', path: json });
      const figure = JSON.parse(readFileSync(json, 'utf8')) as { losses: { id: string; options?: Record<string, unknown> }[]; range?: number[] };
      assert.deepEqual(figure.losses, [{ id: 'huber_loss', options: { delta: 0.25 } }], 'the loss written at the cursor, with its delta');
      assert.deepEqual(figure.range, [-1.5, 1.5], 'target 0 ± the predictionRange setting');
    } finally {
      await config.update('plot.predictionRange', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('several losses at once (Compare) draw two traces each', async () => {
    await vscode.commands.executeCommand('losslab.plotLoss', { losses: [{ id: 'mse_loss' }, { id: 'l1_loss' }, { id: 'huber_loss' }] });
    const p = await waitForDrawn('explorer', (x) => x.rendered!.traces === 6);
    assert.equal(p.rendered!.traces, 6);
  });

  test('Show Loss Curves draws raw + smoothed curves and marks a spike', async () => {
    const values = Array.from({ length: 300 }, (_, i) => 2 * Math.exp(-i / 60) + 0.1);
    values[200] = 5;
    await vscode.commands.executeCommand('losslab.showCurves', { series: [{ name: 'train', values }] });
    const p = await waitForDrawn('curves');
    assert.equal(p.rendered!.traces, 3, 'raw, smoothed and the warning markers');
  });

  test('Show Loss Landscape for a loss trains off the host thread and draws the map with the path; PNG export', async function () {
    this.timeout(180_000);
    // This test runs on the extension host's main thread: if training and the grid ran there, its
    // event loop would be busy nearly all the time; in workers it mostly waits for their messages.
    const before = performance.eventLoopUtilization();
    await vscode.commands.executeCommand('losslab.landscape', { lossId: 'mse_loss', grid: 21 });
    const p = await waitForDrawn('landscape', (x) => x.rendered!.kind === 'landscape', 150_000);
    const busy = performance.eventLoopUtilization(before);
    assert.equal(p.rendered!.traces, 3, 'contour, path, start/end markers');
    assert.ok(busy.utilization < 0.5, `the host's event loop was busy ${(100 * busy.utilization).toFixed(0)} % of ${(busy.active + busy.idle).toFixed(0)} ms`);

    const png = join(dir, 'landscape.png');
    const written = await vscode.commands.executeCommand<string>('losslab.panels.export', { kind: 'landscape', format: 'png', path: png });
    assert.equal(written, png);
    const bytes = readFileSync(png);
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
    assert.ok(bytes.length > 5000, `a real image (${bytes.length} bytes)`);

    const csv = join(dir, 'landscape.csv');
    await vscode.commands.executeCommand('losslab.panels.export', { kind: 'landscape', format: 'csv', path: csv });
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'x,y,loss');
    assert.equal(lines.length, 1 + 21 * 21);
  });

  test('the plot follows a switch to a dark theme', async function () {
    this.timeout(60_000);
    const config = vscode.workspace.getConfiguration('workbench');
    const before = config.get<string>('colorTheme');
    try {
      await config.update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('losslab.plotLoss', 'mse_loss');
      await waitForDrawn('explorer', (x) => x.rendered!.theme === 'light');
      await config.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
      const p = await waitForDrawn('explorer', (x) => x.rendered!.theme === 'dark');
      assert.equal(p.rendered!.theme, 'dark');
    } finally {
      await config.update('colorTheme', before, vscode.ConfigurationTarget.Global);
    }
  });

  test('SVG export writes an SVG document', async () => {
    await vscode.commands.executeCommand('losslab.plotLoss', 'cross_entropy');
    await waitForDrawn('explorer');
    const svg = join(dir, 'explorer.svg');
    await vscode.commands.executeCommand('losslab.panels.export', { kind: 'explorer', format: 'svg', path: svg });
    assert.ok(existsSync(svg));
    assert.match(readFileSync(svg, 'utf8'), /^<svg[\s\S]*<\/svg>$/);
  });
});
