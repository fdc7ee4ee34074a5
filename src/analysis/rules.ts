import type { Node } from 'web-tree-sitter';
import { LOSSES } from '../engine/catalog';
import type { LossSpec, Spelling } from '../engine/catalog/types';
import { Flow, type Producer } from './flow';
import { qualify, spellModule, type ImportMap } from './imports';
import type { Finding, Fix, LossSite, RuleId, TextEdit } from './model';
import { calleeCall, escapeRegExp, nodesAt } from './scan';
import type { SiteReading } from './sites';
import { dottedName, enclosingScope, lastName, literalValue, spanOf, stringValue, unwrapParens } from './syntax';

/** A loss applied to a prediction and a target: a functional call or a call of a constructed loss. */
interface Application {
  site: LossSite;
  siteNode: Node;
  call: Node;
  prediction?: Node;
  target?: Node;
}

/** Frameworks whose calls take (prediction, target) with PyTorch's meaning of the catalog's args. */
const PREDICTION_FIRST = new Set<Spelling['framework']>(['pytorch', 'jax', 'torchvision']);

export function findPitfalls(reading: SiteReading, imports: ImportMap, source: string): Finding[] {
  const flow = new Flow(imports, source);
  const findings: Finding[] = [];
  for (const application of applications(reading)) {
    const finding = checkApplication(application, flow, imports);
    if (finding) findings.push(finding);
  }
  findings.push(...checkKerasFromLogits(reading, flow, imports, source));
  return findings;
}

function applications(reading: SiteReading): Application[] {
  const found: Application[] = [];
  for (const site of reading.sites) {
    const siteNode = reading.siteNodes.get(site.id);
    if (site.kind === 'functional' && siteNode && PREDICTION_FIRST.has(site.spelling.framework)) {
      found.push({ site, siteNode, call: siteNode, ...tensorArgs(siteNode, site) });
    }
  }
  reading.invocations.forEach((invocation, i) => {
    const site = reading.sites[invocation.siteId];
    const siteNode = site ? reading.siteNodes.get(site.id) : undefined;
    const call = reading.invocationNodes[i];
    if (site && siteNode && call && PREDICTION_FIRST.has(site.spelling.framework)) {
      found.push({ site, siteNode, call, ...tensorArgs(call, site) });
    }
  });
  return found;
}

/** The prediction and target expressions: positionally first and second, or by keyword (the catalog's
 *  argument names, through the spelling's argMap). */
function tensorArgs(call: Node, site: LossSite): { prediction?: Node; target?: Node } {
  const list = call.childForFieldName('arguments');
  if (!list) return {};
  const [predictionSpec, targetSpec] = site.loss.args;
  const positional: Node[] = [];
  const byName = new Map<string, Node>();
  for (const child of list.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name')?.text;
      const value = child.childForFieldName('value');
      if (name && value) byName.set(site.spelling.argMap?.[name] ?? name, value);
    } else {
      positional.push(child);
    }
  }
  return {
    prediction: positional[0] ?? (predictionSpec ? byName.get(predictionSpec.name) : undefined),
    target: positional[1] ?? (targetSpec ? byName.get(targetSpec.name) : undefined),
  };
}

function finding(rule: RuleId, message: string, span: Node, application: Application, fixes: (Fix | undefined)[]): Finding {
  return {
    rule,
    message,
    span: spanOf(span),
    lossId: application.site.loss.id,
    siteId: application.site.id,
    fixes: fixes.filter((f): f is Fix => f !== undefined),
  };
}

