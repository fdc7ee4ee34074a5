/** Which catalog loss a user's function computes: each catalog loss of the task, with every option
 *  combination of its grid and each reduction, evaluated by the engine on the very batches the
 *  user's function was called on; then, when nothing is equal, the closest one described from the
 *  curves ("twice huber_loss(delta=1) where |error| > 1"). Pure: numbers in, findings out. */
import type { LossSpec } from '../catalog/types';
import { Tensor } from '../tensor';
import { catalogCandidates, optionGrid, type LossTask, type Nested } from './tasks';
import { describeDifference, type Difference, type UserCurve } from './difference';

export interface MatchSample {
  input: Nested;
  target: Nested;
  value: Nested;
}

export interface CatalogMatch {
  id: string;
  options: Record<string, number | string>;
  max_abs_diff: number;
  /** Equal to rounding (relative 1e-9) on every batch. */
  exact: boolean;
  detail: string;
}

/** Agreement this close (relative to the loss's size) counts as "equals". */
export const EXACT_TOLERANCE = 1e-9;
const MAX_MATCHES = 5;
/** The closest candidates of each catalog loss (by their largest difference on the batches) whose
 *  curves are compared: per loss, so that one loss with a wide option grid (Barron's α × scale)
 *  cannot crowd out the others. */
const MAX_DESCRIBED_PER_LOSS = 60;

function flatten(v: Nested, out: number[] = []): number[] {
  if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else out.push(v);
  return out;
}

function shapeOf(v: Nested): number[] {
  return Array.isArray(v) ? [v.length, ...(v.length > 0 ? shapeOf(v[0]!) : [])] : [];
}

interface Batch {
  args: Record<string, Tensor>;
  user: number[];
  vector: boolean;
}

function batchesFor(spec: LossSpec, task: LossTask, samples: readonly MatchSample[]): Batch[] {
  const required = spec.args.filter((a) => !a.optional);
  const prediction = required[0]!;
  const target = required.find((a) => /^target/.test(a.name)) ?? required[1]!;
  return samples.map((s) => ({
    args: {
      [prediction.name]: Tensor.from(shapeOf(s.input), flatten(s.input)),
      [target.name]: Tensor.from(shapeOf(s.target), flatten(s.target), task === 'multiclass' ? 'int64' : 'float64'),
    },
    user: flatten(s.value),
    vector: Array.isArray(s.value),
  }));
}

/** Largest |user − catalog| over every batch, or Infinity when they cannot be compared. */
function maxDiff(spec: LossSpec, batches: readonly Batch[], options: Record<string, number | string>): number {
  let worst = 0;
  for (const b of batches) {
    let values: Float64Array;
    try {
      values = spec.compute(b.args, options, false).value.data;
    } catch {
      return Infinity;
    }
    if (values.length !== b.user.length) return Infinity;
    for (let i = 0; i < values.length; i++) {
      const u = b.user[i]!;
      const c = values[i]!;
      if (Object.is(u, c) || (Number.isNaN(u) && Number.isNaN(c))) continue;
      const d = Math.abs(u - c);
      if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
    }
  }
  return worst;
}

function scaleOf(samples: readonly MatchSample[]): number {
  return Math.max(1, ...samples.flatMap((s) => flatten(s.value).filter(Number.isFinite).map(Math.abs)));
}

function optionsText(options: Record<string, number | string>): string {
  return Object.entries(options).map(([k, v]) => `${k}=${typeof v === 'string' ? `'${v}'` : v}`).join(', ');
}

export function matchText(m: Pick<CatalogMatch, 'id' | 'options'>): string {
  return `${m.id}(${optionsText(m.options)})`;
}

/** The catalog loss at each abscissa of the user's curve: one batch, one row per point, no reduction.
 *  Multi-class rows are [0, x] with class 1 true, as the runner built them. */
function curveValues(spec: LossSpec, task: LossTask, curve: UserCurve, grid: Record<string, number>): number[] | undefined {
  const n = curve.x.length;
  const input: Nested = task === 'multiclass' ? curve.x.map((x) => [0, x]) : curve.x;
  const target: Nested = curve.x.map(() => curve.target);
  const [batch] = batchesFor(spec, task, [{ input, target, value: 0 }]);
  try {
    const values = spec.compute(batch!.args, { ...grid, reduction: 'none' }, false).value.data;
    return values.length === n ? Array.from(values) : undefined;
  } catch {
    return undefined;
  }
}

interface Tried {
  spec: LossSpec;
  grid: Record<string, number>;
  options: Record<string, number | string>;
  diff: number;
}

/** Every catalog loss and option combination of the task, best first by the largest difference. */
function tryAll(task: LossTask, samples: readonly MatchSample[]): Tried[] {
  const vector = samples.some((s) => Array.isArray(s.value));
  const reductions = vector ? ['none'] : ['mean', 'sum'];
  const tried: Tried[] = [];
  for (const spec of catalogCandidates(task)) {
    const batches = batchesFor(spec, task, samples);
    for (const grid of optionGrid(spec)) {
      for (const reduction of reductions) {
        const options = { ...grid, reduction };
        tried.push({ spec, grid, options, diff: maxDiff(spec, batches, options) });
      }
    }
  }
  return tried.sort((a, b) => a.diff - b.diff);
}

/** The catalog losses the function equals, or else the one that explains it best, with where it differs. */
export function matchCatalog(task: LossTask, samples: readonly MatchSample[], curve: UserCurve): CatalogMatch[] {
  const tried = tryAll(task, samples);
  const tolerance = EXACT_TOLERANCE * scaleOf(samples);
  const exact = tried.filter((t) => t.diff <= tolerance).slice(0, MAX_MATCHES);
  if (exact.length > 0) {
    return exact.map((t) => ({
      id: t.spec.id, options: t.options, max_abs_diff: t.diff, exact: true,
      detail: `equals ${matchText({ id: t.spec.id, options: t.options })} to ${t.diff === 0 ? '0' : t.diff.toExponential(0)}`,
    }));
  }
  const described = new Map<string, Difference>();
  const perLoss = new Map<string, number>();
  const explained = tried
    .filter((t) => Number.isFinite(t.diff))
    .filter((t) => {
      const n = (perLoss.get(t.spec.id) ?? 0) + 1;
      perLoss.set(t.spec.id, n);
      return n <= MAX_DESCRIBED_PER_LOSS;
    })
    .map((t) => {
      const key = `${t.spec.id} ${JSON.stringify(t.grid)}`;
      let d = described.get(key);
      if (!d) described.set(key, (d = describeDifference(curveValues(t.spec, task, curve, t.grid), curve)));
      return { t, d };
    })
    .sort((a, b) => b.d.score - a.d.score || a.t.diff - b.t.diff)[0];
  if (!explained) return [];
  const { t, d } = explained;
  const name = matchText({ id: t.spec.id, options: t.options });
  return [{ id: t.spec.id, options: t.options, max_abs_diff: t.diff, exact: false, detail: `closest: ${d.text(name)} (largest difference ${t.diff.toPrecision(3)})` }];
}
