import { allSpellings, getLoss, type LossSpec, type SpellingMatch } from '../engine/catalog';
import type { OptionSpec, OptionValue, Spelling } from '../engine/catalog/types';
import { FRAMEWORK_LOSSES } from '../engine/frameworks';
import type { FrameworkLoss } from '../engine/frameworks/types';
import { canonicalName } from './imports';

/** The catalog's spellings, indexed for lookup while reading code. Built from the catalog only. */
export interface SpellingIndex {
  /** Canonical fully qualified name -> the loss(es) it spells (module and functional kinds). */
  readonly byName: ReadonlyMap<string, readonly SpellingMatch[]>;
  /** String names (Keras `loss="mse"`, sklearn `loss="hinge"`). */
  readonly byString: ReadonlyMap<string, readonly SpellingMatch[]>;
  /** Last segments of every qualified spelling: a cheap filter before resolving a callee. */
  readonly lastNames: ReadonlySet<string>;
}

export function buildSpellingIndex(matches: readonly SpellingMatch[]): SpellingIndex {
  const byName = new Map<string, SpellingMatch[]>();
  const byString = new Map<string, SpellingMatch[]>();
  const lastNames = new Set<string>();
  const add = (map: Map<string, SpellingMatch[]>, key: string, match: SpellingMatch) => {
    const list = map.get(key) ?? [];
    list.push(match);
    map.set(key, list);
  };
  for (const match of matches) {
    if (match.spelling.kind === 'string') {
      add(byString, match.spelling.name, match);
    } else {
      const name = canonicalName(match.spelling.name);
      add(byName, name, match);
      lastNames.add(name.slice(name.lastIndexOf('.') + 1));
    }
  }
  return { byName, byString, lastNames };
}

let cached: { source: readonly SpellingMatch[]; index: SpellingIndex } | undefined;

/** The index of the catalog as it is now (rebuilt if the catalog's spellings changed length). */
export function catalogSpellings(): SpellingIndex {
  const matches = allSpellings();
  if (!cached || cached.source.length !== matches.length) cached = { source: matches, index: buildSpellingIndex(matches) };
  return cached.index;
}

let frameworkByName: Map<string, FrameworkLoss> | undefined;

/** The framework registry's entry for a spelling, by canonical name (`optax.losses.x` is `optax.x`). */
export function frameworkLossOf(spelling: Spelling): FrameworkLoss | undefined {
  frameworkByName ??= new Map(FRAMEWORK_LOSSES.map((f) => [canonicalName(f.name), f]));
  return frameworkByName.get(canonicalName(spelling.name));
}

/** The parameters a spelling takes positionally, in order, by its own names: the catalog's
 *  `positional` where it states one, else the registry's (a class: its constructor's options; a
 *  function: its required tensor arguments, the only ones every framework takes by position). */
export function positionalOf(spelling: Spelling): readonly string[] | undefined {
  if (spelling.positional) return spelling.positional;
  const framework = frameworkLossOf(spelling);
  if (!framework || spelling.kind === 'string') return undefined;
  if (spelling.kind === 'module') return framework.options.map((o) => o.name);
  const required: string[] = [];
  for (const arg of framework.args) {
    if (arg.optional) break;
    required.push(arg.name);
  }
  return required;
}

/** The catalog entry a written call computes: the spelling's own, unless an option written as a
 *  literal selects another (`BinaryCrossentropy(from_logits=True)` is the with-logits loss). */
export function lossOfCall(match: SpellingMatch, literal: (parameter: string) => OptionValue | undefined): LossSpec {
  const switched = frameworkLossOf(match.spelling)?.switchedBy;
  if (!switched || literal(switched.option) !== true) return match.loss;
  return getLoss(switched.lossId) ?? match.loss;
}

export function isDeprecated(option: OptionSpec): boolean {
  return /^deprecated\b/i.test(option.meaning);
}

/** A keyword a spelling takes, as it names it, with the spec it has there. */
export interface SpellingKeyword {
  /** The keyword as the framework writes it: `delta`, Keras' `reduction`, TF's `pos_weight`. */
  keyword: string;
  /** Its type, default and choices in that spelling: the framework registry's own, else the
   *  catalog's (an optional tensor argument as a `tensor` option without a default). */
  option: OptionSpec;
}

const tensorOption = (name: string, meaning: string): OptionSpec => ({ name, type: 'tensor', default: null, meaning });

/** The keywords a spelling takes besides its required tensors, by its own names, deprecated ones
 *  left out: the catalog's for PyTorch and torchvision (the catalog states them); the framework
 *  registry's where it computes the spelling (its names, defaults and choices; a class's optional
 *  tensors are passed to the call, not to the constructor); else the catalog's that the
 *  spelling's argMap names. Completion, snippets and the hover's defaults all read this. */
export function spellingKeywords(loss: LossSpec, spelling: Spelling): SpellingKeyword[] {
  const exact = spelling.framework === 'pytorch' || spelling.framework === 'torchvision';
  const registry = exact ? undefined : frameworkLossOf(spelling);
  if (registry) {
    const tensors = spelling.kind === 'functional' ? registry.args.filter((a) => a.optional).map((a) => tensorOption(a.name, a.meaning)) : [];
    return [...tensors, ...registry.options].filter((o) => !isDeprecated(o)).map((option) => ({ keyword: option.name, option }));
  }
  const theirs = new Map(Object.entries(spelling.argMap ?? {}).map(([their, ours]) => [ours, their]));
  const tensors = loss.args.filter((a) => a.optional).map((a) => tensorOption(a.name, a.meaning));
  return [...tensors, ...loss.options]
    .filter((o) => !isDeprecated(o) && (exact || theirs.has(o.name)))
    .map((option) => ({ keyword: theirs.get(option.name) ?? option.name, option }));
}

/** The keywords a user usually sets (no tensors or callables): a snippet's tab stops, the
 *  defaults a hover lists. */
export function usualKeywords(loss: LossSpec, spelling: Spelling): SpellingKeyword[] {
  return spellingKeywords(loss, spelling).filter(({ option }) => option.type !== 'tensor' && option.type !== 'callable');
}
