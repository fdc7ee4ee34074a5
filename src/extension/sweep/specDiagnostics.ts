/** Problems of open sweep specs (`*.losslab.json`) as diagnostics at their place in the JSON, all
 *  at once, kept up to date as the spec is edited. */
import * as vscode from 'vscode';
import { errorText, log } from '../log';
import { specProblems } from './specProblems';

export const SPEC_DIAGNOSTIC_SOURCE = 'Loss Lab sweep spec';
const DEBOUNCE_MS = 250;

const isSpec = (d: vscode.TextDocument): boolean => d.uri.path.endsWith('.losslab.json');

export function registerSpecDiagnostics(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('losslab-spec');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const check = (document: vscode.TextDocument): void => {
    try {
      collection.set(document.uri, specProblems(document.getText()).map((p) => {
        const range = new vscode.Range(document.positionAt(p.offset), document.positionAt(p.offset + p.length));
        const diagnostic = new vscode.Diagnostic(range, `${p.problem} (${p.path})`, vscode.DiagnosticSeverity.Error);
        diagnostic.source = SPEC_DIAGNOSTIC_SOURCE;
        return diagnostic;
      }));
    } catch (e) {
      log().error(`could not check the sweep spec ${document.uri.toString()}: ${errorText(e)}`);
    }
  };
  const schedule = (document: vscode.TextDocument, delay: number): void => {
    if (!isSpec(document)) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      check(document);
    }, delay));
  };
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => schedule(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document, DEBOUNCE_MS)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(timers.get(d.uri.toString()));
      collection.delete(d.uri);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  for (const d of vscode.workspace.textDocuments) schedule(d, 0);
}
