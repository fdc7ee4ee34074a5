/** Loss landscapes: a line for 1-D slices and interpolations, a contour map or a 3-D surface for
 *  2-D slices, with the optimiser's projected path on the contour map and on the surface. */
import * as l10n from '@vscode/l10n';
import type { Data } from 'plotly.js';
import type { LandscapeFigure } from '../protocol/figure';
import { axisStyle, baseLayout } from './layout';
import type { PlotSpec } from './spec';
import type { PlotTheme } from './theme';

export interface LandscapeView {
  view: 'line' | 'contour' | 'surface';
  logZ: boolean;
}

export function defaultLandscapeView(figure: LandscapeFigure): LandscapeView {
  const twoD = figure.y !== undefined;
  return { view: figure.view && (twoD || figure.view === 'line') ? figure.view : twoD ? 'contour' : 'line', logZ: figure.logZ ?? false };
}

/** log10 of positive finite losses; anything else becomes a gap. */
function zValue(v: number, log: boolean): number | null {
  if (!Number.isFinite(v)) return null;
  if (!log) return v;
  return v > 0 ? Math.log10(v) : null;
}

export function buildLandscape(figure: LandscapeFigure, theme: PlotTheme, view: LandscapeView = defaultLandscapeView(figure)): PlotSpec {
  const layout = baseLayout(theme, figure.title);
  const zTitle = view.logZ ? l10n.t('log₁₀ loss') : l10n.t('loss');
  const pathName = l10n.t('optimiser path');
  layout.uirevision = 'landscape';
  if (figure.y === undefined || view.view === 'line') {
    const z = figure.y === undefined ? (figure.z as number[]) : middleRow(figure);
    const data: Data[] = [{
      type: 'scatter', mode: 'lines', x: figure.x, y: z.map((v) => zValue(v, false)), name: l10n.t('loss'),
      line: { color: theme.colors[0], width: 2 }, hovertemplate: 'α %{x:.3g}<br>loss %{y:.4g}<extra></extra>',
    }];
    layout.xaxis = axisStyle(theme, figure.y === undefined ? 'α (distance along the direction)' : 'α (first direction, β = 0)');
    layout.yaxis = { ...axisStyle(theme, l10n.t('loss')), type: view.logZ ? 'log' : 'linear' };
    layout.showlegend = false;
    return { data, layout };
  }
  const rows = figure.z as number[][];
  const z = rows.map((row) => row.map((v) => zValue(v, view.logZ)));
  const colorbar = { title: { text: zTitle, font: { color: theme.muted } }, tickfont: { color: theme.foreground }, outlinewidth: 0 };
  if (view.view === 'surface') {
    const axis = (title: string) => ({ title: { text: title }, color: theme.foreground, gridcolor: theme.grid, zerolinecolor: theme.grid, backgroundcolor: 'rgba(0,0,0,0)' });
    layout.scene = { xaxis: axis('α'), yaxis: axis('β'), zaxis: axis(zTitle), bgcolor: 'rgba(0,0,0,0)' };
    const data: Data[] = [{ type: 'surface', x: figure.x, y: figure.y, z, colorscale: theme.colorscale, colorbar, hovertemplate: 'α %{x:.3g}<br>β %{y:.3g}<br>' + zTitle + ' %{z:.4g}<extra></extra>' }];
    const t = figure.trajectory;
    if (t?.z && t.x.length > 0) {
      data.push({
        type: 'scatter3d', mode: 'lines+markers', x: t.x, y: t.y, z: t.z.map((v) => zValue(v, view.logZ)), name: pathName,
        line: { color: theme.foreground, width: 4 }, marker: { size: 2, color: theme.foreground },
        hovertemplate: 'α %{x:.3g}<br>β %{y:.3g}<br>' + zTitle + ` %{z:.4g}<extra>${pathName}</extra>`,
      });
    }
    return { data, layout };
  }
  const data: Data[] = [{
    type: 'contour', x: figure.x, y: figure.y, z, colorscale: theme.colorscale, colorbar, ncontours: 30,
    contours: { coloring: 'heatmap' }, line: { width: 0.5, color: 'rgba(0,0,0,0.25)' }, name: zTitle,
    hovertemplate: 'α %{x:.3g}<br>β %{y:.3g}<br>' + zTitle + ' %{z:.4g}<extra></extra>',
  }];
  const t = figure.trajectory;
  if (t && t.x.length > 0) {
    const last = t.x.length - 1;
    data.push({
      type: 'scatter', mode: 'lines+markers', x: t.x, y: t.y, name: pathName,
      line: { color: theme.foreground, width: 1.5 }, marker: { size: 4, color: theme.foreground },
      text: t.x.map((_, i) => (t.z && Number.isFinite(t.z[i]!) ? l10n.t('checkpoint {0}<br>loss {1}', i, Number(t.z[i]!.toPrecision(4))) : l10n.t('checkpoint {0}', i))),
      hovertemplate: '%{text}<extra></extra>',
    });
    data.push({
      type: 'scatter', mode: 'markers', x: [t.x[0]!, t.x[last]!], y: [t.y[0]!, t.y[last]!], name: l10n.t('start / end'), showlegend: false,
      marker: { size: 10, symbol: ['circle-open', 'star'], color: [theme.warning, theme.error], line: { width: 2 } }, hoverinfo: 'skip',
    });
  }
  layout.xaxis = { ...axisStyle(theme, l10n.t('α (first direction)')), showgrid: false };
  layout.yaxis = { ...axisStyle(theme, l10n.t('β (second direction)')), showgrid: false, scaleanchor: undefined };
  layout.showlegend = false;
  return { data, layout };
}

/** The β = 0 row (or the middle one) of a 2-D landscape, for the line view. */
function middleRow(figure: LandscapeFigure): number[] {
  const rows = figure.z as number[][];
  const ys = figure.y!;
  let best = 0;
  ys.forEach((y, j) => {
    if (Math.abs(y) < Math.abs(ys[best]!)) best = j;
  });
  return rows[best] ?? [];
}
