/** What every bench reads from its command line and how it sums up repeated timings. */

/** The command-line value after `name` (`--reps 3`), or undefined when the flag is absent. */
export function flagValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A numeric flag (`--reps 3`), `fallback` when absent; a value that is not a number is an error. */
export function numberFlag(name: string, fallback: number): number {
  const given = flagValue(name);
  if (given === undefined) return fallback;
  const value = Number(given);
  if (given.trim() === '' || !Number.isFinite(value)) throw new Error(`${name} takes a number, got ${JSON.stringify(given)}`);
  return value;
}

/** Whether a switch (`--keep`) is on the command line. */
export function hasFlag(name: string): boolean {
  return process.argv.includes(name);
}

/** The median; of an even count, the mean of the middle two. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