function checkApplication(application: Application, flow: Flow, imports: ImportMap): Finding | undefined {
  const { site, prediction, target } = application;
  const expects = site.loss.expects;
  const written = site.spelling.name.split('.').pop() ?? site.loss.title;
  if (prediction) {
    const made = flow.producer(prediction);
    const multiClass = expects.target === 'class_indices' || expects.target === 'class_probabilities';
    const binary = expects.target === 'binary' || expects.target === 'multilabel_binary';
    if (expects.prediction === 'logits' && multiClass && (made.kind === 'softmax' || made.kind === 'log_softmax')) {
      return finding(
        'softmax-before-cross-entropy',
        `${written} applies log_softmax itself and expects raw logits; the ${made.kind} here is applied twice, which flattens the gradients and slows learning.`,
        prediction,
        application,
        [unwrapFix(prediction, made, `Pass the logits to ${written} (remove ${made.kind})`)],
      );
    }
    if (expects.prediction === 'logits' && binary && made.kind === 'sigmoid') {
      return finding(
        'sigmoid-before-bce-with-logits',
        `${written} applies the sigmoid itself and expects raw logits; this sigmoid is applied twice.`,
        prediction,
        application,
        [unwrapFix(prediction, made, `Pass the logits to ${written} (remove sigmoid)`)],
      );
    }
    if (expects.prediction === 'probabilities' && made.kind === 'logits') {
      const counterpart = logitsCounterpart(site);
      return finding(
        'bce-on-logits',
        `${written} expects probabilities in [0, 1] but receives logits.` +
          (counterpart ? ` Use ${counterpart.spelling.name.split('.').pop()}, which takes logits and is numerically stable.` : ''),
        prediction,
        application,
        [counterpart && switchLossFix(application, counterpart, imports)],
      );
    }
    if (expects.prediction === 'log_probabilities' && expects.target === 'class_indices' && (made.kind === 'softmax' || made.kind === 'logits')) {
      const counterpart = logitsCounterpart(site);
      const fix = made.kind === 'softmax' ? logSoftmaxFix(made) : counterpart && switchLossFix(application, counterpart, imports);
      return finding(
        'nll-on-logits-or-probabilities',
        `${written} expects log-probabilities (log_softmax output) but receives ${made.kind === 'softmax' ? 'softmax probabilities' : 'raw logits'}.`,
        prediction,
        application,
        [fix],
      );
    }
  }
  if (target && site.loss.family === 'regression' && expects.target === 'values') {
    const made = flow.producer(target);
    const counterpart = classificationCounterpart(site);
    if (made.kind === 'class_indices' && counterpart) {
      const name = counterpart.spelling.name.split('.').pop() ?? counterpart.loss.title;
      const fix = switchLossFix(application, counterpart, imports);
      if (fix) fix.edits.push(...floatCastRemoval(target));
      return finding(
        'mse-for-classification',
        `${written} treats class indices as numbers (class 3 is "closer" to 2 than to 7). For classification use ${name} on (N, C) logits with these indices as targets.`,
        target,
        application,
        [fix],
      );
    }
  }
  return undefined;
}

/** Rewrites the argument so the loss gets the activation's input instead of its output; for a model
 *  that ends in the activation, removes that last layer from the model (never rewires the data), but
 *  not when the model is called elsewhere too, whose code may want its probabilities. */
function unwrapFix(argument: Node, made: Producer, title: string): Fix | undefined {
  if (made.model) {
    const { shared, className, method } = made.model;
    return shared ? undefined : removeActivationFix(made, `Remove ${made.kind} from ${className}.${method} (the loss applies it itself)`);
  }
  const input = made.input ? unwrapParens(made.input) : undefined;
  const argumentNode = unwrapParens(argument);
  if (made.finalLayer || !input || !made.call || made.call.equals(argumentNode)) return removeActivationFix(made, title);
  if (argumentNode.type !== 'identifier' && argumentNode.type !== 'attribute') return undefined;
  // Made earlier (`probs = softmax(logits)`): pass its input when that is a plain name; otherwise,
  // when the loss is the value's only reader, stop applying the activation where it is made.
  if (input.type === 'identifier' || input.type === 'attribute') {
    return { title, edits: [{ span: spanOf(argumentNode), newText: input.text }] };
  }
  return onlyReader(argumentNode, made.call) ? removeActivationFix(made, title) : undefined;
}

/** Stops applying the activation where it is made: a Sequential's last layer is deleted, a call
 *  (`softmax(z)`, in the code or at the end of forward()) becomes its input. */
function removeActivationFix(made: Producer, title: string): Fix | undefined {
  if (made.finalLayer) return removeLayerFix(made.finalLayer, made.kind);
  const input = made.input ? unwrapParens(made.input) : undefined;
  return input && made.call ? { title, edits: [{ span: spanOf(made.call), newText: input.text }] } : undefined;
}

