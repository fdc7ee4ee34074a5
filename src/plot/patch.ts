/** A redraw that changes only some traces' data and the axis ranges (a smoothing slider moving,
 *  new points on the same curves) can go through Plotly.update of those traces instead of
 *  Plotly.react of the whole figure. patchBetween finds such a change between two specs, or says
 *  null when anything else differs (trace count, styles, names, any other layout property). */
import type { Datum, Layout } from 'plotly.js';
import type { PlotSpec } from './spec';

const DATA_KEYS = ['x', 'y', 'customdata', 'text'] as const;
type DataKey = (typeof DATA_KEYS)[number];
const AXES = ['xaxis', 'yaxis'] as const;

export interface SpecPatch {
  /** Indices of the traces whose data changed. */
  indices: number[];
  /** Per data key, the new arrays of those traces in `indices` order (Plotly.update's shape). */
  data: Partial<Record<DataKey, Datum[][]>>;
  /** 'xaxis.range' / 'yaxis.range' when they changed. */
  layout: Partial<Layout>;
}

type Trace = Record<string, unknown>;

function sameArray(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Everything about a trace but its data, as a comparable string. */
function traceStyle(t: Trace): string {
  const rest: Trace = {};
  for (const [k, v] of Object.entries(t)) if (!(DATA_KEYS as readonly string[]).includes(k)) rest[k] = v;
  return JSON.stringify(rest);
}

/** The layout without the axis ranges, as a comparable string. */
function layoutFrame(layout: PlotSpec['layout']): string {
  const copy: Record<string, unknown> = { ...layout };
  for (const axis of AXES) {
    const a = copy[axis] as Record<string, unknown> | undefined;
    if (a && 'range' in a) {
      const others: Record<string, unknown> = { ...a, hasRange: true };
      delete others.range;
      copy[axis] = others;
    }
  }
  return JSON.stringify(copy);
}

/** What a drawn spec looked like, taken before plotly sees it: Plotly.react fills in the objects
 *  it is given (trace uids, autoranged axis ranges, sizes), so the spec itself cannot be kept. */
export interface SpecSignature {
  styles: string[];
  data: Partial<Record<DataKey, unknown>>[];
  frame: string;
  ranges: Record<(typeof AXES)[number], unknown>;
}

export function signatureOf(spec: PlotSpec): SpecSignature {
  const data = spec.data.map((t) => {
    const d: Partial<Record<DataKey, unknown>> = {};
    for (const k of DATA_KEYS) if (k in t) d[k] = (t as Trace)[k];
    return d;
  });
  const range = (axis: (typeof AXES)[number]): unknown => (spec.layout[axis] as { range?: unknown } | undefined)?.range;
  return { styles: spec.data.map((t) => traceStyle(t as Trace)), data, frame: layoutFrame(spec.layout), ranges: { xaxis: range('xaxis'), yaxis: range('yaxis') } };
}

const asSignature = (s: PlotSpec | SpecSignature): SpecSignature => ('styles' in s ? s : signatureOf(s));

export function patchBetween(prev: PlotSpec | SpecSignature, next: PlotSpec | SpecSignature): SpecPatch | null {
  const before = asSignature(prev);
  const after = asSignature(next);
  if (before.styles.length !== after.styles.length || before.frame !== after.frame) return null;
  const indices: number[] = [];
  let keys: DataKey[] | null = null;
  for (let i = 0; i < after.styles.length; i++) {
    if (before.styles[i] !== after.styles[i]) return null;
    const a = before.data[i]!;
    const b = after.data[i]!;
    const present = DATA_KEYS.filter((k) => k in b);
    if (present.join() !== DATA_KEYS.filter((k) => k in a).join()) return null;
    if (present.every((k) => sameArray(a[k], b[k]))) continue;
    // One Plotly.update call sets the same keys on every changed trace.
    if (keys && keys.join() !== present.join()) return null;
    keys = present;
    indices.push(i);
  }
  const data: SpecPatch['data'] = {};
  for (const k of keys ?? []) data[k] = indices.map((i) => after.data[i]![k] as Datum[]);
  const layout: Record<string, unknown> = {};
  for (const axis of AXES) {
    if (!sameArray(before.ranges[axis], after.ranges[axis])) layout[`${axis}.range`] = after.ranges[axis];
  }
  return { indices, data, layout: layout as Partial<Layout> };
}
