// The page side of every panel (src/webview/hostChannel.ts), with the webview's window and
// acquireVsCodeApi stood in for by an EventTarget and a recorder (the e2e tests drive the real
// pages): what the host sends reaches the app only once its protocol validated it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePanelState, parseToWebview, type ToHost, type ToWebview } from '../../../src/protocol/panel';
import { HostChannel } from '../../../src/webview/hostChannel';
import { parseSweepPanelState, parseToSweepWebview, type SweepToHost, type ToSweepWebview } from '../../../src/protocol/sweepPanel';

// hostChannel reaches window and acquireVsCodeApi only when used, after these stand-ins are set.
const posted: unknown[] = [];
let savedState: unknown;
const page = new EventTarget();
Object.assign(globalThis, {
  window: page,
  acquireVsCodeApi: () => ({ postMessage: (m: unknown) => posted.push(m), getState: () => savedState, setState: (s: unknown) => (savedState = s) }),
});

const fromHost = (data: unknown) => page.dispatchEvent(new MessageEvent('message', { data }));
const status = () => ({ textContent: '' }) as HTMLElement;

test('a malformed message from the host is shown and reported, never handed to the app', () => {
  posted.length = 0;
  savedState = undefined;
  const line = status();
  const seen: ToSweepWebview[] = [];
  const channel = new HostChannel<ToSweepWebview, SweepToHost>(line, parseToSweepWebview);
  assert.equal(channel.listen((m) => seen.push(m), parseSweepPanelState), undefined);
  fromHost({ v: 1, type: 'view', view: { groupBy: 'colour' } });
  fromHost({ v: 1, type: 'view', view: { groupBy: 'lr' } });
  assert.deepEqual(seen, [{ v: 1, type: 'view', view: { groupBy: 'lr' } }]);
  assert.match(line.textContent!, /^ignored a malformed message: .*groupBy/);
  assert.deepEqual(posted, [{ v: 1, type: 'problem', message: line.textContent }]);
});

test('the state kept across a reload is read back validated: an unreadable one is reported, not used', () => {
  posted.length = 0;
  const figure = { version: 1, kind: 'explorer', losses: [{ id: 'mse_loss', label: 'MSE', x: [0, 1], loss: [0, 1] }] };
  savedState = { v: 1, kind: 'explorer', figure: { ...figure, version: 7 } };
  const line = status();
  const channel = new HostChannel<ToWebview, ToHost>(line, parseToWebview);
  assert.equal(channel.listen(() => undefined, parsePanelState), undefined);
  assert.match(line.textContent!, /^could not restore the panel: .*newer/);
  assert.equal(posted.length, 1);
  savedState = { v: 1, kind: 'explorer', figure };
  const restored = new HostChannel<ToWebview, ToHost>(status(), parseToWebview).listen(() => undefined, parsePanelState);
  assert.equal(restored?.figure.kind, 'explorer');
});
