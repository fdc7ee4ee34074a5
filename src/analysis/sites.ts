import type { Node } from 'web-tree-sitter';
import type { SpellingMatch } from '../engine/catalog';
import { qualify, type ImportMap } from './imports';
import type { Invocation, LossSite, UserLoss } from './model';
import type { SpellingIndex } from './spellings';
import { calleeCall, nodesAt, parentIf } from './scan';
import { dottedName, lastName, readArgs, spanOf, stringValue } from './syntax';

export interface SiteReading {
  sites: LossSite[];
  invocations: Invocation[];
  userLosses: UserLoss[];
  /** The call (or string) node of each site, by site id, for the rules' data flow. */
  siteNodes: Map<number, Node>;
  invocationNodes: Node[];
}

function alternation(names: Iterable<string>): string {
  return [...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort().join('|');
}

/** The catalog spelling a call's callee resolves to, preferring the framework the code imports. */
function matchCallee(callee: Node, imports: ImportMap, index: SpellingIndex): { match: SpellingMatch; qualified: string } | undefined {
  const dotted = dottedName(callee);
  if (!dotted) return undefined;
  const qualified = qualify(dotted, imports);
  if (!qualified) return undefined;
  const match = index.byName.get(qualified)?.[0];
  return match ? { match, qualified } : undefined;
}

function assignedName(call: Node): string | undefined {
  const parent = call.parent;
  if (parent?.type !== 'assignment' || !parent.childForFieldName('right')?.equals(call)) return undefined;
  const left = parent.childForFieldName('left');
  return left && (left.type === 'identifier' || left.type === 'attribute') ? dottedName(left) : undefined;
}

export function readSites(root: Node, source: string, imports: ImportMap, index: SpellingIndex): SiteReading {
  const reading: SiteReading = { sites: [], invocations: [], userLosses: [], siteNodes: new Map(), invocationNodes: [] };
  const addSite = (node: Node, site: Omit<LossSite, 'id'>) => {
    const id = reading.sites.length;
    reading.sites.push({ id, ...site });
    reading.siteNodes.set(id, node);
  };

  // Calls and constructors: only callees whose last name could spell a loss are resolved.
  const candidates = new Set(index.lastNames);
  for (const binding of imports.values()) if (index.byName.has(binding.qualified)) candidates.add(binding.local);
  if (candidates.size > 0) {
    const seen = new Set<number>();
    for (const name of nodesAt(root, source, new RegExp(`(?<![\\w])(?:${alternation(candidates)})\\s*\\(`))) {
      const found = calleeCall(name);
      if (!found || seen.has(found.call.startIndex)) continue;
      seen.add(found.call.startIndex);
      const { callee, call } = found;
      const match = matchCallee(callee, imports, index);
      if (!match) continue;
      const argumentList = call.childForFieldName('arguments');
      addSite(call, {
        kind: match.match.spelling.kind,
        loss: match.match.loss,
        spelling: match.match.spelling,
        qualifiedName: match.qualified,
        calleeSpan: spanOf(callee),
        callSpan: spanOf(call),
        argsSpan: argumentList ? spanOf(argumentList) : undefined,
        args: readArgs(argumentList),
        boundTo: match.match.spelling.kind === 'module' ? assignedName(call) : undefined,
      });
    }
  }

  readStringSites(root, source, imports, index, addSite);
  reading.userLosses = readUserLosses(root, source);
  readInvocations(root, source, reading);
  return reading;
}

/** `loss="mse"` in Keras `compile(...)` (also inside a list or dict of losses), and `loss="hinge"` in a
 *  scikit-learn estimator. */
function readStringSites(
  root: Node,
  source: string,
  imports: ImportMap,
  index: SpellingIndex,
  addSite: (node: Node, site: Omit<LossSite, 'id'>) => void,
): void {
  if (index.byString.size === 0) return;
  for (const name of nodesAt(root, source, /(?<![\w.])(loss)\s*=(?!=)/)) {
    const arg = name.type === 'identifier' ? parentIf(name, 'keyword_argument', 'name') : undefined;
    const call = arg?.parent?.parent;
    if (!arg || call?.type !== 'call') continue;
    const callee = call.childForFieldName('function');
    const framework = lastName(callee) === 'compile' ? 'keras' : qualify(dottedName(callee) ?? '', imports)?.startsWith('sklearn.') ? 'sklearn' : undefined;
    if (!framework) continue;
    for (const literal of stringsIn(arg.childForFieldName('value'))) {
      const name = stringValue(literal);
      const found = name === undefined ? undefined : index.byString.get(name)?.find((m) => m.spelling.framework === framework);
      if (!found || name === undefined) continue;
      addSite(literal, {
        kind: 'string',
        loss: found.loss,
        spelling: found.spelling,
        qualifiedName: name,
        calleeSpan: spanOf(literal),
        callSpan: spanOf(literal),
        args: [],
      });
    }
  }
}

function stringsIn(value: Node | null): Node[] {
  if (!value) return [];
  if (value.type === 'string') return [value];
  if (value.type === 'list' || value.type === 'tuple') return value.namedChildren.filter((c): c is Node => c?.type === 'string');
  if (value.type === 'dictionary') {
    return value.namedChildren.flatMap((pair) => {
      const v = pair?.type === 'pair' ? pair.childForFieldName('value') : null;
      return v?.type === 'string' ? [v] : [];
    });
  }
  return [];
}

function readUserLosses(root: Node, source: string): UserLoss[] {
  const found: UserLoss[] = [];
  for (const name of nodesAt(root, source, /\b(?:def|class)\s+(\w*[Ll]oss|\w*loss_fn)\s*[(:]/)) {
    const definition = parentIf(name, 'function_definition', 'name') ?? parentIf(name, 'class_definition', 'name');
    if (!definition) continue;
    const isClass = definition.type === 'class_definition';
    if (isClass && (!name.text.endsWith('Loss') || (definition.childForFieldName('superclasses')?.namedChildCount ?? 0) === 0)) continue;
    found.push({
      kind: isClass ? 'class' : 'function',
      name: name.text,
      nameSpan: spanOf(name),
      definitionSpan: spanOf(definition),
      parameters: isClass ? [] : parameterNames(definition.childForFieldName('parameters')),
    });
  }
  return found;
}

function parameterNames(parameters: Node | null): string[] {
  if (!parameters) return [];
  return parameters.namedChildren.flatMap((p) => {
    if (!p) return [];
    if (p.type === 'identifier') return [p.text];
    const name = p.childForFieldName('name') ?? p.namedChild(0);
    return name?.type === 'identifier' ? [name.text] : [];
  });
}

/** Calls of constructed losses: `criterion(x, y)`, `self.loss_fn(y, p)`, `nn.MSELoss()(x, y)`. */
function readInvocations(root: Node, source: string, reading: SiteReading): void {
  const bound = new Map<string, LossSite[]>();
  for (const site of reading.sites) {
    if (site.kind !== 'module') continue;
    const node = reading.siteNodes.get(site.id);
    const parent = node?.parent;
    if (node && parent?.type === 'call' && parent.childForFieldName('function')?.equals(node)) {
      reading.invocations.push(invocation(site, parent));
      reading.invocationNodes.push(parent);
    }
    if (site.boundTo) bound.set(site.boundTo, [...(bound.get(site.boundTo) ?? []), site]);
  }
  if (bound.size === 0) return;
  const heads = alternation(new Set([...bound.keys()].map((k) => k.split('.').pop() ?? k)));
  for (const last of nodesAt(root, source, new RegExp(`(?<![\\w])(?:${heads})\\s*\\(`))) {
    const found = calleeCall(last);
    const call = found?.call;
    const callee = found?.callee;
    const name = callee ? dottedName(callee) : undefined;
    const candidates = name ? bound.get(name) : undefined;
    if (!call || !candidates) continue;
    // The binding in force: the last one made before the call, else the first (e.g. set in __init__).
    const before = candidates.filter((s) => s.callSpan.start < call.startIndex);
    const site = before[before.length - 1] ?? candidates[0];
    if (!site) continue;
    reading.invocations.push(invocation(site, call));
    reading.invocationNodes.push(call);
  }
}

function invocation(site: LossSite, call: Node): Invocation {
  const callee = call.childForFieldName('function');
  return {
    siteId: site.id,
    callSpan: spanOf(call),
    calleeSpan: callee ? spanOf(callee) : spanOf(call),
    args: readArgs(call.childForFieldName('arguments')),
  };
}
