/** The extension can be translated: the manifest's strings are placeholders with their English text
 *  in package.nls.json (each stated once), the code's go through vscode.l10n.t into
 *  l10n/bundle.l10n.json (as scripts/l10n.mjs extracts it from src/ now), and the packaged .vsix
 *  and `npm start` carry both. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUNDLE_PATH, bundleText, messagesOf } from '../../scripts/l10n.mjs';
import nls from '../../package.nls.json';
import { placeholderKey } from '../../scripts/nls.mjs';
import { linkExtension } from '../../scripts/vscode.mjs';

const REPO = join(__dirname, '..', '..');
const manifest: unknown = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));

/** Every string value in `value`, at any depth. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

test('every %key% in package.json has its text in package.nls.json, and every text there is used', () => {
  const used = new Set(strings(manifest).map(placeholderKey).filter((k) => k !== undefined));
  assert.ok(used.size > 0);
  assert.deepEqual([...used].filter((k) => !Object.hasOwn(nls, k)), [], 'placeholders without a text');
  assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'texts no placeholder uses');
});

test('package.nls.json states each text once', () => {
  const seen = new Map<string, string>();
  for (const [key, text] of Object.entries(nls)) {
    assert.ok(!seen.has(text), `${key} repeats ${seen.get(text)}: "${text}"`);
    seen.set(text, key);
  }
});

test('what the user reads in contributes is a placeholder, not English text', () => {
  const pkg = manifest as { displayName: string; description: string; contributes: Record<string, unknown> };
  const c = pkg.contributes as {
    commands: { title: string; category: string }[];
    configuration: { title: string; properties: Record<string, { description?: string; markdownDescription?: string; enumDescriptions?: string[] }> };
    walkthroughs: { title: string; description: string; steps: { title: string; description: string }[] }[];
    viewsContainers: Record<string, { title: string }[]>;
    views: Record<string, { name: string }[]>;
    viewsWelcome: { contents: string }[];
  };
  const shown = [
    pkg.displayName, pkg.description,
    ...c.commands.flatMap((x) => [x.title, x.category]),
    c.configuration.title,
    ...Object.values(c.configuration.properties).flatMap((p) => [p.description, p.markdownDescription, ...(p.enumDescriptions ?? [])].filter((d) => d !== undefined)),
    ...c.walkthroughs.flatMap((w) => [w.title, w.description, ...w.steps.flatMap((s) => [s.title, s.description])]),
    ...Object.values(c.viewsContainers).flat().map((v) => v.title),
    ...Object.values(c.views).flat().map((v) => v.name),
    ...c.viewsWelcome.map((v) => v.contents),
  ];
  assert.deepEqual(shown.filter((s) => placeholderKey(s) === undefined), []);
});

test('package.nls.json and l10n/ go into the .vsix and into the extension `npm start` lists', () => {
  const ignore = readFileSync(join(REPO, '.vscodeignore'), 'utf8');
  assert.match(ignore, /^!package\.nls\.json$/m);
  assert.match(ignore, /^!l10n\/\*\.json$/m);
  const extensionsDir = mkdtempSync(join(tmpdir(), 'losslab-l10n-'));
  try {
    linkExtension(extensionsDir, REPO);
    const [linked] = readdirSync(extensionsDir).filter((f) => f !== 'extensions.json');
    assert.deepEqual(readJson(join(extensionsDir, linked!, 'package.nls.json')), nls);
    assert.deepEqual(readJson(join(extensionsDir, linked!, 'l10n', 'bundle.l10n.json')), readJson(BUNDLE_PATH));
  } finally {
    rmSync(extensionsDir, { recursive: true });
  }
});

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

test('package.json points VS Code at l10n/, and the committed bundle is what the extractor makes of src/ now', () => {
  assert.equal((manifest as { l10n?: unknown }).l10n, './l10n');
  const fresh = bundleText();
  assert.ok(Object.keys(JSON.parse(fresh)).length > 100, 'the extension\'s messages are extracted');
  assert.equal(readFileSync(BUNDLE_PATH, 'utf8'), fresh, 'l10n/bundle.l10n.json is stale: run node scripts/l10n.mjs');
});

test('the extractor reads quoted messages with their escapes, and refuses a message that is not a literal', () => {
  assert.deepEqual(messagesOf(`vscode.l10n.t('it\\'s {0}', x); l10n.t("say \\"hi\\"")`, 'sample.ts'), ["it's {0}", 'say "hi"']);
  assert.throws(() => messagesOf('const a = 1;\nvscode.l10n.t(`ran ${n}`)', 'sample.ts'), /sample\.ts:2: l10n\.t takes a string literal/);
  assert.throws(() => messagesOf('vscode.l10n.t(message)', 'sample.ts'), /string literal/);
});

const extensionSources = readdirSync(join(REPO, 'src', 'extension'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: `src/extension/${f}`, text: readFileSync(join(REPO, 'src', 'extension', f), 'utf8') }));

/** `file:line: excerpt` for each match of `pattern` in the extension's sources. */
function found(pattern: RegExp): string[] {
  return extensionSources.flatMap(({ file, text }) => [...text.matchAll(pattern)].map((m) => `${file}:${text.slice(0, m.index).split('\n').length}: ${m[0]}`));
}

test('no notification in src/extension shows a bare string: each message goes through vscode.l10n.t', () => {
  const calls = found(/show(?:Information|Warning|Error)Message\(\s*\S{0,20}/g);
  assert.ok(calls.length > 20, `the scan finds the notifications (${calls.length})`);
  assert.deepEqual(calls.filter((c) => /Message\(\s*['"`]/.test(c)), []);
});

test('quick picks, input boxes, dialogs, progress titles, tooltips and status text in src/extension name no bare string either', () => {
  assert.deepEqual(found(/\b(?:placeHolder|prompt|openLabel|saveLabel|tooltip):\s*['"`][^\n]{0,40}/g), []);
  // Titles and the status bar's text in the adapters (the vscode-free modules under src/extension
  // build figure data that unit tests check and are not translated).
  const adapters = extensionSources.filter((s) => /from 'vscode'/.test(s.text)).map((s) => s.file);
  assert.deepEqual(found(/\b(?:title:|\.text =|\.name =)\s*['"`][^\n]{0,40}/g).filter((f) => adapters.includes(f.split(':')[0]!)), []);
});
