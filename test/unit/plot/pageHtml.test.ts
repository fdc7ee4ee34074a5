// The panel page's text (src/extension/panels/pageHtml.ts) and its translations as the page reads
// them back (src/webview/l10n.ts): nothing in a translation can end the JSON element or add markup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageHtml } from '../../../src/extension/panels/pageHtml';
import { parseBundle } from '../../../src/webview/l10n';

const parts = { nonce: 'abc', script: 'https://x/webview.js', cspSource: 'https://x', title: 'Loss <b>', app: 'plot' as const, language: 'de', labels: { controls: 'Steuerung', notes: 'Notizen' } };

/** The text of the page's translations element. */
function bundleText(html: string): string {
  const open = '<script type="application/json" id="l10n">';
  const start = html.indexOf(open) + open.length;
  return html.slice(start, html.indexOf('</script>', start));
}

test('the translations ride in the page as JSON that no message can close', () => {
  const bundle = { Smoothing: 'Glättung', 'Log y': '</script><script>alert(1)</script>', x: '<!-- <script>' };
  const html = pageHtml({ ...parts, bundle });
  assert.equal(html.match(/<script/g)?.length, 2, 'only the JSON element and our script');
  assert.ok(!html.includes('alert(1)</script>'));
  const read = parseBundle(bundleText(html));
  assert.deepEqual(read, { bundle });
});

test('English: an empty map; the language, labels and title are text', () => {
  const html = pageHtml({ ...parts, bundle: undefined });
  assert.deepEqual(parseBundle(bundleText(html)), { bundle: {} });
  assert.match(html, /<html lang="de">/);
  assert.match(html, /aria-label="Steuerung"/);
  assert.match(html, /<title>Loss b<\/title>/);
});

test('translations that are not JSON, or not messages, are refused with a reason', () => {
  assert.match((parseBundle('{') as { problem: string }).problem, /not JSON/);
  assert.match((parseBundle('{"a": 1}') as { problem: string }).problem, /not a map of messages/);
  assert.match((parseBundle('[]') as { problem: string }).problem, /not a map of messages/);
  assert.deepEqual(parseBundle('{"a": {"message": "b", "comment": ["c"]}}'), { bundle: { a: { message: 'b', comment: ['c'] } } });
});
