/** Snippets that define or call each catalog loss as its framework spells it, derived from the
 *  catalog (names, options, defaults). Offered by the completion provider with the range of what
 *  was typed (`nn.BCEWith` becomes the whole call, not `nn.` + the call), and by
 *  scripts/gen-snippets.mjs for the tests' validity check. */
import type { LossSpec, OptionValue, Spelling } from '../engine/catalog/types';

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

/** How each framework's spellings are usually written after the usual imports. */
export function writtenName(name: string): string {
  return name
    .replace(/^torch\.nn\.functional\./, 'F.')
    .replace(/^torch\.nn\./, 'nn.')
    .replace(/^tensorflow\./, 'tf.')
    .replace(/^sklearn\.metrics\./, '');
}

const escapeStop = (text: string): string => text.replace(/[$}\\]/g, '\\$&');

/** Options a user usually sets (not deprecated, not tensors), as tab stops with their defaults. */
function optionStops(loss: LossSpec, spelling: Spelling, first: number): string[] {
  const theirs = new Map(Object.entries(spelling.argMap ?? {}).map(([their, ours]) => [ours, their]));
  const exact = spelling.framework === 'pytorch' || spelling.framework === 'torchvision';
  return loss.options
    .filter((o) => !/^deprecated/i.test(o.meaning) && o.type !== 'tensor' && o.type !== 'callable' && (exact || theirs.has(o.name)))
    .map((o, i) => `${theirs.get(o.name) ?? o.name}=\${${first + i}:${escapeStop(pythonLiteral(o.default))}}`);
}

/** One snippet per module or functional spelling of every loss. */
export function lossSnippets(losses: readonly LossSpec[]): LossSnippet[] {
  const out: LossSnippet[] = [];
  for (const loss of losses) {
    for (const spelling of loss.spellings) {
      if (spelling.kind === 'string') continue;
      const call = writtenName(spelling.name);
      let expression: string;
      let name: string;
      if (spelling.kind === 'module') {
        name = 'criterion';
        expression = `${call}(${optionStops(loss, spelling, 2).join(', ')})`;
      } else {
        // Their own argument names, in their positional order, where the spelling maps them.
        const mapped = Object.keys(spelling.argMap ?? {}).slice(0, 2);
        const [input, target] = mapped.length === 2 ? mapped : loss.args.slice(0, 2).map((a) => a.name);
        name = 'loss';
        expression = `${call}(\${2:${input}}, \${3:${target}}${optionStops(loss, spelling, 4).map((s) => `, ${s}`).join('')})`;
      }
      out.push({
        key: `${loss.title} — ${spelling.name}`, lossId: loss.id, spelling, call, expression,
        statement: `\${1:${name}} = ${expression}`, description: `${loss.summary} (Loss Lab)`,
      });
    }
  }
  return out;
}
