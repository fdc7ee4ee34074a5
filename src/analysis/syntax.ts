import type { Node, Tree } from 'web-tree-sitter';
import type { OptionValue } from '../engine/catalog/types';

/** A range of the source as UTF-16 offsets (what web-tree-sitter and VS Code's offsetAt use). */
export interface Span {
  start: number;
  end: number;
}

export function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}

export function contains(outer: Span, offset: number): boolean {
  return offset >= outer.start && offset <= outer.end;
}

/** "a.b.c" for an identifier or a chain of attribute accesses on one; undefined for anything else
 *  (calls, subscripts), so `x().softmax` never pretends to be a module path. */
export function dottedName(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type !== 'attribute') return undefined;
  const object = dottedName(node.childForFieldName('object'));
  const attribute = node.childForFieldName('attribute');
  return object && attribute ? `${object}.${attribute.text}` : undefined;
}

/** The last identifier of a callee: "CrossEntropyLoss" in `nn.CrossEntropyLoss`. */
export function lastName(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text;
  return undefined;
}

export function unwrapParens(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChildCount === 1) {
    const inner = current.namedChild(0);
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** The Python value of a literal: numbers (with a leading minus), plain strings, True/False/None. */
export function literalValue(node: Node): OptionValue | undefined {
  switch (node.type) {
    case 'integer':
    case 'float': {
      const value = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(value) ? value : undefined;
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'unary_operator': {
      const operand = node.childForFieldName('argument');
      const value = operand ? literalValue(operand) : undefined;
      return typeof value === 'number' && node.text.trimStart().startsWith('-') ? -value : undefined;
    }
    case 'string':
      return stringValue(node);
    default:
      return undefined;
  }
}

/** The content of a plain (non-f, non-concatenated) string literal. */
export function stringValue(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  let content = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_content') content += child.text;
    if (child.type === 'escape_sequence') return undefined;
  }
  return content;
}

export interface ArgInfo {
  /** Keyword name as written; undefined for positional arguments. */
  keyword?: string;
  /** 0-based position among positional arguments. */
  position?: number;
  /** For a positional argument of a loss: the parameter it fills, by the spelling's own name. */
  parameter?: string;
  text: string;
  span: Span;
  valueSpan: Span;
  literal?: OptionValue;
}

export function readArgs(argumentList: Node | null): ArgInfo[] {
  if (!argumentList || argumentList.type !== 'argument_list') return [];
  const args: ArgInfo[] = [];
  let position = 0;
  for (const child of argumentList.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name');
      const value = child.childForFieldName('value');
      if (!name || !value) continue;
      args.push({ keyword: name.text, text: value.text, span: spanOf(child), valueSpan: spanOf(value), literal: literalValue(value) });
    } else if (child.type !== 'list_splat' && child.type !== 'dictionary_splat' && !child.isError) {
      args.push({ position: position++, text: child.text, span: spanOf(child), valueSpan: spanOf(child), literal: literalValue(child) });
    }
  }
  return args;
}

/** The function or module body that scopes a node's local names (the module when at top level). */
export function enclosingScope(node: Node): Node {
  // Asked for most nodes the rules look at: each step up is a WebAssembly call, so the answer is
  // remembered for every ancestor on the way (per tree; node ids are unique within one tree).
  let known = scopes.get(node.tree);
  if (!known) scopes.set(node.tree, (known = new Map()));
  const passed: number[] = [];
  let scope = node;
  for (let current = node.parent; current; current = current.parent) {
    const cached = known.get(current.id);
    if (cached) {
      scope = cached;
      break;
    }
    if (current.type === 'function_definition' || current.type === 'lambda' || !current.parent) {
      scope = current;
      break;
    }
    passed.push(current.id);
  }
  for (const id of passed) known.set(id, scope);
  return scope;
}

const scopes = new WeakMap<Tree, Map<number, Node>>();
