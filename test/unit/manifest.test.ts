/** package.json's contributions and the code agree: every contributed command and setting is used,
 *  every one the code uses is contributed (or listed as internal), and README documents them. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pkg from '../../package.json';
import { COMMANDS, INTERNAL_COMMANDS } from '../../src/extension/commandIds';
import { SETTING_KEYS, settingDefault } from '../../src/extension/settings';
import { DEFAULT_PREDICTION_HALF_WIDTH } from '../../src/plot/explorerData';

const REPO = join(__dirname, '..', '..');
const sources = readdirSync(join(REPO, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.generated.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(REPO, 'src', f), 'utf8') }));
const extensionCode = sources.filter((s) => s.file.startsWith('extension'));
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

test('package.json names no key twice in one object (JSON.parse would keep only the last)', () => {
  const text = readFileSync(join(REPO, 'package.json'), 'utf8');
  const duplicates: string[] = [];
  const stack: Set<string>[] = [];
  // Keys are the strings followed by a colon; objects open and close with braces outside strings.
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"\s*(:)?|[{}]/g)) {
    if (m[0] === '{') stack.push(new Set());
    else if (m[0] === '}') stack.pop();
    else if (m[2] === ':') {
      const keys = stack[stack.length - 1]!;
      if (keys.has(m[1]!)) duplicates.push(m[1]!);
      keys.add(m[1]!);
    }
  }
  assert.deepEqual(duplicates, []);
});

test('the contributed commands are exactly the command table; internal ones are not contributed', () => {
  const contributed = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, Object.values(COMMANDS).sort());
  for (const id of Object.values(INTERNAL_COMMANDS)) assert.ok(!(contributed as string[]).includes(id), `${id} is internal`);
  for (const group of Object.values(pkg.contributes.menus) as { command: string }[][]) {
    for (const item of group) assert.ok((contributed as string[]).includes(item.command), `menu item ${item.command} is a contributed command`);
  }
});

test('commands are registered and executed through the table, never as string literals', () => {
  for (const { file, text } of extensionCode) {
    if (file.endsWith('commandIds.ts')) continue;
    assert.doesNotMatch(text, /(registerCommand|executeCommand)(<[^>]*>)?\(\s*'losslab\./, `${file} names a command by a literal`);
  }
  const code = extensionCode.map((s) => s.text).join('\n');
  for (const [key, id] of [...Object.entries(COMMANDS).map(([k, v]) => [`COMMANDS.${k}`, v]), ...Object.entries(INTERNAL_COMMANDS).map(([k, v]) => [`INTERNAL_COMMANDS.${k}`, v])]) {
    assert.ok(code.includes(key!), `${id} (${key}) is used by the code`);
  }
});

test('every contributed setting is read through the typed config, and nothing reads settings around it', () => {
  const code = extensionCode.map((s) => s.text).join('\n');
  for (const key of SETTING_KEYS) assert.ok(code.includes(`'${key}'`), `losslab.${key} is read by the code`);
  for (const { file, text } of extensionCode) {
    if (file.endsWith('config.ts')) continue;
    assert.doesNotMatch(text, /getConfiguration\(\s*'losslab'/, `${file} reads settings around src/extension/config.ts`);
  }
  assert.equal(settingDefault('plot.predictionRange'), DEFAULT_PREDICTION_HALF_WIDTH, 'the explorer draws the same default half-width');
});

test('README lists every contributed command and setting', () => {
  for (const c of pkg.contributes.commands) assert.ok(readme.includes(`\`${c.command}\``), `README lists ${c.command}`);
  for (const key of SETTING_KEYS) assert.ok(readme.includes(`\`losslab.${key}\``), `README lists losslab.${key}`);
});
