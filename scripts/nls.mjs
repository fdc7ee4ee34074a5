// The one place that resolves package.json's `%key%` placeholders from package.nls.json (the
// manifest's English strings), as VS Code does when it loads the extension. Tests and scripts that
// read titles or descriptions from the manifest read them through here. No file access, so the
// integration tests' bundle can take it too: callers import both JSON files.
const PLACEHOLDER = /^%([\w.-]+)%$/;

/** The key of a `%key%` placeholder, or undefined for any other value. */
export function placeholderKey(value) {
  return typeof value === 'string' ? PLACEHOLDER.exec(value)?.[1] : undefined;
}

/** `value` (package.json or a part of it) with every `%key%` string in it, at any depth, replaced
 *  by its text in `nls`; a key missing from `nls` is an error, never left as the placeholder. */
export function resolveNls(value, nls) {
  const key = placeholderKey(value);
  if (key !== undefined) {
    if (!Object.hasOwn(nls, key)) throw new Error(`package.nls.json has no "${key}"`);
    return nls[key];
  }
  if (Array.isArray(value)) return value.map((v) => resolveNls(v, nls));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveNls(v, nls)]));
  return value;
}