/** Deletes a Sequential's last layer with the comma before it: `nn.Sequential(a, b, nn.Softmax(1))`
 *  becomes `nn.Sequential(a, b)`. */
function removeLayerFix(layer: Node, kind: string): Fix | undefined {
  const list = layer.parent;
  if (!list || list.type !== 'argument_list') return undefined;
  const layers = list.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const at = layers.findIndex((c) => c.equals(layer));
  const previous = at > 0 ? layers[at - 1]! : undefined;
  const span = previous ? { start: previous.endIndex, end: layer.endIndex } : spanOf(layer);
  const name = dottedName(layer.childForFieldName('function')) ?? kind;
  return { title: `Remove ${name} from the model (the loss applies it itself)`, edits: [{ span, newText: '' }] };
}

/** Whether `use` is the only place after `made` (in the same scope) that reads the name. */
function onlyReader(use: Node, made: Node): boolean {
  const scope = enclosingScope(use);
  const readers = scope.descendantsOfType(use.type, made.endPosition, scope.endPosition);
  return readers.every((n) => !n || n.startIndex < made.endIndex || n.text !== use.text || n.equals(use));
}

/** softmax -> log_softmax where the value was made. */
function logSoftmaxFix(made: Producer): Fix | undefined {
  if (made.model?.shared) return undefined;
  const title = 'Use log_softmax instead of softmax';
  if (made.construction) {
    const callee = made.construction.childForFieldName('function');
    const name = callee ? lastName(callee) : undefined;
    const nameNode = callee?.type === 'attribute' ? callee.childForFieldName('attribute') : callee;
    return name === 'Softmax' && nameNode ? { title, edits: [{ span: spanOf(nameNode), newText: 'LogSoftmax' }] } : undefined;
  }
  const callee = made.call?.childForFieldName('function');
  const nameNode = callee?.type === 'attribute' ? callee.childForFieldName('attribute') : callee;
  if (!nameNode || nameNode.text !== 'softmax') return undefined;
  return { title, edits: [{ span: spanOf(nameNode), newText: 'log_softmax' }] };
}

/** `labels.float()` as a target: the classification loss wants the integer indices themselves. */
function floatCastRemoval(target: Node): TextEdit[] {
  const node = unwrapParens(target);
  const callee = node.type === 'call' ? node.childForFieldName('function') : null;
  const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (!object || !['float', 'double'].includes(lastName(callee) ?? '')) return [];
  return [{ span: spanOf(node), newText: object.text }];
}

interface Counterpart {
  loss: LossSpec;
  spelling: Spelling;
}

/** The catalog loss taking logits for the same kind of target (BCELoss -> BCEWithLogitsLoss,
 *  NLLLoss -> CrossEntropyLoss), spelled in the same framework and style as the site. */
function logitsCounterpart(site: LossSite): Counterpart | undefined {
  return closestSpelling(
    site,
    LOSSES.filter((l) => l.id !== site.loss.id && l.expects.prediction === 'logits' && l.expects.target === site.loss.expects.target),
  );
}

/** The catalog's multi-class loss on logits and class indices, for regression losses misused on labels. */
function classificationCounterpart(site: LossSite): Counterpart | undefined {
  return closestSpelling(
    site,
    LOSSES.filter((l) => l.family === 'classification' && l.expects.prediction === 'logits' && l.expects.target === 'class_indices'),
  );
}

