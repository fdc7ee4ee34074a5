import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveSweep } from '../../../src/extension/sweep/panelModel';
import { sweepCurves } from '../../../src/plot/sweep';
import { parseSweepPanelState, parseSweepToHost, parseToSweepWebview, type SweepRun, type SweepSnapshot } from '../../../src/protocol/sweepPanel';
import type { RunConfig } from '../../../src/engine/train/spec';
import { cells, sortOrder } from '../../../src/webview/sweepRows';
import { runReport } from '../../../src/engine/train/report';
import { parseStoredSweep } from '../../../src/protocol/storedSweep';

const config = (loss: string, lr: number): RunConfig => ({ loss, loss_options: {}, optimizer: 'adam', lr, optimizer_options: {}, seed: 0 });

function live(): LiveSweep {
  return new LiveSweep({ type: 'start', sweepId: 's1', title: 't', task: 'binary', steps: 4, runs: [config('mse_loss', 0.1), config('l1_loss', 0.01)] });
}

test('streamed losses become one contiguous append per run between two posts; other sweeps are ignored', () => {
  const s = live();
  assert.equal(s.apply({ type: 'progress', sweepId: 'other', index: 0, from: 0, losses: [9] }), false);
  s.apply({ type: 'progress', sweepId: 's1', index: 0, from: 0, losses: [1, 0.9] });
  s.apply({ type: 'progress', sweepId: 's1', index: 0, from: 2, losses: [0.8] });
  const u = s.takeUpdate();
  assert.deepEqual(u.appends, [{ index: 0, from: 0, values: [1, 0.9, 0.8] }]);
  assert.deepEqual(u.runs.map((r) => [r.index, r.summary.status, r.train]), [[0, 'running', undefined]]);
  assert.equal(s.hasUpdate, false);
  assert.deepEqual(s.snapshot.runs[0]!.train, [1, 0.9, 0.8]);
  // the message survives its own validation (as the page receives it)
  assert.deepEqual(parseToSweepWebview(JSON.parse(JSON.stringify(u))), u);
});

test('a finished run carries its summary; a run that failed early resends its whole curve', () => {
  const s = live();
  s.apply({ type: 'progress', sweepId: 's1', index: 1, from: 0, losses: [2] });
  s.takeUpdate();
  s.apply({ type: 'run-done', sweepId: 's1', index: 1, outcome: { status: 'failed', error: 'diverged: NaN at step 1', loss: [2, NaN], final: null, ms: 3.4 } });
  s.apply({ type: 'done', sweepId: 's1', report: { runs: [], elapsed_ms: 1 }, cancelled: false, best: 0 });
  const u = s.takeUpdate();
  assert.equal(u.runs.length, 1);
  assert.equal(u.runs[0]!.summary.status, 'failed');
  assert.equal(u.runs[0]!.summary.error, 'diverged: NaN at step 1');
  assert.equal(u.runs[0]!.summary.train_loss, null, 'a non-finite last loss is no final value');
  assert.equal(u.runs[0]!.train?.length, 2);
  assert.equal(u.best, 0);
  assert.equal(u.finished, true);
});

test('a cancelled run is shown cancelled (not failed) with the curve it reached, in the panel, the report and storage', () => {
  const s = live();
  s.apply({ type: 'progress', sweepId: 's1', index: 0, from: 0, losses: [1, 0.9] });
  s.takeUpdate();
  const outcome = { status: 'cancelled' as const, error: 'cancelled', loss: [1, 0.9, 0.8], final: null, ms: 12 };
  s.apply({ type: 'run-done', sweepId: 's1', index: 0, outcome });
  s.apply({ type: 'done', sweepId: 's1', report: { runs: [], elapsed_ms: 1 }, cancelled: true, best: -1 });
  const u = parseToSweepWebview(JSON.parse(JSON.stringify(s.takeUpdate())));
  assert.equal(u.type, 'update');
  if (u.type !== 'update') return;
  assert.deepEqual(u.runs.map((r) => [r.summary.status, r.summary.error, r.summary.train_loss, r.train]), [['cancelled', undefined, 0.8, [1, 0.9, 0.8]]]);
  assert.equal(u.cancelled, true);
  const shown = s.snapshot;
  assert.equal(cells(shown.runs[0]!, shown, 0).at(-1), 'cancelled after 3 steps');
  const report = runReport({ config: config('mse_loss', 0.1) } as never, outcome);
  assert.equal(report.status, 'cancelled');
  assert.deepEqual(report.loss, [1, 0.9, 0.8]);
  const stored = { sweepId: 's1', title: 't', created: '2026-12-01T00:00:00.000Z', task: 'binary', spec: {}, cancelled: true, report: { runs: [report], elapsed_ms: 1 } };
  assert.equal(parseStoredSweep(JSON.parse(JSON.stringify(stored))).report.runs[0]!.status, 'cancelled');
});

