import * as vscode from 'vscode';
import type { Finding } from '../../analysis/model';
import { RULE_IDS } from '../../analysis/ruleInfo';
import { isPython, locate, type DocumentView, type Views } from './views';
import { errorText, log } from '../log';
import { affects, setting } from '../config';

export const DIAGNOSTIC_SOURCE = 'Loss Lab';
const DEBOUNCE_MS = 250;

const SEVERITY: Readonly<Record<string, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Whether a rule is on: `losslab.diagnostics.rules` maps rule ids to false to turn them off. */
function ruleEnabled(rules: Readonly<Record<string, unknown>>, rule: string): boolean {
  return !Object.hasOwn(rules, rule) || rules[rule] !== false;
}

/** Keeps the pitfall diagnostics of open Python files and notebook cells up to date. */
export class PitfallDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('losslab');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly views: Views) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        if (d.uri.scheme !== 'vscode-notebook-cell') views.forget(d.uri);
      }),
      vscode.workspace.onDidOpenNotebookDocument((nb) => nb.getCells().forEach((c) => this.schedule(c.document, 0))),
      vscode.workspace.onDidChangeNotebookDocument((e) => e.notebook.getCells().forEach((c) => this.schedule(c.document, DEBOUNCE_MS))),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'diagnostics')) this.refreshAll();
      }),
    );
    void views.ready.then(() => this.refreshAll());
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!isPython(document)) return;
    const key = document.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.update(document);
      }, delay),
    );
  }

  /** Recomputes now (tests and the bench use it through the diagnostics they read). */
  update(document: vscode.TextDocument): void {
    if (document.isClosed) return;
    try {
      const view = this.views.view(document);
      this.collection.set(document.uri, view ? this.diagnostics(document, view) : []);
    } catch (e) {
      log().error(`diagnostics for ${document.uri.toString()} failed: ${errorText(e)}`);
      this.collection.delete(document.uri);
    }
  }

  private diagnostics(document: vscode.TextDocument, view: DocumentView): vscode.Diagnostic[] {
    if (!setting('diagnostics.enabled', document)) return [];
    const chosen = setting('diagnostics.severity', document);
    const severity = Object.hasOwn(SEVERITY, chosen) ? SEVERITY[chosen]! : vscode.DiagnosticSeverity.Warning;
    const rules = setting('diagnostics.rules', document);
    const out: vscode.Diagnostic[] = [];
    for (const finding of view.analysis.findings) {
      if (!ruleEnabled(rules, finding.rule)) continue;
      const where = locate(view, finding.span);
      if (!where || where.document !== document) continue;
      out.push(toDiagnostic(finding, where.range, severity));
    }
    return out;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.collection.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function toDiagnostic(finding: Finding, range: vscode.Range, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, finding.message, severity);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.rule;
  return diagnostic;
}

export { RULE_IDS };
