import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunReport } from '../../../src/engine/train/report';
import type { RunConfig } from '../../../src/engine/train/spec';
import { LiveSweep, snapshotFromStored } from '../../../src/extension/sweep/panelModel';
import { buildCurves } from '../../../src/plot/curves';
import { sweepCurves } from '../../../src/plot/sweep';
import { LIGHT_THEME } from '../../../src/plot/theme';
import { parseSweepToHost, parseToSweepWebview, type SweepSnapshot } from '../../../src/protocol/sweepPanel';

const config = (loss: string, lr: number): RunConfig => ({ loss, loss_options: {}, optimizer: 'adam', lr, optimizer_options: {}, seed: 0 });

function live(): LiveSweep {
  return new LiveSweep({ type: 'start', sweepId: 's1', title: 't', task: 'binary', steps: 6, runs: [config('mse_loss', 0.1), config('l1_loss', 0.01)] });
}

test('validation points streamed with the losses reach the page as whole val curves (steps only when sparse)', () => {
  const s = live();
  s.apply({ type: 'progress', sweepId: 's1', index: 0, from: 0, losses: [1, 0.9], val: [[0, 1.5], [1, 1.4]] });
  s.apply({ type: 'progress', sweepId: 's1', index: 1, from: 0, losses: [3, 2, 1], val: [[0, 4], [2, 3]] });
  const u = s.takeUpdate();
  const byIndex = new Map(u.runs.map((r) => [r.index, r]));
  assert.deepEqual([byIndex.get(0)!.val, byIndex.get(0)!.valSteps], [[1.5, 1.4], undefined]);
  assert.deepEqual([byIndex.get(1)!.val, byIndex.get(1)!.valSteps], [[4, 3], [0, 2]]);
  assert.deepEqual(parseToSweepWebview(JSON.parse(JSON.stringify(u))), u);
  // Losses without new validation points do not resend the val curve.
  s.apply({ type: 'progress', sweepId: 's1', index: 0, from: 2, losses: [0.8] });
  assert.equal(s.takeUpdate().runs.find((r) => r.index === 0)?.val, undefined);
  s.apply({ type: 'progress', sweepId: 's1', index: 0, from: 3, losses: [0.7], val: [[3, 1.2]] });
  assert.deepEqual(s.takeUpdate().runs.find((r) => r.index === 0)?.val, [1.5, 1.4, 1.2]);
  assert.deepEqual(s.snapshot.runs[0]!.val, [1.5, 1.4, 1.2]);
});

test("a finished run's outcome completes a val curve the stream missed", () => {
  const s = live();
  s.apply({ type: 'progress', sweepId: 's1', index: 1, from: 0, losses: [3], val: [[0, 4]] });
  s.takeUpdate();
  s.apply({ type: 'run-done', sweepId: 's1', index: 1, outcome: { status: 'ok', loss: [3, 2, 1, 0.5], val: [[0, 4], [3, 2]], final: null, ms: 2 } });
  const u = s.takeUpdate();
  assert.deepEqual([u.runs[0]!.val, u.runs[0]!.valSteps], [[4, 2], [0, 3]]);
});

test('a stored sweep shows the val_loss of its report', () => {
  const report = (val_loss?: RunReport['val_loss']): RunReport => ({
    config: { loss: 'mse_loss', optimizer: 'adam', lr: 0.1, seed: 0 }, loss: [1, 0.5, 0.25], final: { train_loss: 0.2, val_loss: 0.3, metric: {} }, status: 'ok', ms: 1,
    ...(val_loss ? { val_loss } : {}),
  });
  const snap = snapshotFromStored({ sweepId: 'x', title: 't', created: '', task: 'regression', spec: {}, cancelled: false, report: { runs: [report([[0, 2], [2, null]]), report()], elapsed_ms: 1 } }, 0);
  assert.deepEqual(snap.runs[0]!.valSteps, [0, 2]);
  assert.equal(snap.runs[0]!.val![0], 2);
  assert.ok(Number.isNaN(snap.runs[0]!.val![1]!));
  assert.equal(snap.runs[1]!.val, undefined);
});

test('the val curve is drawn dashed, at its own steps, in the colour of its run', () => {
  const snap: SweepSnapshot = {
    sweepId: 's', title: 't', task: 'binary', steps: 6, metric: { name: 'accuracy', higherIsBetter: true }, best: -1, finished: false, cancelled: false,
    runs: [
      { loss: 'mse_loss', optimizer: 'adam', lr: 0.1, seed: 0, train: [5, 4, 3, 2, 1, 0.5], val: [6, 3, 1], valSteps: [0, 2, 4], status: 'ok', train_loss: 1, val_loss: 1, metric: null, ms: 1 },
      { loss: 'l1_loss', optimizer: 'adam', lr: 0.1, seed: 0, train: [2, 1], val: [3, 2], status: 'ok', train_loss: 1, val_loss: 1, metric: null, ms: 1 },
    ],
  };
  const fig = sweepCurves(snap, 'loss');
  assert.deepEqual(fig.series.map((s) => [s.split, s.steps]), [['train', undefined], ['val', [0, 2, 4]], ['train', undefined], ['val', undefined]]);
  const plot = buildCurves(fig, LIGHT_THEME, { smoothing: 0, logY: false, xAxis: 'step', ignoreOutliers: false });
  const lines = plot.data.filter((t) => (t as { mode?: string }).mode === 'lines') as { x: number[]; line: { color: string; dash: string } }[];
  assert.equal(lines.length, 4);
  assert.deepEqual(lines.map((t) => t.line.dash), ['solid', 'dash', 'solid', 'dash']);
  assert.equal(lines[1]!.line.color, lines[0]!.line.color);
  assert.equal(lines[3]!.line.color, lines[2]!.line.color);
  assert.notEqual(lines[0]!.line.color, lines[2]!.line.color);
  assert.deepEqual(lines[1]!.x, [0, 2, 4]);
});

test('malformed val curves are refused with their path', () => {
  const update = (r: Record<string, unknown>): unknown => ({
    v: 1, type: 'update', sweepId: 's', appends: [], best: -1, finished: false, cancelled: false,
    runs: [{ index: 0, summary: { status: 'running', train_loss: null, val_loss: null, metric: null, ms: null }, ...r }],
  });
  assert.throws(() => parseToSweepWebview(update({ val: [1, 2], valSteps: [0] })), /runs\[0\]\.valSteps: expected 2 steps/);
  assert.throws(() => parseToSweepWebview(update({ val: [1, 2], valSteps: [2, 1] })), /runs\[0\]\.valSteps\[1\]/);
  assert.throws(() => parseToSweepWebview(update({ valSteps: [0] })), /runs\[0\]\.valSteps: steps without values/);
  assert.throws(() => parseToSweepWebview(update({ val: ['x'] })), /runs\[0\]\.val\[0\]/);
  const rendered = { v: 1, type: 'sweep-rendered', sweepId: 's', traces: 1, curves: 1, rows: 1, points: 2, order: [0], table: [], best: -1, finished: false, view: { groupBy: 'loss', sort: null }, theme: 'light' };
  const r = parseSweepToHost({ ...rendered, valCurves: 1, valPoints: 3, dashedTraces: 1 });
  assert.ok(r.type === 'sweep-rendered' && r.valPoints === 3 && r.dashedTraces === 1);
  assert.ok(!('valCurves' in parseSweepToHost(rendered)), 'older pages without the val fields still parse');
  assert.throws(() => parseSweepToHost({ ...rendered, valPoints: 'many' }), /valPoints/);
});
