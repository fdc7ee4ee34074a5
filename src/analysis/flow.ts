import type { Node } from 'web-tree-sitter';
import { qualify, type ImportMap } from './imports';
import { escapeRegExp, nodesAt, parentIf } from './scan';
import { dottedName, enclosingScope, lastName, unwrapParens } from './syntax';

/** What a value is known to be, from how it was made within its function or cell. */
export type ValueKind = 'softmax' | 'log_softmax' | 'sigmoid' | 'logits' | 'class_indices' | 'unknown';

export interface Producer {
  kind: ValueKind;
  /** The call that made it (softmax(...), x.argmax(...)), when there is one. */
  call?: Node;
  /** The activation's input (the `z` of `softmax(z)`), for fixes that remove the activation. */
  input?: Node;
  /** The construction of the module whose call made it (`nn.Softmax(dim=1)`), for renaming fixes. */
  construction?: Node;
  /** The activation layer that ends a Sequential model (`nn.Softmax(dim=1)` in `nn.Sequential(…,
   *  nn.Softmax(dim=1))`): what a fix removes, since the model's input is not the activation's. */
  finalLayer?: Node;
  /** Set when the value is a call of the user's model whose forward() (or Flax `__call__`) returns
   *  it: `call`/`input`/`finalLayer` are then inside that method, and `shared` says whether other
   *  code calls the model too (and may read its output as probabilities). */
  model?: { className: string; method: string; shared: boolean };
  /** The expression as it appears where the loss receives it, after following assignments. */
  traced: Node[];
}

/** Activation functions by canonical name. Framework activations, not losses: the catalog has none. */
const ACTIVATIONS: Readonly<Record<string, ValueKind>> = {
  'torch.softmax': 'softmax',
  'torch.nn.functional.softmax': 'softmax',
  'torch.special.softmax': 'softmax',
  'jax.nn.softmax': 'softmax',
  'flax.linen.softmax': 'softmax',
  'flax.linen.log_softmax': 'log_softmax',
  'flax.linen.sigmoid': 'sigmoid',
  'tensorflow.nn.softmax': 'softmax',
  'keras.activations.softmax': 'softmax',
  'torch.log_softmax': 'log_softmax',
  'torch.nn.functional.log_softmax': 'log_softmax',
  'torch.special.log_softmax': 'log_softmax',
  'jax.nn.log_softmax': 'log_softmax',
  'tensorflow.nn.log_softmax': 'log_softmax',
  'torch.sigmoid': 'sigmoid',
  'torch.nn.functional.sigmoid': 'sigmoid',
  'torch.special.expit': 'sigmoid',
  'jax.nn.sigmoid': 'sigmoid',
  'tensorflow.sigmoid': 'sigmoid',
  'tensorflow.math.sigmoid': 'sigmoid',
  'tensorflow.nn.sigmoid': 'sigmoid',
  'keras.activations.sigmoid': 'sigmoid',
  'torch.argmax': 'class_indices',
  'torch.randint': 'class_indices',
  'jax.numpy.argmax': 'class_indices',
  'numpy.argmax': 'class_indices',
};

/** Module classes whose instances act like the functions above when called. */
const ACTIVATION_MODULES: Readonly<Record<string, ValueKind>> = {
  'torch.nn.Softmax': 'softmax',
  'torch.nn.LogSoftmax': 'log_softmax',
  'torch.nn.Sigmoid': 'sigmoid',
  'torch.nn.Linear': 'logits',
  'torch.nn.LazyLinear': 'logits',
  'torch.nn.Bilinear': 'logits',
};

const METHODS: Readonly<Record<string, ValueKind>> = {
  softmax: 'softmax',
  log_softmax: 'log_softmax',
  sigmoid: 'sigmoid',
  argmax: 'class_indices',
  long: 'class_indices',
};

/** Methods that return the same module, moved or cast: `nn.CrossEntropyLoss().to(device)`. */
export const SAME_MODULE = new Set(['to', 'cuda', 'cpu', 'float', 'double', 'half', 'bfloat16', 'train', 'eval', 'requires_grad_']);