function closestSpelling(site: LossSite, losses: readonly LossSpec[]): Counterpart | undefined {
  const written = site.spelling.name.split('.').pop() ?? '';
  let best: (Counterpart & { score: number }) | undefined;
  for (const loss of losses) {
    for (const spelling of loss.spellings) {
      if (spelling.framework !== site.spelling.framework || spelling.kind !== site.spelling.kind) continue;
      const name = spelling.name.split('.').pop() ?? '';
      const module = spelling.name.slice(0, spelling.name.length - name.length);
      const sameModule = site.spelling.name.startsWith(module) ? 1000 : 0;
      const score = sameModule + commonPrefix(written, name);
      if (!best || score > best.score) best = { loss, spelling, score };
    }
  }
  return best;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Renames the loss where it is constructed or called, keeping the user's module alias; a name
 *  imported with `from ... import` gets the new name added to that import. */
function switchLossFix(application: Application, to: Counterpart, imports: ImportMap): Fix | undefined {
  const newName = to.spelling.name.split('.').pop();
  const callee = application.siteNode.childForFieldName('function');
  if (!newName || !callee) return undefined;
  const title = `Use ${newName}`;
  if (callee.type === 'attribute') {
    const attribute = callee.childForFieldName('attribute');
    return attribute ? { title, edits: [{ span: spanOf(attribute), newText: newName }] } : undefined;
  }
  if (callee.type !== 'identifier') return undefined;
  const binding = imports.get(callee.text);
  const module = to.spelling.name.slice(0, to.spelling.name.length - newName.length - 1);
  const moduleAlias = spellModule(module, imports);
  if (moduleAlias && !binding?.fromStatement) return { title, edits: [{ span: spanOf(callee), newText: `${moduleAlias}.${newName}` }] };
  if (!binding?.fromStatement) return undefined;
  const statement = binding.fromStatement;
  const edits: TextEdit[] = [{ span: spanOf(callee), newText: newName }];
  if (!imports.has(newName)) edits.push({ span: { start: statement.end, end: statement.end }, newText: `, ${newName}` });
  return { title, edits };
}

/** Keras losses with `from_logits` against the model's last layer: logits (no activation) need
 *  from_logits=True; a softmax/sigmoid output needs from_logits=False. */
function checkKerasFromLogits(reading: SiteReading, flow: Flow, imports: ImportMap, source: string): Finding[] {
  const findings: Finding[] = [];
  const siteAt = new Map<number, LossSite>();
  for (const site of reading.sites) {
    const node = reading.siteNodes.get(site.id);
    if (node && site.spelling.framework === 'keras') siteAt.set(node.startIndex, site);
  }
  if (siteAt.size === 0) return findings;
  const root = reading.siteNodes.values().next().value?.tree.rootNode;
  if (!root) return findings;
  const compiles = nodesAt(root, source, /\.\s*(compile)\s*\(/)
    .map((name) => calleeCall(name)?.call)
    .filter((call): call is Node => call !== undefined);
  for (const compile of compiles) {
    const lossNode = lossArgument(compile);
    if (!lossNode) continue;
    for (const { loss, output } of lossesPerOutput(lossNode, modelOutputs(compile, flow, imports))) {
      const made = loss.type === 'identifier' ? flow.assignedValue(loss) : loss;
      const site = made ? siteAt.get(unwrapParens(made).startIndex) : undefined;
      if (!site || !made || (site.loss.expects.prediction !== 'logits' && site.loss.expects.prediction !== 'probabilities')) continue;
      const fromLogits = fromLogitsOf(unwrapParens(made), site);
      if (fromLogits === undefined || output === 'unknown') continue;
      const siteNode = unwrapParens(made);
      const application: Application = { site, siteNode, call: compile };
      if (output === 'logits' && !fromLogits.value) {
        findings.push(finding(
          'keras-from-logits',
          `The model's last layer has no activation, so it outputs logits, but ${site.spelling.name.split('.').pop()} defaults to from_logits=False and reads them as probabilities. Pass from_logits=True.`,
          siteNode,
          application,
          [fromLogitsFix(siteNode, site, fromLogits.node, true, imports)],
        ));
      } else if (output === 'probabilities' && fromLogits.value) {
        findings.push(finding(
          'keras-from-logits',
          `The model's last layer already applies softmax/sigmoid, but the loss has from_logits=True and applies it again. Pass from_logits=False.`,
          siteNode,
          application,
          [fromLogitsFix(siteNode, site, fromLogits.node, false, imports)],
        ));
      }
    }
  }
  return findings;
}

function lossArgument(compile: Node): Node | undefined {
  const arg = compile.childForFieldName('arguments')?.namedChildren.find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'loss');
  return arg?.childForFieldName('value') ?? undefined;
}

/** The loss's from_logits setting: False for string names, else the keyword (literal only). */
function fromLogitsOf(node: Node, site: LossSite): { value: boolean; node?: Node } | undefined {
  if (site.kind === 'string') return { value: false };
  if (node.type !== 'call') return undefined;
  const arg = node.childForFieldName('arguments')?.namedChildren.find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'from_logits');
  const value = arg?.childForFieldName('value');
  if (!value) return { value: false };
  const literal = literalValue(value);
  return typeof literal === 'boolean' ? { value: literal, node: value } : undefined;
}

