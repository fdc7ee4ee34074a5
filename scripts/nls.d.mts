// Types of scripts/nls.mjs for the TypeScript tests that import it.
export function placeholderKey(value: unknown): string | undefined;
export function resolveNls<T>(value: T, nls: Record<string, string>): T;