/** Methods that keep what a tensor is (shape and dtype plumbing). */
const PASS_THROUGH = new Set(['view', 'reshape', 'squeeze', 'unsqueeze', 'flatten', 'contiguous', 'to', 'float', 'double', 'cuda', 'cpu', 'type', 'detach', 'clone', 'permute', 'transpose']);

const INTEGER_DTYPES = /\b(long|int64|int32|int)\b/;

const MAX_DEPTH = 6;

export class Flow {
  /** Module-level assignments per name: the same names are traced from many functions. */
  private readonly moduleAssignments = new Map<string, Node[]>();
  private classes: Map<string, Node> | undefined;
  /** The local class a name not assigned in its own scope (a parameter) holds, per name. */
  private readonly classOfName = new Map<string, string | undefined>();

  constructor(
    private readonly imports: ImportMap,
    readonly source: string,
  ) {}

  /** Follows `expr` back through assignments in its scope to the call that produced it. */
  producer(expr: Node, depth = 0): Producer {
    const node = unwrapParens(expr);
    const traced = [node];
    const unknown: Producer = { kind: 'unknown', traced };
    if (depth > MAX_DEPTH) return unknown;
    if (node.type === 'identifier' || (node.type === 'attribute' && node.text.startsWith('self.'))) {
      const value = this.assignedValue(node);
      if (value) {
        const inner = this.producer(value, depth + 1);
        // `logits = model(x)`: the name is the evidence when the call says nothing.
        if (inner.kind === 'unknown' && /logit/i.test(node.text)) return { kind: 'logits', traced: [node, ...inner.traced] };
        return { ...inner, traced: [node, ...inner.traced] };
      }
      return /logit/i.test(node.text) ? { kind: 'logits', traced } : unknown;
    }
    if (node.type === 'subscript') {
      const value = node.childForFieldName('value');
      if (!value) return unknown;
      const inner = this.producer(value, depth + 1);
      return { ...inner, traced: [node, ...inner.traced] };
    }
    if (node.type !== 'call') return unknown;
    return this.callProducer(node, depth, traced);
  }

  private callProducer(call: Node, depth: number, traced: Node[]): Producer {
    const callee = call.childForFieldName('function');
    const args = call.childForFieldName('arguments');
    const firstArg = args?.namedChildren.find((c) => c && c.type !== 'keyword_argument' && c.type !== 'comment') ?? undefined;
    const dotted = callee ? dottedName(callee) : undefined;
    const qualified = dotted ? qualify(dotted, this.imports) : undefined;
    const unknown: Producer = { kind: 'unknown', traced };

    if (qualified && ACTIVATIONS[qualified]) return { kind: ACTIVATIONS[qualified], call, input: firstArg, traced };
    if (qualified === 'torch.log' || qualified === 'jax.numpy.log') {
      const inner = firstArg ? this.producer(firstArg, depth + 1) : unknown;
      return inner.kind === 'softmax' ? { kind: 'log_softmax', call, traced } : unknown;
    }
    if (qualified && /^torch\.(tensor|as_tensor|zeros|ones|full|empty)$/.test(qualified) && INTEGER_DTYPES.test(dtypeText(args))) {
      return { kind: 'class_indices', call, traced };
    }

    if (callee?.type === 'attribute') {
      const method = lastName(callee) ?? '';
      const object = callee.childForFieldName('object');
      if (!object) return unknown;
      if (method === 'log') {
        const inner = this.producer(object, depth + 1);
        return inner.kind === 'softmax' ? { kind: 'log_softmax', call, traced } : unknown;
      }
      if (method === 'to' || method === 'type') {
        if (INTEGER_DTYPES.test(args?.text ?? '')) return { kind: 'class_indices', call, traced };
      }
      if (!qualified && METHODS[method]) return { kind: METHODS[method], call, input: object, traced };
      if (!qualified && PASS_THROUGH.has(method)) {
        const inner = this.producer(object, depth + 1);
        return { ...inner, traced: [...traced, ...inner.traced] };
      }
    }
    const fromModel = callee ? this.modelProducer(callee, depth, traced) : undefined;
    if (fromModel) return fromModel;
    if (callee && /logit/i.test(lastName(callee) ?? '')) return { kind: 'logits', call, traced };
    // A called object: an activation module, a Linear layer, or a Sequential ending in one.
    if (callee && (callee.type === 'identifier' || callee.type === 'attribute')) {
      const made = this.assignedValue(callee);
      const kind = made ? this.moduleKind(made, depth + 1) : 'unknown';
      if (made && kind !== 'unknown') {
        const construction = unwrapParens(made);
        const layer = this.finalLayer(construction);
        // Only a bare activation module's argument is the activation's input; a Sequential's is the model's.
        if (layer.equals(construction)) return { kind, call, input: kind === 'logits' ? undefined : firstArg, construction, traced };
        return { kind, call, construction, finalLayer: layer, traced };
      }
    }
    return unknown;
  }

