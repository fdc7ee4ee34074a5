/** Drawing a Loss Lab figure into an element with the shared plotly bundle: the one entry used by
 *  the webview panels and the notebook renderer. Plotly.react updates an existing plot in place. */
import type { Config } from 'plotly.js';
import type { Figure } from '../protocol/figure';
import { buildFigure, type FigureView } from './build';
import { readTheme } from './domTheme';
import { Plotly } from './plotly';
import type { PlotTheme } from './theme';

export { observeTheme, readTheme } from './domTheme';

export const PLOT_CONFIG: Partial<Config> = {
  responsive: true,
  displaylogo: false,
  // the panels export through VS Code's save dialog instead
  modeBarButtonsToRemove: ['toImage', 'sendDataToCloud'],
};

export async function renderFigure(element: HTMLElement, figure: Figure, theme: PlotTheme = readTheme(), view: FigureView = {}): Promise<void> {
  const { data, layout } = buildFigure(figure, theme, view);
  await Plotly.react(element, data, layout, PLOT_CONFIG);
}

export function purgeFigure(element: HTMLElement): void {
  Plotly.purge(element);
}

/** A PNG or SVG of the plot as a data: URL (plotly's own export). */
export function figureImage(element: HTMLElement, format: 'png' | 'svg', size?: { width: number; height: number }): Promise<string> {
  const width = size?.width ?? Math.max(element.clientWidth, 640);
  const height = size?.height ?? Math.max(element.clientHeight, 400);
  return Plotly.toImage(element, { format, width, height });
}
