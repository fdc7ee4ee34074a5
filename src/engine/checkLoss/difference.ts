/** Where a user's loss curve and a catalog loss's curve (same target, same abscissae) agree and how
 *  they differ elsewhere, in words: "twice huber_loss(delta=1) where |error| > 1". */
export interface UserCurve {
  x: number[];
  loss: number[];
  target: number;
  axis: string;
}

export interface Difference {
  /** Higher explains the user's curve better: points equal, plus half the curve if the rest is a constant multiple. */
  score: number;
  text(name: string): string;
}

const RELATIVE = 1e-9;

function equal(u: number, c: number): boolean {
  return Number.isFinite(u) && Number.isFinite(c) && Math.abs(u - c) <= RELATIVE * Math.max(1, Math.abs(c));
}

function times(r: number): string {
  if (Math.abs(r - 2) < 1e-9) return 'twice';
  if (Math.abs(r - 0.5) < 1e-9) return 'half of';
  return `${Number(r.toPrecision(4))}×`;
}

/** The simplest number T with lo ≤ T < hi (so "> T" keeps lo inside and hi outside): an integer if
 *  one fits, else halves, quarters, tenths, ... */
export function simplestBetween(lo: number, hi: number): number {
  for (const step of [1, 0.5, 0.25, 0.1, 0.05, 0.01, 0.001]) {
    const candidate = Math.ceil(lo / step - 1e-9) * step;
    if (candidate < hi) return Number(candidate.toFixed(3));
  }
  return lo;
}

/** Where the curves differ, as a condition on the abscissa, or undefined when it is no simple region. */
function region(x: readonly number[], differs: readonly boolean[], target: number, axis: string): string | undefined {
  const distance = x.map((v) => Math.abs(v - target));
  const inside = distance.filter((_, i) => !differs[i]);
  const outside = distance.filter((_, i) => differs[i]);
  if (axis === 'prediction' && Math.max(...inside) < Math.min(...outside)) {
    return `|error| > ${simplestBetween(Math.max(...inside), Math.min(...outside))}`;
  }
  const xs = (want: boolean) => x.filter((_, i) => differs[i] === want);
  if (Math.max(...xs(false)) < Math.min(...xs(true))) return `${axis} > ${simplestBetween(Math.max(...xs(false)), Math.min(...xs(true)))}`;
  if (Math.max(...xs(true)) < Math.min(...xs(false))) return `${axis} < ${simplestBetween(Math.max(...xs(true)), Math.min(...xs(false)))}`;
  return undefined;
}

/** `catalog` is the catalog loss at each of the user curve's abscissae (undefined: not computable). */
export function describeDifference(catalog: readonly number[] | undefined, user: UserCurve): Difference {
  const n = user.x.length;
  if (!catalog || catalog.length !== n) return { score: -1, text: (name) => `differs from ${name}` };
  const differs = user.loss.map((u, i) => !equal(u, catalog[i]!));
  const ratios = user.loss.map((u, i) => u / catalog[i]!).filter((r, i) => differs[i] && Number.isFinite(r));
  const constant = ratios.length > 0 && ratios.length === differs.filter(Boolean).length
    && Math.max(...ratios) - Math.min(...ratios) <= 1e-6 * Math.abs(ratios[0]!);
  const nEqual = differs.filter((d) => !d).length;
  const score = nEqual + (constant ? n / 2 : 0);
  const where = nEqual > 0 && nEqual < n ? region(user.x, differs, user.target, user.axis) : undefined;
  return {
    score,
    text(name) {
      if (nEqual === n) return `${name} along the curve, but not on the batches`;
      const condition = where ? ` where ${where}` : nEqual > 0 ? ` on ${n - nEqual} of ${n} curve points` : '';
      if (constant) return `${times(ratios[0]!)} ${name}${condition}`;
      return nEqual > 0 ? `${name}, except${condition}` : `differs from ${name} everywhere on the curve`;
    },
  };
}
