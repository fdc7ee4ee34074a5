import type { Node } from 'web-tree-sitter';
import type { SpellingMatch } from '../engine/catalog';
import type { Framework } from '../engine/catalog/types';
import { qualify, type ImportMap } from './imports';
import type { Invocation, LossSite, UserLoss } from './model';
import { lossOfCall, positionalOf, type SpellingIndex } from './spellings';
import { SAME_MODULE } from './flow';
import { calleeCall, nodesAt, parentIf } from './scan';
import { dottedName, lastName, readArgs, spanOf, stringValue, type ArgInfo } from './syntax';

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

/** The name a value is assigned to, through chained `.to(device)`-style calls on it. */
function assignedName(value: Node): string | undefined {
  let node = value;
  for (let attribute = parentIf(node, 'attribute', 'object'); attribute && SAME_MODULE.has(lastName(attribute) ?? ''); attribute = parentIf(node, 'attribute', 'object')) {
    const call = parentIf(attribute, 'call', 'function');
    if (!call) return undefined;
    node = call;
  }
  const parent = parentIf(node, 'assignment', 'right');
  const left = parent?.childForFieldName('left');
  return left && (left.type === 'identifier' || left.type === 'attribute') ? dottedName(left) : undefined;
}

/** Each positional argument with the parameter it fills, where the spelling's order is known. */
function nameArguments(args: ArgInfo[], positional: readonly string[] | undefined): ArgInfo[] {
  if (!positional) return args;
  return args.map((a) => (a.position !== undefined && positional[a.position] ? { ...a, parameter: positional[a.position] } : a));
}

/** A loss function assigned without calling it: `self.loss_func = F.binary_cross_entropy_with_logits`,
 *  `loss_fn = optax.softmax_cross_entropy`. Calls through the name are then its invocations. */
function readReferences(
  root: Node,
  source: string,
  imports: ImportMap,
  index: SpellingIndex,
  candidates: ReadonlySet<string>,
  seen: Set<number>,
  addSite: (node: Node, site: Omit<LossSite, 'id'>) => void,
): void {
  // A dotted name alone on the right of `=`; its last name is checked here before the tree is asked.
  const pattern = /(?<![=!<>])=[ \t]*((?:[A-Za-z_]\w*[ \t]*\.[ \t]*)*([A-Za-z_]\w*))[ \t]*(?:#.*)?$/dgm;
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
    const at = m.indices?.[1]?.[0];
    if (at === undefined || !candidates.has(m[2] ?? '')) continue;
    const head = root.descendantForIndex(at, at + 1);
    if (!head) continue;
    let reference = head;
    while (reference.parent?.type === 'attribute' && parentIf(reference, 'attribute', 'object')) reference = reference.parent;
    if (seen.has(reference.startIndex) || !parentIf(reference, 'assignment', 'right')) continue;
    const match = matchCallee(reference, imports, index);
    if (!match || match.match.spelling.kind !== 'functional') continue;
    seen.add(reference.startIndex);
    addSite(reference, {
      kind: 'functional',
      loss: match.match.loss,
      spelling: match.match.spelling,
      qualifiedName: match.qualified,
      calleeSpan: spanOf(reference),
      callSpan: spanOf(reference),
      args: [],
      boundTo: assignedName(reference),
    });
  }
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
      const args = nameArguments(readArgs(argumentList), positionalOf(match.match.spelling));
      addSite(call, {
        kind: match.match.spelling.kind,
        loss: lossOfCall(match.match, (parameter) => args.find((a) => (a.keyword ?? a.parameter) === parameter)?.literal),
        spelling: match.match.spelling,
        qualifiedName: match.qualified,
        calleeSpan: spanOf(callee),
        callSpan: spanOf(call),
        argsSpan: argumentList ? spanOf(argumentList) : undefined,
        args,
        boundTo: match.match.spelling.kind === 'module' ? assignedName(call) : undefined,
      });
    }
    readReferences(root, source, imports, index, candidates, seen, addSite);
  }

  readStringSites(root, source, imports, index, addSite);
  reading.userLosses = readUserLosses(root, source, imports, index);
  readInvocations(root, source, reading);
  return reading;
}

/** Where a framework takes a loss by name: the keyword, and the framework of a call that reads it
 *  (`compile` is Keras' whatever its object; the others by the package the callee resolves to). */
