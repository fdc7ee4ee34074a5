/** Margins held still through data-only redraws. With automargin, plotly measures every tick label
 *  on every redraw to size the margins: under 100 runs of merged traces that measuring was about
 *  half of a live append's redraw. A full draw (Plotly.react) still sizes the margins; the updates
 *  after it reuse the margins it settled on, with automargin off, until a tick label gets longer
 *  than the longest one measured (a loss falling from 0.01 to 0.001), which measures again. */
import type { Layout } from 'plotly.js';

type Sides = { l: number; r: number; t: number; b: number };

/** The parts of plotly's state on a drawn element that this reads (plotly.js internals, stable in
 *  the pinned version): the plot area's margins and each axis's current tick labels. */
interface DrawnPlot {
  _fullLayout?: {
    _size?: Partial<Sides>;
    xaxis?: { _vals?: readonly { text?: string }[] };
    yaxis?: { _vals?: readonly { text?: string }[] };
  };
}

interface Held {
  margin: Sides;
  /** The longest tick label, in characters, when the margins were measured. */
  longest: number;
  /** Whether the element's layout holds them already (the first update after a full draw sets them). */
  applied: boolean;
}

const held = new WeakMap<HTMLElement, Held>();

function longestTickLabel(plot: DrawnPlot): number {
  let longest = 0;
  for (const axis of [plot._fullLayout?.xaxis, plot._fullLayout?.yaxis]) {
    for (const tick of axis?._vals ?? []) longest = Math.max(longest, (tick.text ?? '').replace(/<[^>]*>/g, '').length);
  }
  return longest;
}

function measured(element: HTMLElement): Held | undefined {
  const plot = element as DrawnPlot;
  const size = plot._fullLayout?._size;
  if (!size || ![size.l, size.r, size.t, size.b].every((v) => typeof v === 'number' && Number.isFinite(v))) return undefined;
  return { margin: { l: size.l!, r: size.r!, t: size.t!, b: size.b! }, longest: longestTickLabel(plot), applied: false };
}

const automargined = (layout: Partial<Layout>): boolean => Boolean(layout.xaxis?.automargin || layout.yaxis?.automargin);

/** After a full draw: what plotly measured becomes the margins the next updates hold. */
export function rememberMargins(element: HTMLElement, layout: Partial<Layout>): void {
  const now = automargined(layout) ? measured(element) : undefined;
  if (now) held.set(element, now);
  else held.delete(element);
}

/** The layout properties an update adds to hold the margins (none when the figure has no automargin
 *  or nothing was measured yet). */
export function heldMargins(element: HTMLElement): Partial<Layout> {
  const h = held.get(element);
  if (!h || h.applied) return {};
  h.applied = true;
  return { margin: { ...h.margin }, 'xaxis.automargin': false, 'yaxis.automargin': false } as Partial<Layout>;
}

/** After an update that held the margins: the layout to measure them again with (the figure's own
 *  margin and automargin) when a tick label has outgrown the measured ones, else null; then
 *  rememberMargins takes what plotly measured. */
export function remeasureIfOutgrown(element: HTMLElement, layout: Partial<Layout>): Partial<Layout> | null {
  const h = held.get(element);
  if (!h || longestTickLabel(element as DrawnPlot) <= h.longest) return null;
  held.delete(element);
  return { margin: layout.margin, 'xaxis.automargin': Boolean(layout.xaxis?.automargin), 'yaxis.automargin': Boolean(layout.yaxis?.automargin) } as Partial<Layout>;
}

export function forgetMargins(element: HTMLElement): void {
  held.delete(element);
}