function fromLogitsFix(siteNode: Node, site: LossSite, valueNode: Node | undefined, value: boolean, imports: ImportMap): Fix | undefined {
  const title = `Set from_logits=${value ? 'True' : 'False'}`;
  const literal = value ? 'True' : 'False';
  if (valueNode) return { title, edits: [{ span: spanOf(valueNode), newText: literal }] };
  if (site.kind === 'string') {
    const name = stringValue(siteNode);
    const cls = site.loss.spellings.find((s) => s.framework === 'keras' && s.kind === 'module' && snakeCase(s.name.split('.').pop() ?? '') === name);
    if (!cls) return undefined;
    const className = cls.name.split('.').pop() ?? '';
    const module = spellModule('keras.losses', imports);
    if (!module) return undefined;
    return { title, edits: [{ span: spanOf(siteNode), newText: `${module}.${className}(from_logits=${literal})` }] };
  }
  const list = siteNode.childForFieldName('arguments');
  if (!list) return undefined;
  const hasArgs = list.namedChildren.some((c) => c && c.type !== 'comment');
  const closing = list.endIndex - 1;
  return { title, edits: [{ span: { start: closing, end: closing }, newText: `${hasArgs ? ', ' : ''}from_logits=${literal}` }] };
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

type Output = 'logits' | 'probabilities' | 'unknown';

/** One output of the compiled model: what it is and the name Keras knows it by (a dict key of
 *  `outputs`, else the `name=` of the layer that made it). */
interface ModelOutput {
  name?: string;
  output: Output;
}

/** Each loss given to compile with the output it is applied to: a list pairs by position, a dict by
 *  output name, a single loss goes with a single output. */
function lossesPerOutput(lossNode: Node, outputs: readonly ModelOutput[]): { loss: Node; output: Output }[] {
  const node = unwrapParens(lossNode);
  const items = (n: Node) => n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  if (node.type === 'list' || node.type === 'tuple') {
    const losses = items(node);
    return losses.length === outputs.length ? losses.map((loss, i) => ({ loss, output: outputs[i]!.output })) : [];
  }
  if (node.type === 'dictionary') {
    return items(node).flatMap((pair) => {
      const key = pair.type === 'pair' ? pair.childForFieldName('key') : null;
      const loss = pair.type === 'pair' ? pair.childForFieldName('value') : null;
      const name = key ? literalValue(key) : undefined;
      const output = outputs.find((o) => o.name !== undefined && o.name === name);
      return loss && output ? [{ loss, output: output.output }] : [];
    });
  }
  return outputs.length === 1 ? [{ loss: node, output: outputs[0]!.output }] : [];
}

/** What the compiled model outputs, from its last layer (Sequential list or .add calls, or the
 *  functional API's outputs: one, a list or a dict of them). */
function modelOutputs(compile: Node, flow: Flow, imports: ImportMap): ModelOutput[] {
  const callee = compile.childForFieldName('function');
  const model = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (!model) return [];
  const built = flow.assignedValue(model);
  const construction = built ? unwrapParens(built) : undefined;
  if (construction?.type !== 'call') return [];
  const qualified = qualify(dottedName(construction.childForFieldName('function')) ?? '', imports) ?? '';
  if (/^keras(\.models)?\.Sequential$/.test(qualified)) {
    const added = lastAddBefore(model.text, construction, compile, flow.source);
    if (added) return [{ output: layerOutput(added, imports) }];
    const list = construction.childForFieldName('arguments')?.namedChildren.find((c) => c?.type === 'list');
    const last = list?.namedChildren.filter((c) => c && c.type !== 'comment').pop();
    return last ? [{ output: layerOutput(last, imports) }] : [];
  }
  if (/^keras(\.models)?\.Model$/.test(qualified)) {
    const args = construction.childForFieldName('arguments')?.namedChildren ?? [];
    const keyword = args.find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'outputs');
    const given = keyword?.childForFieldName('value') ?? args.filter((c) => c && c.type !== 'keyword_argument' && c.type !== 'comment')[1];
    if (!given) return [];
    const outputs = given.type === 'identifier' ? flow.assignedValue(given) ?? given : given;
    const items = outputs.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    if (outputs.type === 'list' || outputs.type === 'tuple') return items.map((o) => tensorOutput(o, flow, imports));
    if (outputs.type === 'dictionary') {
      return items.flatMap((pair) => {
        const key = pair.type === 'pair' ? pair.childForFieldName('key') : null;
        const value = pair.type === 'pair' ? pair.childForFieldName('value') : null;
        const name = key ? literalValue(key) : undefined;
        return value && typeof name === 'string' ? [{ ...tensorOutput(value, flow, imports), name }] : [];
      });
    }
    return [tensorOutput(outputs, flow, imports)];
  }
  return [];
}

