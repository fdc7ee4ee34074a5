/** Runs inside VS Code's extension host (started by bench/editor.mjs): hover and code-lens latency
 *  on a 5,000-line training script, warm (same version) and after an edit (new version: incremental
 *  re-parse and re-analysis included), plus the extension's activation time. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LossLabApi } from '../src/extension/main';

const REPS = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: +percentile(sorted, 50).toFixed(2), p95: +percentile(sorted, 95).toFixed(2), max: +(sorted[sorted.length - 1] ?? NaN).toFixed(2) };
}

async function timed<T>(fn: () => Thenable<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.all.find((e) => e.id.toLowerCase() === 'losslab.losslab');
  if (!ext) throw new Error('Loss Lab is not loaded');
  const api = (await ext.activate()) as LossLabApi;
  const root = ext.extensionPath;
  const script = readFileSync(join(root, 'test', 'fixtures', 'corpus', 'torch_classifier.py'), 'utf8');
  let text = '';
  while (text.split('\n').length < 5000) text += script + '\n';
  const lines = text.split('\n');
  const document = await vscode.workspace.openTextDocument({ language: 'python', content: text });
  const editor = await vscode.window.showTextDocument(document);

  // Positions on loss names (CrossEntropyLoss, cross_entropy, ...), spread over the file.
  const targets: vscode.Position[] = [];
  lines.forEach((line, i) => {
    const m = /\b(CrossEntropyLoss|cross_entropy|BCELoss|mse_loss|huber_loss|kl_div)\(/.exec(line);
    if (m) targets.push(new vscode.Position(i, m.index + 2));
  });
  const hover = (p: vscode.Position) => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, p);
  // As the editor asks: lenses placed, then the visible ones (about a screenful) resolved.
  const lenses = () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 40);
  const allResolved = () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100_000);

  // First request: parse + analysis of the new document.
  // Provider-internal milliseconds (inside the extension host, VS Code's round trip excluded) of
  // the calls made since the last mark.
  let seen = api.providerLatency();
  const inside = (kind: 'hover' | 'codeLens'): number[] => {
    const now = api.providerLatency();
    const fresh = now[kind].slice(seen[kind].length);
    seen = now;
    return fresh;
  };
  const [firstHoverMs, first] = await timed(() => hover(targets[0]!));
  inside('hover');
  if (first.length === 0) throw new Error('no hover on a loss name: the bench would measure nothing');

  const warmHover: number[] = [];
  for (let i = 0; i < REPS; i++) warmHover.push((await timed(() => hover(targets[i % targets.length]!)))[0]);
  const warmHoverInside = inside('hover');
  // The same request on a word that is no loss: VS Code's round trip plus our cache lookup.
  const plain = new vscode.Position(lines.findIndex((l) => l.startsWith('import argparse')), 9);
  const baselineHover: number[] = [];
  for (let i = 0; i < REPS; i++) baselineHover.push((await timed(() => hover(plain)))[0]);
  inside('hover');
  inside('codeLens');
  const warmLens: number[] = [];
  let lensCount = 0;
  for (let i = 0; i < REPS / 4; i++) {
    const [ms, got] = await timed(lenses);
    warmLens.push(ms);
    lensCount = got.length;
  }
  const warmLensInside = inside('codeLens');

  const allLens: number[] = [];
  for (let i = 0; i < REPS / 10; i++) allLens.push((await timed(allResolved))[0]);

  // After an edit: a keystroke in the middle of the file, then the request (re-parse + re-analysis).
  inside('hover');
  inside('codeLens');
  const editedHover: number[] = [];
  const editedHoverInside: number[] = [];
  const editedLensInside: number[] = [];
  const editedLens: number[] = [];
  const middle = new vscode.Position(Math.floor(lines.length / 2), 0);
  for (let i = 0; i < REPS / 4; i++) {
    await editor.edit((e) => e.insert(middle, i % 2 === 0 ? '#' : ''));
    if (i % 2 === 1) await editor.edit((e) => e.delete(new vscode.Range(middle, middle.translate(0, 1))));
    inside('hover');
    editedHover.push((await timed(() => hover(targets[i % targets.length]!)))[0]);
    editedHoverInside.push(...inside('hover'));
    await editor.edit((e) => e.insert(middle, ' '));
    await editor.edit((e) => e.delete(new vscode.Range(middle, middle.translate(0, 1))));
    inside('codeLens');
    editedLens.push((await timed(lenses))[0]);
    editedLensInside.push(...inside('codeLens'));
  }

  const result = {
    date: new Date().toISOString(),
    file: { lines: document.lineCount, lossNamesHovered: targets.length, lensesReturnedPerRequest: lensCount },
    activationMs: +api.activationMs.toFixed(1),
    firstHoverMs: +firstHoverMs.toFixed(1),
    hoverWarmMs: summary(warmHover),
    hoverOnNonLossWordMs: summary(baselineHover),
    codeLensWarmMs: summary(warmLens),
    codeLensAllResolvedWarmMs: summary(allLens),
    hoverAfterEditMs: summary(editedHover),
    codeLensAfterEditMs: summary(editedLens),
    // The same requests timed inside our providers (what the targets of < 10 ms / < 30 ms are about:
    // the round trip above also holds VS Code's own work, see hoverOnNonLossWordMs).
    providerInside: {
      hoverWarmMs: summary(warmHoverInside),
      codeLensWarmMs: summary(warmLensInside),
      hoverAfterEditMs: summary(editedHoverInside),
      codeLensAfterEditMs: summary(editedLensInside),
    },
  };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'editor.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`LOSSLAB_EDITOR_BENCH ${JSON.stringify(result)}`);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}
