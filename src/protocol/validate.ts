/** Small structural validators for messages crossing a boundary (worker, webview, notebook).
 *  Each returns the value typed or throws ValidationError with the path of the first problem. */
export class ValidationError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'ValidationError';
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function record(v: unknown, path: string): Record<string, unknown> {
  if (!isRecord(v)) throw new ValidationError(path, 'expected an object');
  return v;
}

export function str(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new ValidationError(path, 'expected a string');
  return v;
}

export function optStr(v: unknown, path: string): string | undefined {
  return v === undefined ? undefined : str(v, path);
}

export function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new ValidationError(path, 'expected a number');
  return v;
}

export function optNum(v: unknown, path: string): number | undefined {
  return v === undefined ? undefined : num(v, path);
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') throw new ValidationError(path, 'expected true or false');
  return v;
}

export function optBool(v: unknown, path: string): boolean | undefined {
  return v === undefined ? undefined : bool(v, path);
}

export function oneOf<const T extends string>(v: unknown, choices: readonly T[], path: string): T {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new ValidationError(path, `expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`);
  }
  return v as T;
}

export function array<T>(v: unknown, path: string, item: (x: unknown, path: string) => T, maxLength = 10_000_000): T[] {
  if (!Array.isArray(v)) throw new ValidationError(path, 'expected an array');
  if (v.length > maxLength) throw new ValidationError(path, `array longer than ${maxLength}`);
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

/** A finite number, or null standing for a missing/non-finite value (NaN and ±inf travel as null
 *  or as the strings "nan", "inf", "-inf"). */
export function seriesValue(v: unknown, path: string): number {
  if (v === null || v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (typeof v === 'number') return v;
  throw new ValidationError(path, 'expected a number, null, "nan", "inf" or "-inf"');
}