const STRING_LOSS_KEYWORDS: Readonly<Record<string, (last: string | undefined, qualified: string) => Framework | undefined>> = {
  loss: (last, qualified) => (last === 'compile' ? 'keras' : qualified.startsWith('sklearn.') ? 'sklearn' : undefined),
  loss_type: (_last, qualified) => (qualified.startsWith('trl.') ? 'trl' : undefined),
  objective: (_last, qualified) => (qualified.startsWith('xgboost.') ? 'other' : undefined),
};

/** `loss="mse"` in Keras `compile(...)` (also inside a list or dict of losses), `loss="hinge"` in a
 *  scikit-learn estimator, `loss_type="ipo"` in a TRL config or trainer, `objective="reg:…"` in XGBoost. */
function readStringSites(
  root: Node,
  source: string,
  imports: ImportMap,
  index: SpellingIndex,
  addSite: (node: Node, site: Omit<LossSite, 'id'>) => void,
): void {
  if (index.byString.size === 0) return;
  for (const name of nodesAt(root, source, /(?<![\w.])(loss|loss_type|objective)\s*=(?!=)/)) {
    const arg = name.type === 'identifier' ? parentIf(name, 'keyword_argument', 'name') : undefined;
    const call = arg?.parent?.parent;
    const frameworkOf = STRING_LOSS_KEYWORDS[name.text];
    if (!arg || call?.type !== 'call' || !frameworkOf) continue;
    const callee = call.childForFieldName('function');
    const framework = frameworkOf(lastName(callee), qualify(dottedName(callee) ?? '', imports) ?? '');
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

/** Framework base classes of losses (canonical names); a subclass of one, or of a catalog loss class,
 *  is the user's loss whatever its name. */
const LOSS_BASES = new Set(['torch.nn._Loss', 'torch.nn._WeightedLoss', 'keras.losses.Loss', 'keras.losses.LossFunctionWrapper']);

const LOSS_FUNCTION_NAME = /^(?:\w*[Ll]oss|\w*loss_fn)$/;

/** Class names that say "loss" (timm's LabelSmoothingCrossEntropy is an nn.Module). */
const LOSS_CLASS_NAME = /(?:Loss|CrossEntropy|Criterion)$/;

/** The user's own losses: functions named `…loss`/`…_loss`/`loss_fn`/`compute_loss`, and classes
 *  (with a base) named like a loss or deriving from a framework loss base, a catalog loss class or
 *  another of the user's loss classes. */
function readUserLosses(root: Node, source: string, imports: ImportMap, index: SpellingIndex): UserLoss[] {
  const found: UserLoss[] = [];
  const userClasses = new Set<string>();
  const isLossBase = (dotted: string): boolean => {
    if (userClasses.has(dotted)) return true;
    const qualified = qualify(dotted, imports);
    return !!qualified && (LOSS_BASES.has(qualified) || !!index.byName.get(qualified)?.some((m) => m.spelling.kind === 'module'));
  };
  // Decided from the text first (a 20,000-line file has thousands of defs); the tree is asked only
  // about the few that qualify.
  const pattern = /\b(?:def[ \t]+(\w+)[ \t]*\(|class[ \t]+(\w+)[ \t]*\(([^)]*)\))/dg;
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
    const [, fn, cls, bases] = m;
    if (fn !== undefined && !LOSS_FUNCTION_NAME.test(fn)) continue;
    if (cls !== undefined) {
      const written = (bases ?? '').split(',').map((b) => b.replace(/\s+/g, '')).filter((b) => b && !b.includes('='));
      if (written.length === 0 || !(LOSS_CLASS_NAME.test(cls) || written.some(isLossBase))) continue;
    }
    const at = m.indices?.[fn !== undefined ? 1 : 2]?.[0];
    const name = at === undefined ? null : root.descendantForIndex(at, at + 1);
    const definition = name ? parentIf(name, 'function_definition', 'name') ?? parentIf(name, 'class_definition', 'name') : undefined;
    if (!name || !definition) continue;
    const isClass = definition.type === 'class_definition';
    if (isClass) userClasses.add(name.text);
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
    if (site.kind !== 'module' && !site.boundTo) continue;
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
    // A function kept by reference takes its tensors and options here, named like a direct call's.
    args: nameArguments(readArgs(call.childForFieldName('arguments')), site.kind === 'functional' ? positionalOf(site.spelling) : undefined),
  };
}
