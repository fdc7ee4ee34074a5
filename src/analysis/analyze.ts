import type { Tree } from 'web-tree-sitter';
import { nodesAt } from './scan';
import { readSites } from './sites';
import { collectImports } from './imports';
import { EMPTY_ANALYSIS, type Analysis, type LossSite, type UserLoss } from './model';
import { findPitfalls } from './rules';
import { catalogSpellings, type SpellingIndex } from './spellings';
import { contains } from './syntax';

/** Everything Loss Lab reads from one parsed Python document (or notebook). Never throws: a
 *  failure deep in the reading gives an empty, partial analysis. */
export function analyze(tree: Tree | undefined, index: SpellingIndex = catalogSpellings()): Analysis {
  if (!tree) return EMPTY_ANALYSIS;
  try {
    const root = tree.rootNode;
    // The module node starts after leading blank lines; pad so offsets in `source` are document offsets.
    const source = ' '.repeat(root.startIndex) + root.text;
    const statements = nodesAt(root, source, /^[ \t]*(import|from)[ \t]/m)
      .map((keyword) => keyword.parent)
      .filter((s): s is NonNullable<typeof s> => s?.type === 'import_statement' || s?.type === 'import_from_statement');
    const imports = collectImports(statements);
    const reading = readSites(root, source, imports, index);
    let findings: Analysis['findings'] = [];
    try {
      findings = findPitfalls(reading, imports, source);
    } catch {
      // A rule tripping on odd code must not cost the hovers and lenses.
    }
    return {
      imports: [...imports.values()],
      sites: reading.sites,
      invocations: reading.invocations,
      userLosses: reading.userLosses,
      findings,
      partial: root.hasError,
    };
  } catch {
    return EMPTY_ANALYSIS;
  }
}

/** The loss site under `offset`: its callee or string, or (for a constructed loss) a call of it. */
export function siteAt(analysis: Analysis, offset: number): LossSite | undefined {
  const direct = analysis.sites.find((s) => contains(s.calleeSpan, offset));
  if (direct) return direct;
  const invoked = analysis.invocations.find((i) => contains(i.calleeSpan, offset));
  return invoked ? analysis.sites[invoked.siteId] : undefined;
}

/** What a hover at `offset` describes: the site, except that a call through a function kept by
 *  reference (`self.loss_func(logits, y)`) shows that call's arguments. */
export function hoveredSiteAt(analysis: Analysis, offset: number): LossSite | undefined {
  const site = siteAt(analysis, offset);
  if (!site || site.kind !== 'functional' || !site.boundTo) return site;
  const invoked = analysis.invocations.find((i) => i.siteId === site.id && contains(i.calleeSpan, offset));
  return invoked ? { ...site, args: invoked.args, argsSpan: undefined } : site;
}

export function userLossAt(analysis: Analysis, offset: number): UserLoss | undefined {
  return analysis.userLosses.find((u) => contains(u.nameSpan, offset));
}
