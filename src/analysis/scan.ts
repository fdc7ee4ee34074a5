import type { Node } from 'web-tree-sitter';

/** Finding nodes through the source text: a regular expression over the text picks the few places
 *  worth looking at, and the tree is asked only about those. Much faster than walking or querying a
 *  whole 5,000-line tree from JavaScript, where every node crossing costs a WebAssembly call. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The smallest node at the start of each match's group 1 (or of the match), in [from, to). */
export function nodesAt(root: Node, source: string, pattern: RegExp, from = 0, to = source.length): Node[] {
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  const regex = new RegExp(pattern.source, flags.includes('d') ? flags : `${flags}d`);
  regex.lastIndex = from;
  // A search that finds nothing before `to` would otherwise run on to the end of the document (per
  // traced name, the bulk of the analysis time on a long file). Matches only span a line or two.
  const searched = to >= source.length ? source : source.slice(0, lineEndAfter(source, lineEndAfter(source, to) + 1));
  const nodes: Node[] = [];
  for (let m = regex.exec(searched); m && m.index < to; m = regex.exec(searched)) {
    const at = m.indices?.[1]?.[0] ?? m.index;
    const node = root.descendantForIndex(at, at + 1);
    if (node) nodes.push(node);
    if (m[0].length === 0) regex.lastIndex++;
  }
  return nodes;
}

function lineEndAfter(source: string, index: number): number {
  const end = source.indexOf('\n', index);
  return end === -1 ? source.length : end + 1;
}

/** `node` if it is the `field` child of its parent and the parent has `type`, else undefined. */
export function parentIf(node: Node, type: string, field: string): Node | undefined {
  const parent = node.parent;
  if (!parent || parent.type !== type) return undefined;
  return parent.childForFieldName(field)?.equals(node) ? parent : undefined;
}

/** For an identifier that ends a callee (`CrossEntropyLoss` in `nn.CrossEntropyLoss(...)`), the
 *  callee and its call. */
export function calleeCall(name: Node): { callee: Node; call: Node } | undefined {
  if (name.type !== 'identifier') return undefined;
  const attribute = parentIf(name, 'attribute', 'attribute');
  const callee = attribute ?? name;
  const call = parentIf(callee, 'call', 'function');
  return call ? { callee, call } : undefined;
}
