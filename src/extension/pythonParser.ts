/** The extension's one Python parser: the grammar's .wasm files ship in out/ (the build copies
 *  them there), loaded once on first use and shared by the editor and the notebook commands. */
import * as vscode from 'vscode';
import { PythonParser } from '../analysis/parser';

let loading: Promise<PythonParser> | undefined;

export function pythonParser(extensionUri: vscode.Uri): Promise<PythonParser> {
  const out = (file: string) => vscode.Uri.joinPath(extensionUri, 'out', file).fsPath;
  loading ??= PythonParser.load({ runtimeWasm: out('web-tree-sitter.wasm'), pythonWasm: out('tree-sitter-python.wasm') });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
