/** Numbers as the option explanations print them. */

/** Small positive values in exponent form (1e-6, 2.5e-8), others as plain decimals. */
export function small(v: number): string {
  if (v !== 0 && Math.abs(v) < 1e-3) return Number(v.toPrecision(3)).toExponential();
  return String(Number(v.toPrecision(6)));
}

/** A fraction as a percentage with three significant digits: 0.316228 -> "31.6 %". */
export function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))} %`;
}
