import * as vscode from 'vscode';
import { analyze } from '../../analysis/analyze';
import type { Analysis, Span } from '../../analysis/model';
import { joinCells } from '../../analysis/notebook';
import type { PythonParser } from '../../analysis/parser';
import { lineSpan, moveAnalysis, type TextChange } from '../../analysis/shift';
import { errorText, log } from '../log';

/** Quiet time after an edit before the fresh analysis replaces a provisional one. */
const REFRESH_DELAY_MS = 150;

/** The analysis a document belongs to, in the coordinates of the text that was analysed: a Python
 *  file is its own text; a notebook cell is part of its notebook's code cells joined together. */
export interface DocumentView {
  analysis: Analysis;
  text: string;
  /** Where this document's text starts in `text`. */
  base: number;
  /** The documents making up `text`, in order, with their start offsets. */
  parts: { document: vscode.TextDocument; start: number; length: number }[];
}

export const PYTHON_SELECTOR: vscode.DocumentSelector = [
  { language: 'python', scheme: 'file' },
  { language: 'python', scheme: 'untitled' },
  { language: 'python', scheme: 'vscode-notebook-cell' },
  { language: 'python' },
];

export function isPython(document: vscode.TextDocument): boolean {
  return document.languageId === 'python';
}

function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
}

/** What a cached view was analysed from: each document's uri at its version. */
function versionKey(documents: readonly vscode.TextDocument[]): string {
  return documents.map((d) => `${d.uri.toString()}@${d.version}`).join('|');
}

/** Analyses each document (or notebook) once per version; providers read the cached view. */
export class Views implements vscode.Disposable {
  private readonly cache = new Map<string, { key: string; documents: vscode.TextDocument[]; view: Omit<DocumentView, 'base'> }>();

  /** Previous analyses moved past the latest edit, per uri (see quickView). */
  private readonly provisional = new Map<string, { key: string; change: TextChange; view: Omit<DocumentView, 'base'> }>();
  private readonly refreshTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly refreshed = new vscode.EventEmitter<vscode.TextDocument>();
  /** A document's fresh analysis replaced the provisional one that quickView served. */
  readonly onDidRefresh = this.refreshed.event;

  private parser: PythonParser | undefined;
  /** Settles when the grammar is loaded (in the background, so activation stays fast). */
  readonly ready: Promise<void>;

  constructor(loading: Promise<PythonParser>) {
    this.ready = loading.then(
      (parser) => {
        this.parser = parser;
      },
      () => undefined,
    );
  }

