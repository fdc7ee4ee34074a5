/** The extension can be translated: the manifest's strings are placeholders with their English text
 *  in package.nls.json (each stated once), and the packaged .vsix and `npm start` carry it. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { placeholderKey, readNls } from '../../scripts/nls.mjs';
import { linkExtension } from '../../scripts/vscode.mjs';

const REPO = join(__dirname, '..', '..');
const manifest: unknown = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const nls = readNls();

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
    assert.deepEqual(readNlsFrom(join(extensionsDir, linked!)), nls);
  } finally {
    rmSync(extensionsDir, { recursive: true });
  }
});

function readNlsFrom(folder: string): unknown {
  return JSON.parse(readFileSync(join(folder, 'package.nls.json'), 'utf8'));
}
