/** The page's own text in the display language: the host puts the extension's translations
 *  (vscode.l10n.bundle) into the page as JSON (pageHtml.ts); they are checked here and handed to
 *  @vscode/l10n, whose `l10n.t` then translates like vscode.l10n.t (English when there are none). */
import * as l10n from '@vscode/l10n';
import { L10N_ELEMENT_ID } from '../protocol/panel';
import { TRANSLATIONS, type Translations } from '../protocol/translations';

/** The translations in `text` (the element's JSON), or why they cannot be used. */
export function parseBundle(text: string): { bundle: Translations } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { problem: `the page's translations are not JSON: ${(e as Error).message}` };
  }
  const parsed = TRANSLATIONS.safeParse(raw);
  return parsed.success ? { bundle: parsed.data } : { problem: "the page's translations are not a map of messages" };
}

/** Loads the page's translations; returns a problem to report, if any (the text stays English). */
export function loadPageTranslations(): string | undefined {
  const text = document.getElementById(L10N_ELEMENT_ID)?.textContent;
  if (!text) return undefined;
  const read = parseBundle(text);
  if ('problem' in read) return read.problem;
  if (Object.keys(read.bundle).length > 0) l10n.config({ contents: read.bundle });
  return undefined;
}
