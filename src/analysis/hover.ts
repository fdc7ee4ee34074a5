import type { LossSpec, OptionSpec, OptionValue, Spelling } from '../engine/catalog/types';
import type { Finding, LossSite, UserLoss } from './model';
import { curveImage, lossCurve } from './hoverPlot';
import { PITFALL_OF_RULE } from './ruleInfo';
import { spellingsOf } from '../engine/catalog';
import { frameworkLossOf, usualKeywords } from './spellings';
import { pythonLiteral } from './snippets';

/** What a hover or lens asks the extension to open, carried in command links. */
export interface LossAction {
  action: 'plot' | 'compare' | 'sweep' | 'landscape';
  lossId: string;
  options: Record<string, OptionValue>;
}

export type CommandLink = (label: string, action: LossAction) => string;

const FRAMEWORK_LABEL: Readonly<Record<Spelling['framework'], string>> = {
  pytorch: 'PyTorch',
  keras: 'Keras / TF',
  jax: 'JAX / optax',
  sklearn: 'scikit-learn',
  torchvision: 'torchvision',
  'pytorch-metric-learning': 'pytorch-metric-learning',
  'segmentation-models-pytorch': 'segmentation_models_pytorch',
  timm: 'timm',
  trl: 'TRL',
  kornia: 'kornia',
  other: 'other libraries',
};

/** The catalog option or tensor argument a keyword names, through the spelling's argMap. */
export function optionFor(loss: LossSpec, spelling: Spelling, keyword: string): OptionSpec | undefined {
  const name = spelling.argMap?.[keyword] ?? keyword;
  return loss.options.find((o) => o.name === name);
}

/** The options the user wrote as literals, by catalog name: what "Plot" and "Sweep" start from. */
export function writtenOptions(site: LossSite): Record<string, OptionValue> {
  const options: Record<string, OptionValue> = {};
  for (const arg of site.args) {
    const name = arg.keyword ?? arg.parameter;
    if (!name || arg.literal === undefined) continue;
    const option = optionFor(site.loss, site.spelling, name);
    if (option) options[option.name] = arg.literal;
  }
  return options;
}

/** Catalog prose as markdown text: PyTorch's shape notation `(*)` and names like `label_smoothing`
 *  must not turn into emphasis. Backticks are kept: the catalog uses them for code. */
export function markdownText(prose: string): string {
  return prose.replace(/[\\*_[\]<>]/g, (c) => `\\${c}`);
}

/** Command arguments for a markdown link's destination. encodeURIComponent leaves ( ) ! ' * as they
 *  are, and an unbalanced parenthesis from a string in the user's code would end the destination. */
