import type { OptionSpec, OptionValue } from '../engine/catalog/types';
import { canonicalName, qualify, type ImportBinding } from './imports';
import type { Analysis, LossSite } from './model';
import type { SpellingIndex } from './spellings';
import { catalogSpellings, spellingKeywords, type SpellingKeyword } from './spellings';
import type { SpellingMatch } from '../engine/catalog';
import type { LossSnippet } from './snippets';

export interface OptionCompletion {
  /** The keyword as the framework spells it. */
  keyword: string;
  /** The option as the spelling takes it, or an optional tensor argument (`weight`) as an option without a default. */
  option: OptionSpec;
  defaultValue: OptionValue;
  lossId: string;
}

/** A value for the keyword being written (`reduction=` → 'mean', 'sum', 'none'). */
export interface ValueCompletion {
  /** The value as Python source, quoted as the user started to. */
  value: string;
  /** Offset where the typed part of the value starts (it is replaced). */
  from: number;
  keyword: string;
  lossId: string;
  isDefault: boolean;
}

/** A loss snippet for the name being typed, to replace `from`..cursor. */
export interface SnippetCompletion {
  snippet: LossSnippet;
  /** Snippet text: the whole statement on an empty line, the call alone after other code. */
  insert: string;
  /** What the typed text is matched against (the call as it will be written). */
  filterText: string;
  from: number;
}

/** How far back to look for the open parenthesis of the call being typed. */
const LOOK_BACK = 4000;

interface CallContext {
  call: OpenCall;
  match: SpellingMatch;
  keywords: readonly SpellingKeyword[];
}

/** The catalog loss whose (half-typed) call is open at `offset`, if any. */
function lossCallAt(text: string, offset: number, analysis: Analysis, index: SpellingIndex): CallContext | undefined {
  const call = openCall(text, offset);
  if (!call) return undefined;
  const match = resolve(call.callee, analysis.imports, index);
  if (!match || match.spelling.kind === 'string') return undefined;
  return { call, match, keywords: spellingKeywords(match.loss, match.spelling) };
}

export interface CallCompletions {
  /** The choices of the keyword whose value is being written (`reduction=` → 'mean', 'sum', 'none'). */
  values: ValueCompletion[];
  /** Else, where a keyword argument can start: the keywords not written yet. */
  options: OptionCompletion[];
}

/** What to offer inside the loss call open at `offset`, from the one reading of that call. Works on
 *  half-typed calls (found from the text, not the syntax tree). */
export function callCompletions(
  text: string,
  offset: number,
  analysis: Analysis,
  index: SpellingIndex = catalogSpellings(),
): CallCompletions {
  // A value's opening quote would hide the call from openCall (it skips strings): look from before it.
  const opened = /=\s*(['"]\w*)$/.exec(text.slice(Math.max(0, offset - 200), offset));
  const ctx = lossCallAt(text, offset - (opened?.[1]!.length ?? 0), analysis, index);
  if (!ctx) return { values: [], options: [] };
  const values = valueCompletions(ctx, text, offset);
  return { values, options: values.length > 0 ? [] : optionCompletions(ctx, text, offset, analysis) };
}

/** The keywords still unset in the call, when the cursor is where a keyword argument can start. */
function optionCompletions(ctx: CallContext, text: string, offset: number, analysis: Analysis): OptionCompletion[] {
  if (!/^\s*[A-Za-z_]\w*$|^\s*$/.test(text.slice(ctx.call.argStart, offset))) return [];
  const { call } = ctx;
  const written = new Set<string>();
  for (const m of text.slice(call.open + 1, offset).matchAll(/(?:^|[(,])\s*([A-Za-z_]\w*)\s*=(?!=)/g)) if (m[1]) written.add(m[1]);
  const site = analysis.sites.find((s: LossSite) => s.argsSpan && s.argsSpan.start === call.open);
  for (const arg of site?.args ?? []) {
    // A keyword written, or an option given by position (named from the spelling's positional order).
    const name = arg.keyword ?? arg.parameter;
    if (name) written.add(name);
  }
  return ctx.keywords
    .filter(({ keyword }) => !written.has(keyword))
    .map(({ keyword, option }) => ({ keyword, option, defaultValue: option.default, lossId: ctx.match.loss.id }));
}

/** The choices of the keyword whose value is being written (`reduction=` or `reduction='me`), from
 *  the spelling's option spec. */
function valueCompletions(ctx: CallContext, text: string, offset: number): ValueCompletion[] {
  const typed = /^\s*([A-Za-z_]\w*)\s*=\s*((['"])\w*)?$/.exec(text.slice(ctx.call.argStart, offset));
  if (!typed) return [];
  const keyword = typed[1]!;
  const option = ctx.keywords.find((k) => k.keyword === keyword)?.option;
  if (!option?.choices) return [];
  const quote = typed[3] ?? "'";
  const from = offset - (typed[2]?.length ?? 0);
  return option.choices.map((c) => ({ value: `${quote}${c}${quote}`, from, keyword, lossId: ctx.match.loss.id, isDefault: c === option.default }));
}

/** Loss snippets for the (dotted) name being typed at `offset`: `nn.BCEWith` offers
 *  `criterion = nn.BCEWithLogitsLoss(...)` replacing all of `nn.BCEWith`, with the qualifier as
 *  typed (`torch.nn.BCEWith` keeps `torch.nn.`); `loss-BCE` works too. Not in comments or strings. */
export function snippetCompletions(text: string, offset: number, snippets: readonly LossSnippet[]): SnippetCompletion[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const typed = /(?<![\w.-])(loss-)?((?:[A-Za-z_]\w*\.)*)([A-Za-z_]\w*)?$/.exec(before);
  if (!typed || typed[0] === '' || before.includes('#') || (before.match(/['"]/g)?.length ?? 0) % 2 === 1) return [];
  const tag = typed[1] ?? '';
  const qualifier = typed[2]!.slice(0, -1);
  const partial = (typed[3] ?? '').toLowerCase();
  if (tag && qualifier) return [];
  const statement = before.slice(0, typed.index).trim() === '';
  const out: SnippetCompletion[] = [];
  for (const snippet of snippets) {
    const last = snippet.call.slice(snippet.call.lastIndexOf('.') + 1);
    if (!last.toLowerCase().startsWith(partial)) continue;
    let call = snippet.call;
    if (qualifier) {
      const full = snippet.spelling.name;
      const qualifiers = [snippet.call, full].map((n) => n.slice(0, n.length - last.length - 1));
      if (!qualifiers.some((q) => q === qualifier || q.endsWith(`.${qualifier}`))) continue;
      call = `${qualifier}.${last}`;
    }
    const expression = call + snippet.expression.slice(snippet.call.length);
    const insert = statement ? snippet.statement.slice(0, snippet.statement.length - snippet.expression.length) + expression : expression;
    out.push({ snippet, insert, filterText: tag ? `${tag}${last}` : call === snippet.call && !qualifier ? last : call, from: lineStart + typed.index });
  }
  return out;
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
