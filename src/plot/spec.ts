import type { Data, Layout } from 'plotly.js';
import type { LegendEntry } from './legend';

/** What a figure builder returns: plotly's data and layout, ready for Plotly.react. A spec whose
 *  traces each hold several series (many runs) gives its legend and builds itself without the
 *  series hidden there; otherwise both come from the traces' names and legend groups. */
export interface PlotSpec {
  data: Data[];
  layout: Partial<Layout>;
  legend?: LegendEntry[];
  withHidden?: (hidden: ReadonlySet<string>) => PlotSpec;
}

/** Breaks a long explanation into lines for a plotly hover label. */
export function wrapHover(text: string, width = 64): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map(escapeHtml).join('<br>');
}

/** plotly renders hover text and titles as a small HTML subset: user text must not inject tags,
 *  nor a %{…} placeholder that a hovertemplate would fill in (% as the numeric entity, which plotly
 *  turns back into % when it draws the text). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/%/g, '&#37;');
}

/** escapeHtml undone: a plotly name shown as plain text outside plotly (the HTML legend). */
export function unescapeHtml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#37;/g, '%').replace(/&amp;/g, '&');
}
