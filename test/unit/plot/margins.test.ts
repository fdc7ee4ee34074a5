import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Layout } from 'plotly.js';
import { forgetMargins, heldMargins, rememberMargins, remeasureIfOutgrown } from '../../../src/plot/margins';

/** An element as plotly leaves it after a draw: margins it settled on and the axes' tick labels. */
function drawnPlot(size: { l: number; r: number; t: number; b: number }, yTicks: string[]): HTMLElement {
  return { _fullLayout: { _size: { ...size, p: 0, w: 800, h: 500 }, xaxis: { _vals: [{ text: '0' }, { text: '100' }] }, yaxis: { _vals: yTicks.map((text) => ({ text })) } } } as unknown as HTMLElement;
}
const setTicks = (el: HTMLElement, yTicks: string[]): void => {
  (el as unknown as { _fullLayout: { yaxis: { _vals: { text: string }[] } } })._fullLayout.yaxis._vals = yTicks.map((text) => ({ text }));
};

const AUTO: Partial<Layout> = { margin: { l: 56, r: 16, t: 16, b: 40 }, xaxis: { automargin: true }, yaxis: { automargin: true } };

test('after a full draw the next update holds the measured margins with automargin off, once', () => {
  const el = drawnPlot({ l: 71, r: 29, t: 48, b: 52 }, ['0.2', '0.5', '1']);
  rememberMargins(el, AUTO);
  assert.deepEqual(heldMargins(el), { margin: { l: 71, r: 29, t: 48, b: 52 }, 'xaxis.automargin': false, 'yaxis.automargin': false });
  assert.deepEqual(heldMargins(el), {}, 'the layout holds them already: later updates add nothing');
  assert.equal(remeasureIfOutgrown(el, AUTO), null, 'labels no longer than when measured');
});

test('a tick label longer than any measured asks for the figure own margins and automargin back', () => {
  const el = drawnPlot({ l: 60, r: 16, t: 16, b: 40 }, ['0.1', '1']);
  rememberMargins(el, AUTO);
  heldMargins(el);
  setTicks(el, ['<b>0.2</b>', '0.5', '1']);
  assert.equal(remeasureIfOutgrown(el, AUTO), null, 'markup is not counted: no label longer than the three characters measured');
  setTicks(el, ['0.0001', '0.001']);
  assert.deepEqual(remeasureIfOutgrown(el, AUTO), { margin: AUTO.margin, 'xaxis.automargin': true, 'yaxis.automargin': true });
  assert.deepEqual(heldMargins(el), {}, 'nothing held until the next measure');
});

test('nothing is held for a figure without automargin, before a draw, or after forgetting', () => {
  const el = drawnPlot({ l: 56, r: 16, t: 16, b: 40 }, ['1']);
  rememberMargins(el, { xaxis: {}, yaxis: {} });
  assert.deepEqual(heldMargins(el), {});
  assert.deepEqual(heldMargins({} as HTMLElement), {});
  rememberMargins(el, AUTO);
  forgetMargins(el);
  assert.deepEqual(heldMargins(el), {});
});
