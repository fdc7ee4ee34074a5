import type { OptionSpec, OptionValue } from '../engine/catalog/types';
import { canonicalName, qualify, type ImportBinding } from './imports';
import type { Analysis, LossSite } from './model';
import type { SpellingIndex } from './spellings';
import { catalogSpellings } from './spellings';
import { isDeprecated } from './hover';
import type { SpellingMatch } from '../engine/catalog';

export interface OptionCompletion {
  /** The keyword as the framework spells it. */
  keyword: string;
  option: OptionSpec;
  defaultValue: OptionValue;
  lossId: string;
}

/** How far back to look for the open parenthesis of the call being typed. */
const LOOK_BACK = 4000;

/** Option names still unset in the loss call around `offset`, when the cursor is where a keyword
 *  argument can start. Works on half-typed calls (found from the text, not the syntax tree). */
export function optionCompletions(
  text: string,
  offset: number,
  analysis: Analysis,
  index: SpellingIndex = catalogSpellings(),
): OptionCompletion[] {
  const call = openCall(text, offset);
  if (!call || !/^\s*[A-Za-z_]\w*$|^\s*$/.test(text.slice(call.argStart, offset))) return [];
  const match = resolve(call.callee, analysis.imports, index);
  if (!match || match.spelling.kind === 'string') return [];
  const { loss, spelling } = match;
  const written = new Set<string>();
  for (const m of text.slice(call.open + 1, offset).matchAll(/(?:^|[(,])\s*([A-Za-z_]\w*)\s*=(?!=)/g)) if (m[1]) written.add(m[1]);
  const site = analysis.sites.find((s: LossSite) => s.argsSpan && s.argsSpan.start === call.open);
  for (const arg of site?.args ?? []) {
    const name = arg.keyword ?? arg.parameter;
    if (name) written.add(name);
  }

  const theirName = new Map<string, string>();
  for (const [theirs, ours] of Object.entries(spelling.argMap ?? {})) theirName.set(ours, theirs);
  const exact = spelling.framework === 'pytorch' || spelling.framework === 'torchvision';
  return loss.options
    .filter((o) => !isDeprecated(o) && (exact || theirName.has(o.name)))
    .map((option) => ({ keyword: theirName.get(option.name) ?? option.name, option, defaultValue: option.default, lossId: loss.id }))
    .filter((c) => !written.has(c.keyword));
}

interface OpenCall {
  callee: string;
  open: number;
  /** Where the argument under the cursor starts (after the last top-level comma). */
  argStart: number;
}

/** The unclosed `(` before `offset` and the dotted name in front of it. Strings are skipped crudely
 *  (quotes toggle), which is enough for argument lists. */
function openCall(text: string, offset: number): OpenCall | undefined {
  let depth = 0;
  let argStart = -1;
  let quote: string | undefined;
  const stop = Math.max(0, offset - LOOK_BACK);
  for (let i = offset - 1; i >= stop; i--) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ')' || ch === ']' || ch === '}') depth++;
    else if (ch === '[' || ch === '{') {
      if (depth === 0) return undefined;
      depth--;
    } else if (ch === '(') {
      if (depth === 0) {
        const before = /([A-Za-z_][\w.]*)\s*$/.exec(text.slice(Math.max(0, i - 200), i));
        return before?.[1] ? { callee: before[1], open: i, argStart: argStart === -1 ? i + 1 : argStart } : undefined;
      }
      depth--;
    } else if (ch === ',' && depth === 0 && argStart === -1) argStart = i + 1;
    else if (ch === '\n' && depth === 0 && /^\s*(def|class|if|for|while|return)\b/.test(text.slice(i + 1, offset))) return undefined;
  }
  return undefined;
}

function resolve(callee: string, imports: readonly ImportBinding[], index: SpellingIndex): SpellingMatch | undefined {
  const map = new Map(imports.map((b) => [b.local, b]));
  const qualified = qualify(callee, map);
  return qualified ? index.byName.get(canonicalName(qualified))?.[0] : undefined;
}
