/** One Python parser for the notebook commands, loaded on first use. The grammar's .wasm files are
 *  shipped in out/ by the build; a development checkout also has them in node_modules. */
import * as vscode from 'vscode';
import { PythonParser } from '../../analysis/parser';
import { errorText, log } from '../log';

const CANDIDATES = [
  ['out/web-tree-sitter.wasm', 'out/tree-sitter-python.wasm'],
  ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'node_modules/tree-sitter-python/tree-sitter-python.wasm'],
] as const;

let loading: Promise<PythonParser | undefined> | undefined;

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch (e) {
    log().trace(`${uri.toString()}: ${errorText(e)}`);
    return false;
  }
}

/** The parser, or undefined when the grammar cannot be loaded (callers fall back to spellings). */
export function notebookParser(extensionUri: vscode.Uri): Promise<PythonParser | undefined> {
  loading ??= (async () => {
    for (const [runtime, python] of CANDIDATES) {
      const runtimeUri = vscode.Uri.joinPath(extensionUri, runtime);
      const pythonUri = vscode.Uri.joinPath(extensionUri, python);
      if (!(await exists(runtimeUri)) || !(await exists(pythonUri))) continue;
      try {
        return await PythonParser.load({ runtimeWasm: runtimeUri.fsPath, pythonWasm: pythonUri.fsPath });
      } catch (e) {
        log().warn(`the Python grammar at ${runtimeUri.fsPath} did not load (${errorText(e)}); trying the next location`);
      }
    }
    return undefined;
  })();
  return loading;
}
