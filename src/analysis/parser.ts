import type { Point, Tree } from 'web-tree-sitter';
import { textChange } from './shift';
import { Edit, Language, Parser } from './treeSitter';

/** Where the two .wasm files live: the extension passes paths inside its own out/ folder,
 *  tests pass the ones in node_modules. */
export interface GrammarFiles {
  runtimeWasm: string;
  pythonWasm: string;
}

interface CachedTree {
  version: number;
  text: string;
  tree: Tree;
}

let grammar: Promise<Language> | undefined;

/** The runtime is initialised and the grammar loaded once per process, however many parsers. */
function loadPython(files: GrammarFiles): Promise<Language> {
  grammar ??= Parser.init({ locateFile: () => files.runtimeWasm }).then(() => Language.load(files.pythonWasm));
  grammar.catch(() => {
    grammar = undefined;
  });
  return grammar;
}

/** Parsing gives up after this much CPU time and the caller gets no tree (a partial answer), never
 *  a hang. CPU time, not wall time: on a loaded machine a parse takes longer but not more work. */
const PARSE_BUDGET_MS = 3000;

/** This process's CPU milliseconds where Node tells them, else wall milliseconds (a web worker). */
function cpuMs(): number {
  if (typeof process !== 'undefined' && typeof process.cpuUsage === 'function') {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  }
  return performance.now();
}

/** Parses Python once per (uri, version): a repeated request is a cache hit, a new version of a
 *  known document reuses the old tree (tree-sitter re-parses only what the edit touched). */
export class PythonParser {
  private readonly cache = new Map<string, CachedTree>();

  private constructor(
    private readonly parser: Parser,
    private readonly capacity: number,
    private readonly budgetMs: number,
  ) {}

  static async load(files: GrammarFiles, capacity = 64, budgetMs = PARSE_BUDGET_MS): Promise<PythonParser> {
    const python = await loadPython(files);
    const parser = new Parser();
    parser.setLanguage(python);
    return new PythonParser(parser, capacity, budgetMs);
  }

  /** The syntax tree of `text`, or undefined when parsing ran out of time. Owned by the cache:
   *  valid until the next parse of the same uri; callers must not delete it. */
  parse(uri: string, version: number, text: string): Tree | undefined {
    const cached = this.cache.get(uri);
    if (cached && cached.version === version && cached.text === text) {
      this.touch(uri, cached);
      return cached.tree;
    }
    const previous = cached ? reuseFor(cached, text) : undefined;
    const tree = this.parseWithBudget(text, previous);
    if (cached) {
      this.cache.delete(uri);
      cached.tree.delete();
    }
    if (!tree) return undefined;
    this.touch(uri, { version, text, tree });
    this.evict();
    return tree;
  }

  forget(uri: string): void {
    const cached = this.cache.get(uri);
    if (!cached) return;
    cached.tree.delete();
    this.cache.delete(uri);
  }

  private parseWithBudget(text: string, previous: Tree | undefined): Tree | undefined {
    const deadline = cpuMs() + this.budgetMs;
    try {
      const tree = this.parser.parse(text, previous ?? null, {
        progressCallback: () => cpuMs() > deadline,
      });
      // A parse given up on stays in the parser and the next parse() would resume it, with the
      // old text: start afresh.
      if (!tree) this.parser.reset();
      return tree ?? undefined;
    } catch {
      this.parser.reset();
      return undefined;
    }
  }

  private touch(uri: string, entry: CachedTree): void {
    this.cache.delete(uri);
    this.cache.set(uri, entry);
  }

  private evict(): void {
    while (this.cache.size > this.capacity) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) return;
      this.forget(oldest);
    }
  }
}

/** The old tree, edited to describe `text`, so tree-sitter can reuse its unchanged parts.
 *  The edit is the single span between the common prefix and the common suffix. */
function reuseFor(cached: CachedTree, text: string): Tree | undefined {
  const old = cached.text;
  const { start, oldEnd, newEnd } = textChange(old, text);
  // Edited in place: the cached tree is replaced by the new one right after.
  const tree = cached.tree;
  tree.edit(
    new Edit({
      startIndex: start,
      oldEndIndex: oldEnd,
      newEndIndex: newEnd,
      startPosition: pointAt(old, start),
      oldEndPosition: pointAt(old, oldEnd),
      newEndPosition: pointAt(text, newEnd),
    }),
  );
  return tree;
}

function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}