/** A tensor of the functional API: `layers.Dense(10, name="out")(x)` is made by the callee layer. */
function tensorOutput(tensor: Node, flow: Flow, imports: ImportMap): ModelOutput {
  const value = tensor.type === 'identifier' ? flow.assignedValue(tensor) : tensor;
  const layer = value?.type === 'call' ? value.childForFieldName('function') : undefined;
  if (layer?.type !== 'call') return { output: 'unknown' };
  const nameArg = layer.childForFieldName('arguments')?.namedChildren.find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'name');
  const name = nameArg?.childForFieldName('value');
  const literal = name ? literalValue(name) : undefined;
  return { output: layerOutput(layer, imports), name: typeof literal === 'string' ? literal : undefined };
}

function lastAddBefore(modelName: string, from: Node, until: Node, source: string): Node | undefined {
  const root = from.tree.rootNode;
  const adds = nodesAt(root, source, new RegExp(`(?<![\\w.])${escapeRegExp(modelName)}\\s*\\.\\s*(add)\\s*\\(`), from.endIndex, until.startIndex);
  let last: Node | undefined;
  for (const name of adds) {
    const call = calleeCall(name)?.call;
    const layer = call?.childForFieldName('arguments')?.namedChildren.find((c) => c && c.type !== 'comment');
    if (call && layer && enclosingScope(call).equals(enclosingScope(from))) last = layer;
  }
  return last;
}

function layerOutput(layerNode: Node, imports: ImportMap): Output {
  const layer = unwrapParens(layerNode);
  if (layer.type !== 'call') return 'unknown';
  const qualified = qualify(dottedName(layer.childForFieldName('function')) ?? '', imports) ?? '';
  const args = layer.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
  const keyword = args.find((c) => c.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'activation');
  if (qualified === 'keras.layers.Softmax') return 'probabilities';
  if (qualified === 'keras.layers.Activation') return activationOutput(keyword?.childForFieldName('value') ?? args[0], imports);
  if (qualified === 'keras.layers.Dense') {
    const positional = args.filter((c) => c.type !== 'keyword_argument');
    const activation = keyword?.childForFieldName('value') ?? positional[1];
    return activation ? activationOutput(activation, imports) : 'logits';
  }
  return 'unknown';
}

function activationOutput(activation: Node | null | undefined, imports: ImportMap): Output {
  if (!activation) return 'unknown';
  const literal = literalValue(activation);
  if (literal === null || literal === 'linear') return 'logits';
  if (literal === 'softmax' || literal === 'sigmoid') return 'probabilities';
  const qualified = qualify(dottedName(activation) ?? '', imports) ?? '';
  if (/^(keras\.activations|tensorflow\.nn)\.(softmax|sigmoid)$/.test(qualified)) return 'probabilities';
  return 'unknown';
}
