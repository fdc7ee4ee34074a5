// Writes l10n/bundle.l10n.json, the English source strings of every `l10n.t('…')` in src/ (VS Code
// looks up a translation by this text in l10n/bundle.l10n.<locale>.json). A small stand-in for
// @vscode/l10n-dev's `export`, which is not a dependency: it reads only string-literal messages,
// and a `l10n.t(` whose message is not one (a template literal, a variable) is an error, since no
// translation could ever be found for it.
// Usage: node scripts/l10n.mjs   (test/unit/l10n.test.ts holds the committed file equal to this)
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_PATH = join(REPO, 'l10n', 'bundle.l10n.json');

const CALL = /\bl10n\.t\(\s*/g;
const LITERAL = /^(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")/;

/** The text of a single- or double-quoted JS string literal's body. */
function unquote(body) {
  // As a JSON string: \' is a plain quote there and a bare " needs its backslash.
  const json = body.replace(/\\.|"/g, (s) => (s === "\\'" ? "'" : s === '"' ? '\\"' : s));
  return JSON.parse(`"${json}"`);
}

/** Every message of `l10n.t(…)` calls in one file's text; `where` names the file in errors. */
export function messagesOf(text, where) {
  const messages = [];
  for (const call of text.matchAll(CALL)) {
    const rest = text.slice(call.index + call[0].length);
    const literal = LITERAL.exec(rest);
    if (!literal) {
      const line = text.slice(0, call.index).split('\n').length;
      throw new Error(`${where}:${line}: l10n.t takes a string literal message ({0} for values), not ${JSON.stringify(rest.slice(0, 30))}`);
    }
    messages.push(unquote(literal[1] ?? literal[2]));
  }
  return messages;
}

/** The bundle for the sources under src/: each message once, as its own English text, sorted. */
export function extractBundle(root = join(REPO, 'src')) {
  const messages = new Set();
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort()) {
    for (const m of messagesOf(readFileSync(join(root, file), 'utf8'), `src/${file}`)) messages.add(m);
  }
  return Object.fromEntries([...messages].sort().map((m) => [m, m]));
}

export function bundleText(bundle = extractBundle()) {
  return JSON.stringify(bundle, null, 2) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(dirname(BUNDLE_PATH), { recursive: true });
  writeFileSync(BUNDLE_PATH, bundleText());
  console.log(`wrote ${BUNDLE_PATH.slice(REPO.length + 1)} (${Object.keys(extractBundle()).length} messages)`);
}