test('the cancel-run message of the table is validated', () => {
  assert.deepEqual(parseSweepToHost({ v: 1, type: 'cancel-run', sweepId: 's1', index: 3 }), { v: 1, type: 'cancel-run', sweepId: 's1', index: 3 });
  assert.throws(() => parseSweepToHost({ v: 1, type: 'cancel-run', sweepId: 's1', index: -1 }), /index/);
  assert.throws(() => parseSweepToHost({ v: 1, type: 'cancel-run', sweepId: 's1', index: 1.5 }), /index/);
  assert.throws(() => parseSweepToHost({ v: 1, type: 'cancel-run', index: 0 }), /sweepId/);
});

const run = (loss: string, lr: number, train: number | null, status: SweepRun['status'] = 'ok'): SweepRun => ({
  loss, optimizer: 'adam', lr, seed: 0, train: [1, 2], status, train_loss: train, val_loss: null, metric: null, ms: 10,
});

test('sorting: numbers numerically, names alphabetically, missing values last both ways, ties in grid order', () => {
  const runs = [run('mse_loss', 0.1, 0.5), run('l1_loss', 1, null, 'failed'), run('huber_loss', 0.01, 0.2), run('mse_loss', 0.1, 0.5)];
  assert.deepEqual(sortOrder(runs, null), [0, 1, 2, 3]);
  assert.deepEqual(sortOrder(runs, { key: 'train', dir: 'asc' }), [2, 0, 3, 1]);
  assert.deepEqual(sortOrder(runs, { key: 'train', dir: 'desc' }), [0, 3, 2, 1]);
  assert.deepEqual(sortOrder(runs, { key: 'lr', dir: 'desc' }), [1, 0, 3, 2]);
  assert.deepEqual(sortOrder(runs, { key: 'loss', dir: 'asc' }), [2, 1, 0, 3]);
});

test('curves: one per run with points, coloured by the chosen grouping; validation dashed', () => {
  const snap: SweepSnapshot = {
    sweepId: 's', title: 't', task: 'binary', steps: 2, metric: { name: 'accuracy', higherIsBetter: true }, best: -1, finished: false, cancelled: false,
    runs: [run('mse_loss', 0.1, 0.5), { ...run('l1_loss', 0.01, null, 'queued'), train: [] }, { ...run('l1_loss', 0.1, 0.3), val: [3, 2] }],
  };
  const byLoss = sweepCurves(snap, 'loss');
  assert.deepEqual(byLoss.series.map((s) => [s.group, s.split]), [['mse_loss', 'train'], ['l1_loss', 'train'], ['l1_loss', 'val']]);
  assert.match(byLoss.series[0]!.name, /mse_loss · adam lr=0\.1 seed=0/);
  assert.deepEqual(sweepCurves(snap, 'lr').series.map((s) => s.group), ['lr=0.1', 'lr=0.1', 'lr=0.1']);
});

test('malformed messages and states are refused with the path of the problem', () => {
  assert.throws(() => parseToSweepWebview({ v: 1, type: 'view', view: { sort: { key: 'x', dir: 'asc' } } }), /view\.sort\.key/);
  assert.throws(() => parseToSweepWebview({ v: 2, type: 'view', view: {} }), /version/);
  assert.throws(() => parseToSweepWebview({ v: 1, type: 'update', sweepId: 's', appends: [{ index: 0.5, from: 0, values: [] }], runs: [], best: -1, finished: false, cancelled: false }), /appends\[0\]\.index/);
  assert.throws(() => parseSweepToHost({ v: 1, type: 'sweep-rendered' }), /sweepId/);
  const state = { v: 1, kind: 'sweep', view: { groupBy: 'lr', sort: null }, sweep: { sweepId: 's', title: 't', task: 'binary', steps: 2, metric: { name: 'accuracy', higherIsBetter: true }, runs: [run('mse_loss', 0.1, 0.5)], best: 3, finished: true, cancelled: false } };
  assert.throws(() => parseSweepPanelState(state), /sweep\.best: no such run/);
  const ok = parseSweepPanelState({ ...state, sweep: { ...state.sweep, best: 0, runs: [{ ...run('mse_loss', 0.1, 0.5), train: [1, null] }] } });
  assert.ok(Number.isNaN(ok.sweep.runs[0]!.train[1]!), 'JSON null in a stored curve is a missing (NaN) value');
  assert.equal(ok.view.groupBy, 'lr');
});

test('the sweep panel messages are one declaration: their JSON schemas derive from it', async () => {
  const { jsonSchemaOf } = await import('../../../scripts/schemas');
  const { SWEEP_TO_HOST, TO_SWEEP_WEBVIEW, SWEEP_PANEL_STATE } = await import('../../../src/protocol/sweepPanel');
  const types = (schema: Record<string, unknown>) => (schema.oneOf as { properties: { type: { const: string } } }[]).map((m) => m.properties.type.const);
  assert.deepEqual(types(jsonSchemaOf(SWEEP_TO_HOST, {})), ['ready', 'problem', 'sweep-rendered', 'cancel-run']);
  assert.deepEqual(types(jsonSchemaOf(TO_SWEEP_WEBVIEW, {})), ['sweep', 'update', 'view']);
  const state = jsonSchemaOf(SWEEP_PANEL_STATE, {}) as { properties: Record<string, unknown> };
  assert.deepEqual(Object.keys(state.properties), ['v', 'kind', 'sweep', 'view']);
});