  /** A call of the user's model (`model(x)`, `model.apply(params, x)`, `model.forward(x)`): what the
   *  last return of its class's forward() / `__call__` is made of, when that is an activation. */
  private modelProducer(callee: Node, depth: number, traced: Node[]): Producer | undefined {
    const method = callee.type === 'attribute' ? lastName(callee) : undefined;
    const instance = method === 'apply' || method === 'forward' || method === 'predict' ? callee.childForFieldName('object') : callee;
    if (!instance || (instance.type !== 'identifier' && instance.type !== 'attribute')) return undefined;
    if (this.localClasses(callee.tree.rootNode).size === 0) return undefined;
    // `self(x)` inside the model's own class (a Lightning training_step).
    const found = instance.text === 'self' ? classOf(instance) : this.localClassOf(instance);
    const className = found?.childForFieldName('name')?.text;
    const body = found?.childForFieldName('body');
    if (!className || !body) return undefined;
    const wanted = method === 'predict' ? ['predict'] : ['forward', '__call__'];
    const methods = body.namedChildren.map((c) => (c?.type === 'decorated_definition' ? c.childForFieldName('definition') : c));
    const forward = methods.find((m) => m?.type === 'function_definition' && wanted.includes(m.childForFieldName('name')?.text ?? ''));
    if (!forward) return undefined;
    const returns = forward.descendantsOfType('return_statement').filter((r): r is Node => r !== null && enclosingScope(r).equals(forward));
    const value = returns[returns.length - 1]?.namedChild(0);
    if (!value) return undefined;
    const inner = this.producer(value, depth + 1);
    if (inner.kind !== 'softmax' && inner.kind !== 'log_softmax' && inner.kind !== 'sigmoid') return undefined;
    return { ...inner, traced: [...traced, ...inner.traced], model: { className, method: forward.childForFieldName('name')?.text ?? 'forward', shared: this.calledElsewhere(instance, className) } };
  }

  private localClassOf(instance: Node): Node | undefined {
    const name = this.modelClassOf(instance);
    return name ? this.localClass(name, instance.tree.rootNode) : undefined;
  }

