import { allSpellings, getLoss, type LossSpec, type SpellingMatch } from '../engine/catalog';
import type { OptionValue, Spelling } from '../engine/catalog/types';
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
