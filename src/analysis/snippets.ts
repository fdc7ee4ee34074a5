/** Snippets that define or call each catalog loss as its framework spells it, derived from the
 *  catalog (names, options, defaults). Offered by the completion provider with the range of what
 *  was typed (`nn.BCEWith` becomes the whole call, not `nn.` + the call), and by
 *  scripts/gen-snippets.mjs for the tests' validity check. */
import { spellingsOf } from '../engine/catalog';
import type { LossSpec, OptionValue, Spelling } from '../engine/catalog/types';
import { conventionalName } from './imports';
import { frameworkLossOf, positionalOf, usualKeywords } from './spellings';

export interface LossSnippet {
  /** Unique title: "<loss title> — <spelling>". */
  key: string;
  lossId: string;
  spelling: Spelling;
  /** How the spelling is usually written after the usual imports: `nn.BCEWithLogitsLoss`. */
  call: string;
  /** The call alone, its arguments as tab stops from ${2} on. */
  expression: string;
  /** The whole statement: `${1:criterion} = ` + expression. */
  statement: string;
  description: string;
}

/** A value as Python source. */
export function pythonLiteral(value: OptionValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

/** How each framework's spellings are usually written after the usual imports: the conventional
 *  module aliases, and scikit-learn's metrics imported by name. */
export function writtenName(name: string): string {
  return conventionalName(name).replace(/^sklearn\.metrics\./, '');
}

const escapeStop = (text: string): string => text.replace(/[$}\\]/g, '\\$&');

/** The options a user usually sets for the spelling (usualKeywords), as tab stops with their defaults. */
function optionStops(loss: LossSpec, spelling: Spelling, first: number): string[] {
  return usualKeywords(loss, spelling).map(({ keyword, option }, i) => `${keyword}=\${${first + i}:${escapeStop(pythonLiteral(option.default))}}`);
}

/** The tensors a functional spelling is called with, by its own names in its positional order:
 *  positionalOf's (stated in the catalog, checked against torch 1.13's signatures, or the
 *  registry's required arguments) keeping the required tensors; else the first two it maps. */
function tensorArguments(loss: LossSpec, spelling: Spelling): readonly string[] {
  const required = new Set(loss.args.filter((a) => !a.optional).map((a) => a.name));
  const ours = (theirs: string) => spelling.argMap?.[theirs] ?? theirs;
  const positional = positionalOf(spelling);
  if (positional) {
    const tensors = frameworkLossOf(spelling) && !spelling.positional ? positional : positional.filter((p) => required.has(ours(p)));
    if (tensors.length > 0) return tensors;
  }
  const mapped = Object.keys(spelling.argMap ?? {}).slice(0, 2);
  return mapped.length === 2 ? mapped : loss.args.slice(0, 2).map((a) => a.name);
}

/** One snippet per module or functional spelling of every loss, derived spellings included. */
export function lossSnippets(losses: readonly LossSpec[]): LossSnippet[] {
  const out: LossSnippet[] = [];
  for (const loss of losses) {
    for (const spelling of spellingsOf(loss)) {
      if (spelling.kind === 'string') continue;
      const call = writtenName(spelling.name);
      let expression: string;
      let name: string;
      if (spelling.kind === 'module') {
        name = 'criterion';
        expression = `${call}(${optionStops(loss, spelling, 2).join(', ')})`;
      } else {
        const tensors = tensorArguments(loss, spelling).map((a, i) => `\${${2 + i}:${a}}`);
        name = 'loss';
        expression = `${call}(${[...tensors, ...optionStops(loss, spelling, 2 + tensors.length)].join(', ')})`;
      }
      out.push({
        key: `${loss.title} — ${spelling.name}`, lossId: loss.id, spelling, call, expression,
        statement: `\${1:${name}} = ${expression}`, description: `${loss.summary} (Loss Lab)`,
      });
    }
  }
  return out;
}