  /** The local class whose instance a name holds: `model = Net().to(device)`, else (a parameter
   *  such as `def train(model, ...)`) the class every assignment to that name in the file builds. */
  private modelClassOf(instance: Node): string | undefined {
    const classOfValue = (value: Node | undefined) => {
      let node = value ? unwrapParens(value) : undefined;
      while (node?.type === 'call') {
        const fn: Node | null = node.childForFieldName('function');
        if (fn?.type === 'identifier') return this.localClass(fn.text, instance.tree.rootNode) ? fn.text : undefined;
        if (fn?.type !== 'attribute' || !SAME_MODULE.has(lastName(fn) ?? '')) return undefined;
        node = fn.childForFieldName('object') ?? undefined;
      }
      return undefined;
    };
    const direct = this.assignedValue(instance);
    if (direct) return classOfValue(direct);
    const name = instance.text;
    if (this.classOfName.has(name)) return this.classOfName.get(name);
    const root = instance.tree.rootNode;
    const pattern = new RegExp(`(?<![\\w.])(${escapeRegExp(name).replace('\\.', '\\s*\\.\\s*')})\\s*=(?!=)`);
    const classes = new Set<string | undefined>();
    for (const target of nodesAt(root, this.source, pattern)) {
      const left = name.includes('.') && target.type === 'identifier' ? target.parent : target;
      const assignment = left && left.text === name ? parentIf(left, 'assignment', 'left') : undefined;
      if (assignment) classes.add(classOfValue(assignment.childForFieldName('right') ?? undefined));
    }
    const found = classes.size === 1 ? [...classes][0] : undefined;
    this.classOfName.set(name, found);
    return found;
  }

  /** The classes this file defines, by name (found once per analysis: many calls ask). */
  private localClasses(root: Node): ReadonlyMap<string, Node> {
    if (!this.classes) {
      this.classes = new Map();
      for (const found of nodesAt(root, this.source, /^[ \t]*class[ \t]+(\w+)/m)) {
        const definition = parentIf(found, 'class_definition', 'name');
        if (definition && !this.classes.has(found.text)) this.classes.set(found.text, definition);
      }
    }
    return this.classes;
  }

  private localClass(name: string, root: Node): Node | undefined {
    return this.localClasses(root).get(name);
  }

  /** Whether the model is called more than once in the file, or built more than once: then its
   *  output may be read elsewhere (as probabilities) and removing the activation is not safe. */
  private calledElsewhere(instance: Node, className: string): boolean {
    const root = instance.tree.rootNode;
    const builds = nodesAt(root, this.source, new RegExp(`(?<![\\w.])(${escapeRegExp(className)})\\s*\\(`)).filter((n) => !parentIf(n, 'class_definition', 'name'));
    const word = escapeRegExp(instance.text.split('.').pop() ?? instance.text);
    const calls = nodesAt(root, this.source, new RegExp(`(?<![\\w])(${word})\\s*(?:\\.\\s*(?:apply|forward)\\s*)?\\(`));
    return builds.length > 1 || calls.length > 1;
  }

  /** The layer of `construction` that makes its output: the last layer of a (nested) Sequential, else itself. */
  private finalLayer(construction: Node): Node {
    const dotted = construction.type === 'call' ? dottedName(construction.childForFieldName('function')) : undefined;
    if (!dotted || qualify(dotted, this.imports) !== 'torch.nn.Sequential') return construction;
    const layers = construction.childForFieldName('arguments')?.namedChildren.filter((c) => c && c.type !== 'comment') ?? [];
    const last = layers[layers.length - 1];
    return last ? this.finalLayer(unwrapParens(last)) : construction;
  }

  /** What calling the module built by `construction` returns. */
  private moduleKind(construction: Node, depth: number): ValueKind {
    const node = unwrapParens(construction);
    if (node.type !== 'call' || depth > MAX_DEPTH) return 'unknown';
    const dotted = dottedName(node.childForFieldName('function'));
    const qualified = dotted ? qualify(dotted, this.imports) : undefined;
    if (!qualified) return 'unknown';
    if (ACTIVATION_MODULES[qualified]) return ACTIVATION_MODULES[qualified];
    if (qualified === 'torch.nn.Sequential') {
      const layers = node.childForFieldName('arguments')?.namedChildren.filter((c) => c && c.type !== 'comment') ?? [];
      const last = layers[layers.length - 1];
      return last ? this.moduleKind(last, depth + 1) : 'unknown';
    }
    return 'unknown';
  }

