// Types of scripts/nls.mjs for the TypeScript tests that import it.
export function readNls(): Record<string, string>;
export function placeholderKey(value: unknown): string | undefined;
export function resolveNls<T>(value: T, nls?: Record<string, string>): T;
export function localizedManifest(): typeof import('../package.json');
