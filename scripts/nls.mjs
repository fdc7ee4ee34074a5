// The one place that resolves package.json's `%key%` placeholders from package.nls.json (the
// manifest's English strings), as VS Code does when it loads the extension. Tests and scripts that
// read titles or descriptions from the manifest read them through here.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Found when read, not at import: bundled into the integration tests, this module has no file URL.
const repo = () => join(dirname(fileURLToPath(import.meta.url)), '..');
const PLACEHOLDER = /^%([\w.-]+)%$/;

/** package.nls.json: placeholder key → English text. */
export function readNls() {
  return JSON.parse(readFileSync(join(repo(), 'package.nls.json'), 'utf8'));
}

/** The key of a `%key%` placeholder, or undefined for any other value. */
export function placeholderKey(value) {
  return typeof value === 'string' ? PLACEHOLDER.exec(value)?.[1] : undefined;
}

/** `value` with every `%key%` string in it (at any depth) replaced by its text; a key missing from
 *  `nls` is an error, never left as the placeholder. */
export function resolveNls(value, nls = readNls()) {
  const key = placeholderKey(value);
  if (key !== undefined) {
    if (!Object.hasOwn(nls, key)) throw new Error(`package.nls.json has no "${key}"`);
    return nls[key];
  }
  if (Array.isArray(value)) return value.map((v) => resolveNls(v, nls));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveNls(v, nls)]));
  return value;
}

/** package.json as VS Code shows it: every placeholder resolved to its English text. */
export function localizedManifest() {
  return resolveNls(JSON.parse(readFileSync(join(repo(), 'package.json'), 'utf8')));
}