export function commandArgs(args: unknown): string {
  return encodeURIComponent(JSON.stringify(args)).replace(/[()!'*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A run of backticks longer than any inside `text`: CommonMark closes a code span or fence only
 *  on a run of the same length, so text from the user's source cannot end it early. */
function fenceFor(text: string, min: number): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(min, longest + 1));
}

/** Source text (the user's arguments) as an inline code span that nothing in it can close. */
export function codeSpan(text: string): string {
  const fence = fenceFor(text, 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Source text as a fenced code block that nothing in it can close. */
export function codeBlock(language: string, text: string): string {
  const fence = fenceFor(text, 3);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** What the hover says a written value does: the option's own explanation of it, except for a string
 *  with a backtick, whose explanation would quote it inside code that the backtick would end. */
function explained(option: OptionSpec, literal: OptionValue | undefined): string {
  if (literal === undefined || !option.explain || (typeof literal === 'string' && literal.includes('`'))) return option.meaning;
  return option.explain(literal);
}

/** Markdown for hovering a catalog loss site: what it is, what the user's arguments do, what is
 *  left at its default, shapes, pitfalls (flagged ones first), other frameworks, actions. */
export function siteHover(site: LossSite, findings: readonly Finding[], link: CommandLink): string {
  const { loss, spelling } = site;
  const out: string[] = [];
  out.push(`**${markdownText(loss.title)}** · ${loss.family} · _Loss Lab_`);
  const frameworkLoss = frameworkLossOf(spelling);
  const switched = frameworkLoss?.switchedBy;
  const via = switched?.lossId === loss.id ? ` with \`${switched.option}=True\`, which computes this loss` : '';
  out.push(`\`${spelling.name}\` (${FRAMEWORK_LABEL[spelling.framework]} ${spelling.kind === 'string' ? 'name' : spelling.kind})${via}`);
  if (loss.formula.unicode) out.push('```text\n' + loss.formula.unicode + '\n```');

  const written: string[] = [];
  for (const arg of site.args) {
    const name = arg.keyword ?? arg.parameter;
    const shown = arg.keyword ? codeSpan(`${arg.keyword}=${arg.text}`) : `${codeSpan(arg.text)} → **${name}**`;
    if (name) {
      const option = optionFor(loss, spelling, name);
      const tensor = loss.args.find((a) => a.name === (spelling.argMap?.[name] ?? name));
      // A framework's tensors as it defines them (optax's logits are batch-major, PyTorch's time-major).
      const theirs = frameworkLoss?.args.find((a) => a.name === name) ?? frameworkLoss?.options.find((o) => o.name === name);
      if (option) {
        written.push(`- ${shown}: ${markdownText(explained(option, arg.literal))}`);
      } else if (theirs && 'differentiable' in theirs) {
        written.push(`- ${shown}: ${markdownText(theirs.meaning)}`);
      } else if (tensor) {
        written.push(`- ${shown}: ${markdownText(tensor.meaning)} Shape ${markdownText(tensor.shape)}.`);
      } else if (theirs) {
        written.push(`- ${shown}: ${markdownText(theirs.meaning)}`);
      } else {
        written.push(`- ${shown}: not an option Loss Lab knows for ${markdownText(loss.title)}.`);
      }
    } else if (arg.position !== undefined && site.kind === 'functional') {
      const tensor = positionalTensor(loss, spelling, arg.position);
      if (tensor) written.push(`- ${codeSpan(arg.text)} → **${tensor.name}**: ${markdownText(tensor.meaning)}`);
    }
  }
  if (written.length > 0) out.push('**Your arguments**\n' + written.join('\n'));
  if (loss.summary) out.push(markdownText(loss.summary));
  const curve = lossCurve(loss, writtenOptions(site));
  if (curve) out.push(curveImage(curve));
  // The framework's own semantics: the spelling's note and, where the registry computes it, what
  // the registry says it does differently (Keras' clipping and reductions, torchvision's defaults).
  for (const note of new Set([spelling.note, frameworkLoss?.differences])) if (note) out.push(`_${markdownText(note)}_`);

  // A framework's own spelling has its own names and defaults (Keras reduces with 'sum_over_batch_size').
  const writtenNames = new Set(site.args.map((a) => a.keyword ?? a.parameter));
  const unset = usualKeywords(loss, spelling).filter(({ keyword }) => !writtenNames.has(keyword));
  if (unset.length > 0) out.push('**Defaults** · ' + unset.map(({ keyword, option }) => codeSpan(`${keyword}=${pythonLiteral(option.default)}`)).join(' · '));
  if (loss.shapes.input) {
    out.push(`**Shapes** · input ${markdownText(loss.shapes.input)} · target ${markdownText(loss.shapes.target)} · output ${markdownText(loss.shapes.output)}`);
  }

  const flagged = new Set(findings.map((f) => PITFALL_OF_RULE[f.rule]));
  const pitfalls = [...loss.pitfalls].sort((a, b) => Number(flagged.has(b.id)) - Number(flagged.has(a.id)));
  if (findings.length > 0 || pitfalls.length > 0) {
    const lines = findings.map((f) => `- ⚠ **Here:** ${markdownText(f.message)}`);
    for (const p of pitfalls.slice(0, 3)) lines.push(`- ${flagged.has(p.id) ? '⚠ ' : ''}**${markdownText(p.title)}**: ${markdownText(p.detail)}`);
    out.push('**Pitfalls**\n' + lines.join('\n'));
  }

  const others = spellingsOf(loss).filter((s) => s.name !== spelling.name || s.kind !== spelling.kind);
  if (others.length > 0) {
    const byFramework = new Map<string, string[]>();
    for (const s of others) {
      const label = FRAMEWORK_LABEL[s.framework];
      byFramework.set(label, [...(byFramework.get(label) ?? []), s.kind === 'string' ? `"${s.name}"` : `\`${s.name}\``]);
    }
    out.push('**Elsewhere** · ' + [...byFramework].map(([label, names]) => `${label}: ${names.join(', ')}`).join(' · '));
  }

  const options = writtenOptions(site);
  out.push(
    [
      link('Plot', { action: 'plot', lossId: loss.id, options }),
      link('Compare', { action: 'compare', lossId: loss.id, options }),
      link('Sweep', { action: 'sweep', lossId: loss.id, options }),
    ].join(' · '),
  );
  return out.join('\n\n');
}

/** The tensor argument at a position of a functional call. A spelling with an argMap lists its own
 *  argument names in their positional order (Keras and sklearn put y_true first). */
function positionalTensor(loss: LossSpec, spelling: Spelling, position: number) {
  const theirs = Object.keys(spelling.argMap ?? {});
  const mapped = theirs[position] ? spelling.argMap?.[theirs[position]] : undefined;
  if (mapped) return loss.args.find((a) => a.name === mapped);
  return loss.args[position];
}

/** `checked`: the summary of the last "Check loss" run of this loss, if any. */
export function userLossHover(loss: UserLoss, link: (label: string) => string, check?: string, checked?: string): string {
  const signature = loss.kind === 'function' ? `def ${loss.name}(${loss.parameters.join(', ')})` : `class ${loss.name}`;
  return [
    `**${markdownText(loss.name)}** · your loss · _Loss Lab_`, codeBlock('python', signature),
    ...(checked ? [`Last check: ${markdownText(checked)}`] : []),
    [...(check ? [check] : []), link('Compare with catalog losses…')].join(' · '),
  ].join('\n\n');
}
