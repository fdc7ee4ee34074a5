import { allSpellings, type SpellingMatch } from '../engine/catalog';
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
