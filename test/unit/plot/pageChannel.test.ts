// The host side of every panel page (src/extension/panels/pageChannel.ts, under WebviewHost): what a
// page sends is validated by its protocol before anything acts on it, and what is sent to it waits
// until it says ready. Driven with the real panel and sweep panel protocols.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PageChannel, replaceWaiting, waitOnly, type PageProtocol } from '../../../src/extension/panels/pageChannel';
import { parseToHost, type ToHost, type ToWebview } from '../../../src/protocol/panel';
import { parseSweepToHost, type SweepToHost, type ToSweepWebview } from '../../../src/protocol/sweepPanel';

function channel<ToPage extends { type: string }, FromPage extends { type: string }>(protocol: PageProtocol<ToPage, FromPage>) {
  const delivered: ToPage[] = [];
  const warnings: string[] = [];
  const c = new PageChannel<ToPage, FromPage>((m) => delivered.push(m), protocol, (line) => warnings.push(line));
  return { c, delivered, warnings };
}

const progress = (message: string): ToWebview => ({ v: 1, type: 'progress', message });

test('messages posted before the page is ready wait, in order, and go out when it says ready', async () => {
  const { c, delivered } = channel<ToWebview, ToHost>({ name: 'curves panel', parse: parseToHost });
  c.post(progress('a'));
  c.post(progress('b'));
  assert.equal(delivered.length, 0);
  assert.equal(c.isReady, false);
  await c.receive({ v: 1, type: 'ready' });
  assert.equal(c.isReady, true);
  assert.deepEqual(delivered.map((m) => m.type === 'progress' && m.message), ['a', 'b']);
  c.post(progress('c'));
  assert.equal(delivered.length, 3);
});

test('a malformed message is logged with what is wrong and never reaches the panel', async () => {
  const seen: ToHost[] = [];
  const { c, warnings } = channel<ToWebview, ToHost>({ name: 'landscape panel', parse: parseToHost, onMessage: (m) => void seen.push(m) });
  await c.receive({ v: 1, type: 'recompute', grid: 1000, directions: 'pca' });
  await c.receive({ v: 2, type: 'ready' });
  await c.receive('ready');
  assert.deepEqual(seen, []);
  assert.equal(c.isReady, false, 'a ready of another version is not a ready');
  assert.equal(warnings.length, 3);
  assert.match(warnings[0]!, /^ignored a malformed message from the landscape panel: .*grid.*3 to 201/);
  assert.match(warnings[1]!, /version 1/);
});

test("the page's ready and problem are handled by the channel; other messages reach the panel validated", async () => {
  const seen: SweepToHost[] = [];
  const { c, warnings } = channel<ToSweepWebview, SweepToHost>({ name: 'sweep panel', parse: parseSweepToHost, onMessage: (m) => void seen.push(m) });
  await c.receive({ v: 1, type: 'ready' });
  await c.receive({ v: 1, type: 'problem', message: 'x'.repeat(5000) });
  await c.receive({ v: 1, type: 'cancel-run', sweepId: 's1', index: 3 });
  assert.deepEqual(seen, [{ v: 1, type: 'cancel-run', sweepId: 's1', index: 3 }]);
  assert.equal(warnings.length, 1);
  assert.ok(warnings[0]!.startsWith('sweep panel: xxx'));
  assert.ok(warnings[0]!.length < 2100, 'the page problem is cut by its declaration');
});

test('onReady runs on every ready (a reloaded page) before what waited, and what it posts goes first', async () => {
  let readies = 0;
  const view: ToSweepWebview = { v: 1, type: 'view', view: { groupBy: 'lr' } };
  const { c, delivered } = channel<ToSweepWebview, SweepToHost>({
    name: 'sweep panel',
    parse: parseSweepToHost,
    onReady() {
      readies++;
      c.post({ v: 1, type: 'update', sweepId: 's1', appends: [], runs: [], best: -1, finished: false, cancelled: false });
    },
  });
  c.post(view);
  await c.receive({ v: 1, type: 'ready' });
  assert.deepEqual(delivered.map((m) => m.type), ['update', 'view']);
  await c.receive({ v: 1, type: 'ready' });
  assert.equal(readies, 2);
  assert.deepEqual(delivered.map((m) => m.type), ['update', 'view', 'update']);
});

test("the figure panels' rule: a newer figure replaces the waiting one and its series, the rest wait in order", async () => {
  const figure = (title: string) => ({ version: 1 as const, kind: 'curves' as const, title, series: [] });
  const { c, delivered } = channel<ToWebview, ToHost>({
    name: 'curves panel',
    parse: parseToHost,
    whileLoading: replaceWaiting('show', ['series']),
  });
  c.post({ v: 1, type: 'show', figure: figure('old') } as ToWebview);
  c.post({ v: 1, type: 'series', series: [] });
  c.post(progress('p'));
  c.post({ v: 1, type: 'show', figure: figure('new') } as ToWebview);
  await c.receive({ v: 1, type: 'ready' });
  assert.deepEqual(delivered.map((m) => (m.type === 'show' ? m.figure.title : m.type)), ['progress', 'new']);
});

test("the sweep panel's rule: only view requests wait, the snapshot and its updates come whole on ready", async () => {
  const { c, delivered } = channel<ToSweepWebview, SweepToHost>({ name: 'sweep panel', parse: parseSweepToHost, whileLoading: waitOnly(['view']) });
  c.post({ v: 1, type: 'update', sweepId: 's1', appends: [], runs: [], best: -1, finished: false, cancelled: false });
  c.post({ v: 1, type: 'view', view: { groupBy: 'lr' } });
  c.post({ v: 1, type: 'view', view: { groupBy: 'optimizer' } });
  await c.receive({ v: 1, type: 'ready' });
  assert.deepEqual(delivered.map((m) => m.type === 'view' && m.view.groupBy), ['lr', 'optimizer']);
});
