import * as vscode from 'vscode';
import { optionCompletions } from '../../analysis/completion';
import type { OptionValue } from '../../engine/catalog/types';
import { offsetOf, type Views } from './views';

function python(value: OptionValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'string' ? `'${value}'` : String(value);
}

export function completionProvider(views: Views): vscode.CompletionItemProvider {
  return {
    async provideCompletionItems(document, position) {
      await views.ready;
      const view = views.view(document);
      if (!view) return undefined;
      const offset = offsetOf(view, document, position);
      return optionCompletions(view.text, offset, view.analysis).map((c, i) => {
        const item = new vscode.CompletionItem(c.keyword, vscode.CompletionItemKind.Property);
        item.insertText = `${c.keyword}=`;
        item.detail = `${c.keyword}=${python(c.defaultValue)} (default) · Loss Lab`;
        item.documentation = new vscode.MarkdownString(c.option.meaning);
        item.sortText = `0${String(i).padStart(3, '0')}`;
        return item;
      });
    },
  };
}
