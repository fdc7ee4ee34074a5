import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/analysis/analyze';
import type { Analysis, TextEdit } from '../../../src/analysis/model';
import { joinCells } from '../../../src/analysis/notebook';
import { PythonParser } from '../../../src/analysis/parser';

const root = join(__dirname, '..', '..', '..');
export const corpusDir = join(root, 'test', 'fixtures', 'corpus');

let parser: Promise<PythonParser> | undefined;

/** The grammar files in node_modules (the extension loads the same ones from out/). */
export const GRAMMAR = {
  runtimeWasm: join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'),
  pythonWasm: join(root, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm'),
};

/** One parser for the test process, loaded from node_modules as the extension loads it from out/. */
export function pythonParser(): Promise<PythonParser> {
  parser ??= PythonParser.load(GRAMMAR);
  return parser;
}

let version = 0;

export async function analyzeText(text: string, uri = 'test://doc.py'): Promise<Analysis> {
  return analyze((await pythonParser()).parse(uri, ++version, text));
}

/** A corpus file as Python text: .py as is, .ipynb with its code cells joined as one program. */
export function corpusText(name: string): string {
  const raw = readFileSync(join(corpusDir, name), 'utf8');
  if (!name.endsWith('.ipynb')) return raw;
  const notebook = JSON.parse(raw) as { cells: { cell_type: string; source: string[] | string }[] };
  const cells = notebook.cells
    .filter((c) => c.cell_type === 'code')
    .map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
  return joinCells(cells).text;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}

export function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export { expectations, type Expected } from './expectations';
