import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inlineImages } from '../../scripts/packaged-readme.mjs';

const REPO = join(__dirname, '..', '..');

test("the packaged README inlines each relative image as a data: URI of the file's bytes, and changes nothing else", () => {
  const source = readFileSync(join(REPO, 'README.md'), 'utf8');
  const packaged = inlineImages(source, REPO);
  const images = [...packaged.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  assert.ok(images.length > 0, 'the README has a screenshot');
  for (const src of images) assert.match(src, /^(data:image\/(png|jpeg|gif);base64,|https:)/, `${src.slice(0, 40)}… is drawn by the Extensions view`);
  const screenshot = readFileSync(join(REPO, 'media', 'screenshot.png')).toString('base64');
  assert.ok(packaged.includes(`(data:image/png;base64,${screenshot})`));
  const stripped = (md: string) => md.replace(/!\[([^\]]*)\]\([^)\s]+\)/g, '![$1]()');
  assert.equal(stripped(packaged), stripped(source));
});

test('an image of a type the Extensions view cannot inline is refused, naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'readme-'));
  writeFileSync(join(dir, 'a.svg'), '<svg/>');
  assert.throws(() => inlineImages('![x](a.svg)', dir), /a\.svg/);
  assert.equal(inlineImages('![x](https://example.org/a.png)', dir), '![x](https://example.org/a.png)');
});
