/** Drawing a Loss Lab figure into an element with the shared plotly bundle: the one entry used by
 *  the webview panels and the notebook renderer. Plotly.react updates an existing plot in place;
 *  a data-only change goes through Plotly.update (patch.ts). The legend is HTML, right after the
 *  plot element (legend.ts); exported images get plotly's own. */
import type { Config, Data, Layout } from 'plotly.js';
import type { Figure } from '../protocol/figure';
import { buildFigure, type FigureView } from './build';
import { createLegendBox, groupTraces, legendEntries, legendOnlyTraces, renderLegend, withHiddenGroups, type LegendEntry } from './legend';
import { forgetMargins, heldMargins, rememberMargins, remeasureIfOutgrown } from './margins';
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

interface Legend {
  box: HTMLElement;
  /** Groups the viewer has hidden; they stay hidden through redraws. */
  hidden: Set<string>;
  entries: LegendEntry[];
  /** The entries and states the box shows, to leave it alone when a redraw does not change them. */
  shown: string;
  /** The last spec drawn, for the traces of a group. */
  spec: PlotSpec;
}

const legends = new WeakMap<HTMLElement, Legend>();

function showLegend(element: HTMLElement, legend: Legend): void {
  const shown = JSON.stringify([legend.entries, [...legend.hidden]]);
  if (shown === legend.shown) return;
  legend.shown = shown;
  renderLegend(legend.box, legend.entries, legend.hidden, (group) => void toggleGroup(element, legend, group));
}

/** The element's legend brought up to date with `spec`, or null while it has no entries. */
function updateLegend(element: HTMLElement, spec: PlotSpec): Legend | null {
  const entries = legendEntries(spec);
  let legend = legends.get(element);
  if (!legend) {
    if (entries.length === 0) return null;
    legend = { box: createLegendBox(element), hidden: new Set(), entries, shown: '', spec };
    legends.set(element, legend);
  }
  legend.entries = entries;
  legend.spec = spec;
  showLegend(element, legend);
  return entries.length > 0 ? legend : null;
}

async function toggleGroup(element: HTMLElement, legend: Legend, group: string): Promise<void> {
  const hide = !legend.hidden.has(group);
  if (hide) legend.hidden.add(group);
  else legend.hidden.delete(group);
  showLegend(element, legend);
  legend.box.querySelector<HTMLElement>(`[data-group="${CSS.escape(group)}"]`)?.focus();
  // A spec of merged series is built again without the hidden ones.
  if (legend.spec.withHidden) {
    await drawSpec(element, legend.spec);
    return;
  }
  // The next drawSpec sees the new visibility in its signature and redraws the whole figure.
  await Plotly.restyle(element, { visible: hide ? 'legendonly' : true }, groupTraces(legend.spec, group));
}

/** Draws `spec` into `element`: Plotly.update of the changed traces when only trace data and axis
 *  ranges differ from the last draw (a slider moving: 3–12 ms less than Plotly.react of the whole
 *  figure in bench/redraw.ts), holding the margins of the last full draw (margins.ts), Plotly.react
 *  otherwise. Returns which one it used. */
export async function drawSpec(element: HTMLElement, given: PlotSpec, config: Partial<Config> = PLOT_CONFIG): Promise<'react' | 'update'> {
  const legend = updateLegend(element, given);
  const spec = legend ? withHiddenGroups(given, legend.hidden) : given;
  const previous = drawn.get(element);
  const signature = signatureOf(spec);
  const patch = previous ? patchBetween(previous, signature) : null;
  drawn.set(element, signature);
  if (patch) {
    if (patch.indices.length > 0 || Object.keys(patch.layout).length > 0) {
      await Plotly.update(element, patch.data as Data, { ...patch.layout, ...heldMargins(element) }, patch.indices);
      const remeasure = remeasureIfOutgrown(element, spec.layout);
      if (remeasure) {
        await Plotly.relayout(element, remeasure);
        rememberMargins(element, spec.layout);
      }
    }
    return 'update';
  }
  await Plotly.react(element, spec.data, spec.layout, config);
  rememberMargins(element, spec.layout);
  return 'react';
}

export function purgeFigure(element: HTMLElement): void {
  drawn.delete(element);
  forgetMargins(element);
  legends.get(element)?.box.remove();
  legends.delete(element);
  Plotly.purge(element);
}

/** A PNG or SVG of the plot as a data: URL (plotly's own export), with plotly's legend where the
 *  page shows the HTML one. */
export function figureImage(element: HTMLElement, format: 'png' | 'svg', size?: { width: number; height: number }): Promise<string> {
  const width = size?.width ?? Math.max(element.clientWidth, 640);
  const height = size?.height ?? Math.max(element.clientHeight, 400);
  const legend = legends.get(element);
  if (!legend || legend.entries.length === 0) return Plotly.toImage(element, { format, width, height });
  const shown = element as unknown as { data: Data[]; layout: Partial<Layout> };
  // Joined runs (above 16): their traces carry no legend of their own, so the image gets one per run.
  const data = legend.spec.legend ? [...shown.data, ...legendOnlyTraces(legend.entries, legend.hidden)] : shown.data;
  return Plotly.toImage({ data, layout: { ...shown.layout, showlegend: true, width, height } }, { format, width, height });
}
