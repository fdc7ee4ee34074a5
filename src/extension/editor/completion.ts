import * as vscode from 'vscode';
import { callCompletions, snippetCompletions } from '../../analysis/completion';
import { lossSnippets, pythonLiteral, type LossSnippet } from '../../analysis/snippets';
import { LOSSES } from '../../engine/catalog';
import { offsetOf, type Views } from './views';

let snippets: LossSnippet[] | undefined;

/** Inside a loss call: the values of the keyword being written, else the keywords not written yet.
 *  Elsewhere: the catalog's loss snippets for the name being typed, replacing all of it. */
export function completionProvider(views: Views): vscode.CompletionItemProvider {
  return {
    async provideCompletionItems(document, position) {
      await views.ready;
      const view = views.view(document);
      if (!view) return undefined;
      const offset = offsetOf(view, document, position);
      const rangeFrom = (from: number): vscode.Range => new vscode.Range(document.positionAt(from - view.base), position);
      const sortText = (i: number): string => `0${String(i).padStart(3, '0')}`;

      const { values, options } = callCompletions(view.text, offset, view.analysis);
      if (values.length > 0) {
        return values.map((c, i) => {
          const item = new vscode.CompletionItem(c.value, vscode.CompletionItemKind.EnumMember);
          item.range = rangeFrom(c.from);
          item.detail = `${c.keyword}=${c.isDefault ? vscode.l10n.t('{0} (default)', c.value) : c.value} · Loss Lab`;
          item.sortText = sortText(i);
          item.preselect = c.isDefault;
          return item;
        });
      }
      if (options.length > 0) {
        return options.map((c, i) => {
          const item = new vscode.CompletionItem(c.keyword, vscode.CompletionItemKind.Property);
          item.insertText = `${c.keyword}=`;
          item.detail = `${c.keyword}=${vscode.l10n.t('{0} (default)', pythonLiteral(c.defaultValue))} · Loss Lab`;
          item.documentation = new vscode.MarkdownString(c.option.meaning);
          item.sortText = sortText(i);
          return item;
        });
      }
      return snippetCompletions(view.text, offset, (snippets ??= lossSnippets(LOSSES))).map((c) => {
        const item = new vscode.CompletionItem({ label: c.filterText, description: c.snippet.key.split(' — ')[0] }, vscode.CompletionItemKind.Snippet);
        item.insertText = new vscode.SnippetString(c.insert);
        item.range = rangeFrom(c.from);
        item.filterText = c.filterText;
        item.detail = `${c.snippet.spelling.name} · Loss Lab`;
        item.documentation = new vscode.MarkdownString(c.snippet.description);
        return item;
      });
    },
  };
}
