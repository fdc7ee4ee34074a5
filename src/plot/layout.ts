/** The parts of a plotly layout every Loss Lab figure shares: transparent background (the panel's
 *  own colour shows through), theme font and grid. */
import type { Layout, LayoutAxis } from 'plotly.js';
import { escapeHtml } from './spec';
import type { PlotTheme } from './theme';

export function axisStyle(theme: PlotTheme, title?: string): Partial<LayoutAxis> {
  return {
    title: title === undefined ? undefined : { text: title, font: { color: theme.muted } },
    color: theme.foreground,
    gridcolor: theme.grid,
    zerolinecolor: theme.grid,
    linecolor: theme.grid,
    automargin: true,
  };
}

export function baseLayout(theme: PlotTheme, title?: string): Partial<Layout> {
  return {
    title: title ? { text: escapeHtml(title), font: { color: theme.foreground, size: theme.fontSize + 2 } } : undefined,
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: theme.fontFamily, size: theme.fontSize, color: theme.foreground },
    colorway: [...theme.colors],
    margin: { t: title ? 48 : 16, r: 16, b: 40, l: 56 },
    legend: { font: { color: theme.foreground }, bgcolor: 'rgba(0,0,0,0)' },
    hoverlabel: { bgcolor: theme.background, bordercolor: theme.grid, font: { color: theme.foreground, family: theme.fontFamily } },
    hovermode: 'closest',
  };
}
