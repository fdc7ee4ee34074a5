import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { locate, rangeIn, type Views } from './views';

/** Quick fixes for Loss Lab's diagnostics: the edits computed by the analysis, applied as is
 *  (they may touch another cell of the notebook, e.g. where the loss was constructed). */
export function codeActionProvider(views: Views): vscode.CodeActionProvider {
  return {
    async provideCodeActions(document, _range, context) {
      await views.ready;
      const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      if (ours.length === 0) return [];
      const view = views.view(document);
      if (!view) return [];
      const actions: vscode.CodeAction[] = [];
      for (const diagnostic of ours) {
        const finding = view.analysis.findings.find((f) => f.rule === diagnostic.code && rangeIn(view, document, f.span)?.isEqual(diagnostic.range));
        if (!finding) continue;
        finding.fixes.forEach((fix, i) => {
          const edit = new vscode.WorkspaceEdit();
          for (const change of fix.edits) {
            const where = locate(view, change.span);
            if (!where) return;
            edit.replace(where.document.uri, where.range, change.newText);
          }
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = edit;
          action.diagnostics = [diagnostic];
          action.isPreferred = i === 0;
          actions.push(action);
        });
      }
      return actions;
    },
  };
}
