// Types of scripts/l10n.mjs for the TypeScript tests that import it.
export const BUNDLE_PATH: string;
export function messagesOf(text: string, where: string): string[];
export function extractBundle(root?: string): Record<string, string>;
export function bundleText(bundle?: Record<string, string>): string;
