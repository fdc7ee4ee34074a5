/** The figures' legend as HTML beside the plot instead of plotly's SVG one: each entry is a button
 *  (Tab reaches it, Enter or Space shows or hides its traces, the pressed state is announced),
 *  and a redraw whose entries did not change leaves it alone. Plotly redrew and re-measured its own
 *  legend at every update, ~6 ms of each slider step with 24 runs (bench/redraw.ts). */
import type { Data } from 'plotly.js';
import { escapeHtml, unescapeHtml, type PlotSpec } from './spec';

export interface LegendEntry {
  /** The group it shows and hides: the trace's legendgroup, or the trace alone. */
  group: string;
  label: string;
  color: string;
  dash: string;
}

type Trace = Partial<{ name: string; legendgroup: string; showlegend: boolean; line: { color?: unknown; dash?: unknown }; marker: { color?: unknown } }>;

const groupOf = (t: Trace, i: number): string => t.legendgroup ?? `trace ${i}`;

/** The entries plotly's legend would show: a named trace unless showlegend is false, none when
 *  the layout turns the legend off, and none for a single entry unless the layout asks for it. */
export function legendEntries(spec: PlotSpec): LegendEntry[] {
  if (spec.layout.showlegend === false) return [];
  if (spec.legend) return spec.legend.length > 1 || spec.layout.showlegend === true ? spec.legend : [];
  const entries: LegendEntry[] = [];
  spec.data.forEach((data, i) => {
    const t = data as Trace;
    if (t.showlegend === false || !t.name) return;
    const color = typeof t.line?.color === 'string' ? t.line.color : typeof t.marker?.color === 'string' ? t.marker.color : '';
    entries.push({ group: groupOf(t, i), label: unescapeHtml(t.name), color, dash: typeof t.line?.dash === 'string' ? t.line.dash : 'solid' });
  });
  // A trace coloured per point (warning markers) takes its group's colour.
  for (const e of entries) e.color ||= entries.find((o) => o.group === e.group && o.color)?.color ?? '';
  return entries.length > 1 || spec.layout.showlegend === true ? entries : [];
}

/** The spec as drawn beside an HTML legend: plotly's legend off, hidden groups' traces 'legendonly'
 *  (not drawn, and greyed in an exported image's legend). */
export function withHiddenGroups(spec: PlotSpec, hidden: ReadonlySet<string>): PlotSpec {
  if (spec.withHidden && hidden.size > 0) return { ...spec.withHidden(hidden), layout: { ...spec.layout, showlegend: false } };
  const data = spec.data.map((d, i): Data => (hidden.has(groupOf(d as Trace, i)) ? { ...d, visible: 'legendonly' } : d));
  return { data, layout: { ...spec.layout, showlegend: false } };
}

/** For an exported image of a figure whose traces do not map one to one on its legend (runs joined
 *  into one trace per colour): one empty trace per entry, which plotly's legend lists and which
 *  draw nothing; a hidden entry greyed as plotly greys a hidden trace. */
export function legendOnlyTraces(entries: readonly LegendEntry[], hidden: ReadonlySet<string>): Data[] {
  return entries.map((e): Data => ({
    type: 'scatter', mode: 'lines', x: [null], y: [null], name: escapeHtml(e.label), legendgroup: e.group, showlegend: true, hoverinfo: 'skip',
    line: { color: e.color, dash: e.dash as 'solid' }, visible: hidden.has(e.group) ? 'legendonly' : true,
  }));
}

/** Indices of the traces in `group`. */
export function groupTraces(spec: PlotSpec, group: string): number[] {
  return spec.data.flatMap((d, i) => (groupOf(d as Trace, i) === group ? [i] : []));
}

/** Draws the entries into `box` (replacing what it showed) with their shown/hidden state. */
export function renderLegend(box: HTMLElement, entries: readonly LegendEntry[], hidden: ReadonlySet<string>, toggle: (group: string) => void): void {
  box.style.display = entries.length === 0 ? 'none' : 'flex';
  box.replaceChildren(
    ...entries.map((e) => {
      const shown = !hidden.has(e.group);
      const item = document.createElement('button');
      item.type = 'button';
      item.className = 'losslab-legend-item';
      item.dataset.group = e.group;
      item.setAttribute('aria-pressed', String(shown));
      item.title = `${shown ? 'Hide' : 'Show'} ${e.label}`;
      // Styled here, not by the page: the panels and the notebook renderer share this legend.
      Object.assign(item.style, {
        display: 'inline-flex', alignItems: 'center', gap: '6px', padding: '1px 6px', margin: '0', border: '1px solid transparent',
        background: 'transparent', color: 'inherit', font: 'inherit', cursor: 'pointer', opacity: shown ? '1' : '0.45',
        textDecoration: shown ? 'none' : 'line-through',
      });
      const swatch = document.createElement('span');
      swatch.setAttribute('aria-hidden', 'true');
      Object.assign(swatch.style, { display: 'inline-block', width: '18px', height: '0', borderTop: `2px ${e.dash === 'solid' ? 'solid' : 'dashed'} ${e.color || 'currentColor'}` });
      item.append(swatch, document.createTextNode(e.label));
      item.addEventListener('click', () => toggle(e.group));
      return item;
    }),
  );
}

/** A legend box for `plot`, placed right after it. */
export function createLegendBox(plot: HTMLElement): HTMLElement {
  const box = document.createElement('div');
  box.className = 'losslab-legend';
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', 'Legend: show or hide each series');
  Object.assign(box.style, { display: 'none', flexWrap: 'wrap', gap: '2px 10px', padding: '2px 10px', flex: '0 0 auto', maxHeight: '30vh', overflow: 'auto' });
  plot.after(box);
  return box;
}