  /** The view of `document`; undefined before the grammar has loaded (await `ready`) or for non-Python. */
  view(document: vscode.TextDocument): DocumentView | undefined {
    if (!isPython(document) || !this.parser) return undefined;
    const notebook = notebookOf(document);
    const documents = notebook
      ? notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && isPython(c.document)).map((c) => c.document)
      : [document];
    const uri = (notebook?.uri ?? document.uri).toString();
    const key = versionKey(documents);
    let entry = this.cache.get(uri);
    // Same uri and version is not enough: a closed untitled document's uri is reused by the next one.
    if (!entry || entry.key !== key || entry.documents.some((d, i) => d !== documents[i])) {
      // Another document under the same uri: its old tree is no base for an incremental parse.
      if (entry && entry.documents.some((d, i) => d !== documents[i])) this.parser.forget(uri);
      const built = this.build(uri, documents);
      entry = { key, documents, view: built.view };
      // A parse that ran out of its time budget (a huge file on a busy machine) is not kept, so the
      // next request tries again instead of serving an empty analysis for the whole version.
      if (built.parsed) this.cache.set(uri, entry);
      else this.cache.delete(uri);
    }
    const part = entry.view.parts.find((p) => p.document === document);
    return part ? { ...entry.view, base: part.start } : undefined;
  }

  /** For hover and code lenses, which must answer within a few milliseconds even right after a
   *  keystroke in a long file: the fresh view when there is one; otherwise, for a Python file whose
   *  edit touches none of the previous analysis's results (nor `offset`'s lines), that analysis moved
   *  past the edit, while the fresh one is computed shortly after (then `onDidRefresh` fires). */
  quickView(document: vscode.TextDocument, offset?: number): DocumentView | undefined {
    const uri = document.uri.toString();
    const entry = this.cache.get(uri);
    const key = versionKey([document]);
    if (!this.parser || !isPython(document) || document.uri.scheme === 'vscode-notebook-cell' || !entry || entry.key === key || entry.documents[0] !== document) {
      return this.view(document);
    }
    let provisional = this.provisional.get(uri);
    if (provisional?.key !== key) {
      const text = joinCells([document.getText()]).text;
      const moved = moveAnalysis(entry.view.analysis, entry.view.text, text);
      if (!moved) return this.view(document);
      provisional = { key, change: moved.change, view: { analysis: moved.analysis, text, parts: [{ document, start: 0, length: text.length }] } };
      this.provisional.set(uri, provisional);
      this.refreshSoon(document);
    }
    const { change, view } = provisional;
    // A hover on the edited lines needs the new analysis.
    const edited = lineSpan(view.text, change.start, change.newEnd);
    if (offset !== undefined && offset >= edited.start && offset <= edited.end) return this.view(document);
    return { ...view, base: 0 };
  }

  private refreshSoon(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    clearTimeout(this.refreshTimers.get(uri));
    this.refreshTimers.set(
      uri,
      setTimeout(() => {
        this.refreshTimers.delete(uri);
        this.provisional.delete(uri);
        if (document.isClosed) return;
        this.view(document);
        this.refreshed.fire(document);
      }, REFRESH_DELAY_MS),
    );
  }

  dispose(): void {
    for (const timer of this.refreshTimers.values()) clearTimeout(timer);
    this.refreshed.dispose();
  }

  forget(uri: vscode.Uri): void {
    this.provisional.delete(uri.toString());
    clearTimeout(this.refreshTimers.get(uri.toString()));
    this.refreshTimers.delete(uri.toString());
    this.cache.delete(uri.toString());
    this.parser?.forget(uri.toString());
  }

  private build(uri: string, documents: vscode.TextDocument[]): { view: Omit<DocumentView, 'base'>; parsed: boolean } {
    const parser = this.parser;
    const joined = joinCells(documents.map((d) => d.getText()));
    const parts = documents.map((document, i) => ({ document, start: joined.starts[i] ?? 0, length: (joined.starts[i + 1] ?? joined.text.length + 1) - (joined.starts[i] ?? 0) - 1 }));
    let analysis: Analysis;
    let parsed = false;
    try {
      const tree = parser?.parse(uri, documents.reduce((sum, d) => sum + d.version, 0), joined.text);
      parsed = tree !== undefined;
      analysis = analyze(tree);
    } catch (e) {
      log().error(`analysis of ${uri} failed; answering from an empty analysis: ${errorText(e)}`);
      analysis = analyze(undefined);
    }
    return { view: { analysis, text: joined.text, parts }, parsed };
  }
}

/** The document and range of a span of the analysed text, when it lies inside one document. */
export function locate(view: DocumentView, span: Span): { document: vscode.TextDocument; range: vscode.Range } | undefined {
  for (let i = view.parts.length - 1; i >= 0; i--) {
    const part = view.parts[i];
    if (!part || span.start < part.start) continue;
    if (span.end > part.start + part.length) return undefined;
    const { document } = part;
    return { document, range: new vscode.Range(document.positionAt(span.start - part.start), document.positionAt(span.end - part.start)) };
  }
  return undefined;
}

/** The range of a span in `document`, or undefined when it lies elsewhere (another cell). */
export function rangeIn(view: DocumentView, document: vscode.TextDocument, span: Span): vscode.Range | undefined {
  const found = locate(view, span);
  return found && found.document === document ? found.range : undefined;
}

export function offsetOf(view: DocumentView, document: vscode.TextDocument, position: vscode.Position): number {
  return view.base + document.offsetAt(position);
}
