import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateLossLab, waitUntil } from './util';

interface Inspect {
  roots: { path: string; label: string }[];
  runs: { id: string; label: string; format: string; live: boolean; shown: boolean; tags: Record<string, number>; anomalies: { tag: string; kind: string; step: number }[] }[];
  tree: string[];
  alerts: { run: string; tag: string; kind: string; step: number; message: string }[];
  panel: { rendered: { kind: string; traces: number; points?: number } | null; seriesSent: number } | null;
}

const inspect = (): Thenable<Inspect> => vscode.commands.executeCommand<Inspect>('losslab.logs.inspect');

/** Waits until the extension's state satisfies `ok`; fails with the last state seen. */
function until(ok: (s: Inspect) => boolean, what: string, timeout = 30_000): Promise<Inspect> {
  return waitUntil(inspect, ok, { timeout, what });
}

const line = (step: number, loss: number | string): string => `{"step": ${step}, "loss": ${loss}}\n`;

suite('training logs', () => {
  const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const liveDir = join(workspace, `.losslab-live-${process.pid}`);
  const longDir = join(workspace, `.losslab-long-${process.pid}`);

  suiteSetup(async () => {
    await activateLossLab();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(liveDir, { recursive: true, force: true });
    rmSync(longDir, { recursive: true, force: true });
  });

  test('the runs of examples/runs are discovered with their tags and what went wrong', async () => {
    const s = await until((x) => ['runs/runs/baseline', 'runs/runs/bad-batch', 'runs/hf-regression', 'runs/diverging.jsonl'].every((l) => x.runs.some((r) => r.label === l)), 'the example runs');
    assert.ok(s.tree.includes('runs'), `tree roots ${s.tree}`);
    const byLabel = new Map(s.runs.map((r) => [r.label, r]));
    assert.equal(byLabel.get('runs/runs/baseline')!.format, 'tfevents');
    assert.deepEqual(Object.keys(byLabel.get('runs/runs/baseline')!.tags).sort(), ['lr', 'train/loss', 'val/loss']);
    assert.equal(byLabel.get('runs/hf-regression')!.format, 'hf-trainer-state');
    // The first non-finite loss Python's json wrote into the file, read here with a regex.
    const text = readFileSync(join(workspace, 'runs', 'diverging.jsonl'), 'utf8');
    const firstInf = Number(/"step": (\d+), "loss": Infinity/.exec(text)![1]);
    const diverging = byLabel.get('runs/diverging.jsonl')!;
    assert.ok(diverging.anomalies.some((a) => a.kind === 'inf' && a.step === firstInf), JSON.stringify(diverging.anomalies));
  });

  test('Show Loss Curves on a folder draws its runs, every point of their loss tags', async () => {
    await vscode.commands.executeCommand('losslab.logs.showCurves', vscode.Uri.file(join(workspace, 'runs', 'runs')));
    const s = await until((x) => x.panel?.rendered?.kind === 'curves', 'the curves panel');
    const shown = s.runs.filter((r) => r.shown);
    assert.deepEqual(shown.map((r) => r.label).sort(), ['runs/runs/bad-batch', 'runs/runs/baseline']);
    const expected = shown.reduce((n, r) => n + (r.tags['train/loss'] ?? 0) + (r.tags['val/loss'] ?? 0), 0);
    assert.equal(s.panel!.rendered!.points, expected);
  });

  test('a live run: the curve grows within a second of each write, NaN raises one notification', async function () {
    this.timeout(90_000);
    mkdirSync(liveDir, { recursive: true });
    const file = join(liveDir, 'train.jsonl');
    writeFileSync(file, Array.from({ length: 50 }, (_, i) => line(i, 2 * Math.exp(-i / 20) + 0.1)).join(''));
    await vscode.commands.executeCommand('losslab.logs.open', vscode.Uri.file(liveDir));
    await until((x) => x.panel?.rendered?.points === 50, 'the first 50 points drawn');

    appendFileSync(file, Array.from({ length: 10 }, (_, i) => line(50 + i, 0.3)).join(''));
    let s = await until((x) => x.panel?.rendered?.points === 60, 'the appended points drawn');
    assert.ok(s.runs.find((r) => r.id.endsWith('#train.jsonl'))!.live, 'the run is live');
    assert.ok(s.panel!.seriesSent > 0, 'the append went to the page as a series update, not a whole figure');

    appendFileSync(file, line(60, 'NaN') + line(61, 'NaN'));
    s = await until((x) => x.alerts.some((a) => a.kind === 'nan'), 'the NaN notification');
    const nan = s.alerts.filter((a) => a.kind === 'nan');
    assert.equal(nan.length, 1);
    assert.equal(nan[0]!.message, `loss became NaN at step 60 in ${vscode.workspace.asRelativePath(liveDir, false)}/train.jsonl`);
    appendFileSync(file, line(62, 'NaN'));
    await until((x) => x.panel?.rendered?.points === 63, 'the last point drawn');
    assert.equal((await inspect()).alerts.filter((a) => a.kind === 'nan').length, 1, 'one notification per run and kind');
  });

  test('a long run is drawn decimated, and its CSV export still has every point', async function () {
    this.timeout(90_000);
    const dir = longDir;
    mkdirSync(dir, { recursive: true });
    const n = 20_000;
    writeFileSync(join(dir, 'train.jsonl'), Array.from({ length: n }, (_, i) => line(i, i === 12_345 ? 50 : 1 + 0.1 * Math.sin(i))).join(''));
    await vscode.commands.executeCommand('losslab.logs.showCurves', vscode.Uri.file(dir));
    await until((x) => x.panel?.rendered?.points === n, 'the long run drawn');
    const out = join(dir, 'export.csv');
    await vscode.commands.executeCommand('losslab.panels.export', { kind: 'curves', format: 'csv', path: out });
    const rows = readFileSync(out, 'utf8').trim().split(/\r?\n/);
    assert.equal(rows.length, n + 1, 'a header and every point');
    assert.ok(rows.some((r) => /,12345,.*,50,/.test(r)), 'the spike is in the export');
  });
});
