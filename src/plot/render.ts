/** Drawing a Loss Lab figure into an element with the shared plotly bundle: the one entry used by
 *  the webview panels and the notebook renderer. Plotly.react updates an existing plot in place;
 *  a data-only change goes through Plotly.update (patch.ts). */
import type { Config } from 'plotly.js';
import type { Figure } from '../protocol/figure';
import { buildFigure, type FigureView } from './build';
import { patchBetween, signatureOf, type SpecSignature } from './patch';
import { readTheme } from './domTheme';
import { Plotly } from './plotly';
import type { PlotSpec } from './spec';
import type { PlotTheme } from './theme';

export { observeTheme, readTheme } from './domTheme';

export const PLOT_CONFIG: Partial<Config> = {
  responsive: true,
  displaylogo: false,
  // the panels export through VS Code's save dialog instead
  modeBarButtonsToRemove: ['toImage', 'sendDataToCloud'],
};

export async function renderFigure(element: HTMLElement, figure: Figure, theme: PlotTheme = readTheme(), view: FigureView = {}): Promise<void> {
  await drawSpec(element, buildFigure(figure, theme, view));
}

/** What each element shows, to tell a data-only redraw from any other. */
const drawn = new WeakMap<HTMLElement, SpecSignature>();

/** Draws `spec` into `element`: Plotly.update of the changed traces when only trace data and axis
 *  ranges differ from the last draw (a slider moving: 3–12 ms less than Plotly.react of the whole
 *  figure in bench/redraw.ts), Plotly.react otherwise. Returns which one it used. */
export async function drawSpec(element: HTMLElement, spec: PlotSpec, config: Partial<Config> = PLOT_CONFIG): Promise<'react' | 'update'> {
  const previous = drawn.get(element);
  const signature = signatureOf(spec);
  const patch = previous ? patchBetween(previous, signature) : null;
  drawn.set(element, signature);
  if (patch) {
    if (patch.indices.length > 0 || Object.keys(patch.layout).length > 0) await Plotly.update(element, patch.data, patch.layout, patch.indices);
    return 'update';
  }
  await Plotly.react(element, spec.data, spec.layout, config);
  return 'react';
}

export function purgeFigure(element: HTMLElement): void {
  drawn.delete(element);
  Plotly.purge(element);
}

/** A PNG or SVG of the plot as a data: URL (plotly's own export). */
export function figureImage(element: HTMLElement, format: 'png' | 'svg', size?: { width: number; height: number }): Promise<string> {
  const width = size?.width ?? Math.max(element.clientWidth, 640);
  const height = size?.height ?? Math.max(element.clientHeight, 400);
  return Plotly.toImage(element, { format, width, height });
}
