/** The loss explorer figure: each loss (top) and its gradient (bottom) against the prediction, for
 *  one or several losses at once. */
import * as l10n from '@vscode/l10n';
import type { Data, Shape } from 'plotly.js';
import type { ExplorerFigure } from '../protocol/figure';
import { explorerData, type ExplorerData } from './explorerData';
import { axisStyle, baseLayout } from './layout';
import { escapeHtml, type PlotSpec } from './spec';
import type { PlotTheme } from './theme';

export interface ExplorerPlot extends PlotSpec {
  computed: ExplorerData;
}

function optionText(options: Record<string, unknown>): string {
  const parts = Object.entries(options)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : v}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

export function buildExplorer(figure: ExplorerFigure, theme: PlotTheme): ExplorerPlot {
  const computed = explorerData({ losses: figure.losses, target: figure.target, range: figure.range });
  const showGradient = figure.showGradient ?? true;
  const data: Data[] = [];
  const problems: string[] = [];
  computed.series.forEach((s, i) => {
    if (s.error) {
      problems.push(s.error);
      return;
    }
    const color = theme.colors[i % theme.colors.length]!;
    const name = escapeHtml(`${s.title}${optionText(s.options)}`);
    data.push({
      type: 'scatter', mode: 'lines', x: computed.x, y: s.loss.map((v) => (Number.isFinite(v) ? v : null)), name, legendgroup: s.id + i,
      line: { color, width: 2 }, hovertemplate: `${escapeHtml(s.title)}<br>${escapeHtml(computed.axis)} %{x:.3g}<br>loss %{y:.4g}<extra></extra>`,
    });
    if (showGradient) {
      data.push({
        type: 'scatter', mode: 'lines', x: computed.x, y: s.gradient.map((v) => (Number.isFinite(v) ? v : null)), name: `∂/∂x ${name}`,
        legendgroup: s.id + i, showlegend: false, xaxis: 'x', yaxis: 'y2', line: { color, width: 1.5, dash: 'dot' },
        hovertemplate: `${escapeHtml(s.title)}<br>${escapeHtml(computed.axis)} %{x:.3g}<br>gradient %{y:.4g}<extra></extra>`,
      });
    }
  });
  (figure.measured ?? []).forEach((m, i) => {
    const color = theme.colors[(computed.series.length + i) % theme.colors.length]!;
    const name = escapeHtml(m.name);
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    data.push({
      type: 'scatter', mode: 'lines+markers', x: m.x, y: m.loss.map(finite), name, legendgroup: `measured${i}`,
      line: { color, width: 2, dash: 'dash' }, marker: { size: 4, color },
      hovertemplate: `${name}<br>${escapeHtml(computed.axis)} %{x:.3g}<br>loss %{y:.4g}<extra></extra>`,
    });
    if (showGradient) {
      data.push({
        type: 'scatter', mode: 'lines', x: m.x, y: m.gradient.map(finite), name: `∂/∂x ${name}`, legendgroup: `measured${i}`, showlegend: false,
        xaxis: 'x', yaxis: 'y2', line: { color, width: 1.5, dash: 'dash' },
        hovertemplate: `${name}<br>${escapeHtml(computed.axis)} %{x:.3g}<br>gradient %{y:.4g}<extra></extra>`,
      });
    }
  });
  const title = figure.title ?? (computed.series.length === 1 ? l10n.t('{0}: loss and gradient', computed.series[0]!.title) : l10n.t('Loss comparison'));
  const layout = baseLayout(theme, title);
  layout.xaxis = { ...axisStyle(theme, computed.xLabel), anchor: showGradient ? 'y2' : 'y' };
  layout.yaxis = { ...axisStyle(theme, l10n.t('loss')), domain: showGradient ? [0.4, 1] : [0, 1] };
  if (showGradient) layout.yaxis2 = { ...axisStyle(theme, l10n.t('gradient')), domain: [0, 0.32], anchor: 'x' };
  const shapes: Partial<Shape>[] = [];
  if (computed.axis === 'prediction') {
    shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: computed.target, x1: computed.target, y0: 0, y1: 1, line: { color: theme.muted, width: 1, dash: 'dot' } });
  }
  layout.shapes = shapes;
  if (problems.length > 0) {
    layout.annotations = [{
      xref: 'paper', yref: 'paper', x: 0, y: 1, xanchor: 'left', yanchor: 'top', align: 'left', showarrow: false,
      text: problems.map(escapeHtml).join('<br>'), font: { color: theme.warning },
    }];
  }
  layout.uirevision = 'explorer';
  return { data, layout, computed };
}
