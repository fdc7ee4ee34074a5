/** Every problem of a sweep spec's text at its place in the JSON: the engine's checkSpec finds
 *  them with their paths ("losses[2].options.beta"), jsonc-parser's tree gives the offsets. No
 *  vscode here. Text that is not JSON gets nothing: VS Code's JSON support reports syntax errors. */
// The ESM build: the UMD main hides its requires from esbuild, which bundles it broken.
import { findNodeAtLocation, getNodeValue, parseTree, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { checkSpec } from '../../engine/train/spec';

export interface SpecProblem {
  path: string;
  problem: string;
  offset: number;
  length: number;
}

/** "losses[2].options.beta" → ['losses', 2, 'options', 'beta']; the top level is "spec". */
export function pathSegments(path: string): (string | number)[] {
  const segments = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
  return segments[0] === 'spec' ? segments.slice(1) : segments;
}

/** The node a path names, or its nearest ancestor that exists (a missing key: its object). */
function nearest(root: Node, segments: (string | number)[]): { node: Node; exact: boolean } {
  for (let n = segments.length; n > 0; n--) {
    const node = findNodeAtLocation(root, segments.slice(0, n));
    if (node) return { node, exact: n === segments.length };
  }
  return { node: root, exact: segments.length === 0 };
}

export function specProblems(text: string): SpecProblem[] {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true });
  if (!root || errors.length > 0) return [];
  return checkSpec(getNodeValue(root)).problems.map((p) => {
    const { node, exact } = nearest(root, pathSegments(p.path));
    const property = node.parent?.type === 'property' ? node.parent : undefined;
    // An unknown key: mark the key; a missing one: the opening brace of its object; else the value.
    const at = exact && property && p.problem.startsWith('unknown key') ? property.children![0]! : node;
    const whole = !exact && (at.type === 'object' || at.type === 'array');
    return { path: p.path, problem: p.problem, offset: at.offset, length: whole ? 1 : at.length };
  });
}