  /** The right-hand side of the last plain assignment to `name` before `use`, in the same scope
   *  (function body or module/cell). `self.x` is looked up in the whole class. */
  assignedValue(use: Node): Node | undefined {
    const name = use.text;
    const isSelf = name.startsWith('self.');
    const scope = isSelf ? classOf(use) ?? enclosingScope(use) : enclosingScope(use);
    const root = use.tree.rootNode;
    const pattern = new RegExp(`(?<![\\w.])(${escapeRegExp(name).replace('\\.', '\\s*\\.\\s*')})\\s*(?::[^=\\n]*)?=(?!=)`);
    const rightOf = (target: Node): Node | undefined => {
      const left = target.type === 'identifier' && isSelf ? target.parent : target;
      const assignment = left ? parentIf(left, 'assignment', 'left') : undefined;
      if (!assignment || !left || left.text !== name) return undefined;
      if (!isSelf && !enclosingScope(assignment).equals(scope)) return undefined;
      return assignment.childForFieldName('right') ?? undefined;
    };
    let best: Node | undefined;
    for (const target of nodesAt(root, this.source, pattern, scope.startIndex, use.startIndex)) {
      const right = rightOf(target);
      if (!right || (right.startIndex <= use.startIndex && use.endIndex <= right.endIndex)) continue;
      best = right;
    }
    if (!best && isSelf) {
      for (const target of nodesAt(root, this.source, pattern, scope.startIndex, scope.endIndex)) {
        const right = rightOf(target);
        if (right) return right;
      }
    }
    if (!best && !isSelf && scope.type === 'function_definition') return this.moduleValue(name, scope, pattern);
    // `for p in batches:` (or `with ... as p`, `p := ...`) between the assignment and the use
    // rebinds the name: what it holds there is unknown.
    if (best && !isSelf && otherBinding(escapeRegExp(name)).test(this.source.slice(best.endIndex, use.startIndex))) return undefined;
    return best;
  }

  /** A module-level name read inside a top-level function that does not bind it itself: its value
   *  when the module assigns it exactly once (several assignments are ambiguous, so nothing). */
  private moduleValue(name: string, fn: Node, pattern: RegExp): Node | undefined {
    const module = enclosingScope(fn);
    if (module.type !== 'module') return undefined;
    const word = escapeRegExp(name);
    const bindsLocally = new RegExp(`(?<![\\w.])${word}\\s*(?::[^=\\n]*)?=(?!=)|\\b(?:global|nonlocal)\\b[^\\n]*(?<![\\w.])${word}(?![\\w])`);
    const parameters = fn.childForFieldName('parameters')?.text ?? '';
    const body = fn.childForFieldName('body')?.text ?? '';
    if (new RegExp(`(?<![\\w.])${word}(?![\\w])`).test(parameters) || bindsLocally.test(body) || otherBinding(word).test(body)) return undefined;
    let found = this.moduleAssignments.get(name);
    if (!found) {
      found = [];
      for (const target of nodesAt(module, this.source, pattern, module.startIndex, module.endIndex)) {
        const assignment = target.text === name ? parentIf(target, 'assignment', 'left') : undefined;
        const right = assignment?.childForFieldName('right');
        if (assignment && right && enclosingScope(assignment).equals(module)) found.push(right);
      }
      this.moduleAssignments.set(name, found);
    }
    return found.length === 1 ? found[0] : undefined;
  }
}

/** Bindings of a name (a regex-escaped word) other than a plain assignment: a for target, `as name`
 *  (with, except, import) and `name :=`. */
function otherBinding(word: string): RegExp {
  return new RegExp(`\\bfor\\b[^\\n:]*(?<![\\w.])${word}(?![\\w])[^\\n:]*\\bin\\b|\\bas\\s+${word}(?![\\w])|(?<![\\w.])${word}\\s*:=`);
}

function dtypeText(args: Node | null): string {
  const dtype = args?.namedChildren.find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'dtype');
  return dtype?.childForFieldName('value')?.text ?? '';
}

function classOf(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (current.type === 'class_definition') return current;
  return undefined;
}
