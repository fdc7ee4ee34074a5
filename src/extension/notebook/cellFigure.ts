/** Which losses a notebook cell uses, and the Loss Lab explorer figure that shows them. Pure (no
 *  vscode): the notebook's code cells are read as one program by src/analysis, so an import in an
 *  earlier cell resolves a loss in this one. */
import { analyze } from '../../analysis/analyze';
import { writtenOptions } from '../../analysis/hover';
import type { LossSite } from '../../analysis/model';
import { joinCells, spanInCell } from '../../analysis/notebook';
import type { PythonParser } from '../../analysis/parser';
import { allSpellings, type LossSpec } from '../../engine/catalog';
import type { OptionValue } from '../../engine/catalog/types';
import { FIGURE_VERSION, type ExplorerFigure } from '../../protocol/figure';

export interface CellLoss {
  loss: LossSpec;
  options: Record<string, OptionValue>;
  /** Offset of the loss's name in the cell. */
  offset: number;
}

/** Explorer figures stay readable with a few curves. */
const MAX_LOSSES = 4;

/** The catalog losses named in `cells[index]` (code cells, in order), each with the options
 *  written as literals, in source order; duplicates (same loss, same options) once. */
export function cellLosses(parser: PythonParser, notebookUri: string, version: number, cells: readonly string[], index: number): CellLoss[] {
  const joined = joinCells(cells);
  const analysis = analyze(parser.parse(notebookUri, version, joined.text));
  const found: CellLoss[] = [];
  for (const site of analysis.sites) {
    const where = spanInCell(joined, site.calleeSpan);
    if (where?.cell === index) found.push(fromSite(site, where.span.start));
  }
  return unique(found.sort((a, b) => a.offset - b.offset));
}

function fromSite(site: LossSite, offset: number): CellLoss {
  return { loss: site.loss, options: writtenOptions(site), offset };
}

/** Without a parser: whole words of the cell that are the last segment of a catalog spelling
 *  (`MSELoss`, `huber_loss`, `BinaryCrossentropy`) or a catalog id. No options are read. */
export function cellLossesBySpelling(text: string): CellLoss[] {
  const byWord = new Map<string, LossSpec>();
  for (const { loss, spelling } of allSpellings()) {
    if (spelling.kind === 'string') continue;
    const word = spelling.name.slice(spelling.name.lastIndexOf('.') + 1);
    if (!byWord.has(word)) byWord.set(word, loss);
  }
  const found: CellLoss[] = [];
  for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    const loss = byWord.get(m[0]);
    if (loss) found.push({ loss, options: {}, offset: m.index });
  }
  return unique(found);
}

function unique(losses: CellLoss[]): CellLoss[] {
  const seen = new Set<string>();
  return losses.filter((l) => {
    const key = `${l.loss.id} ${JSON.stringify(l.options)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The explorer figure for the losses of a cell (at most MAX_LOSSES, the first ones). */
export function cellExplorerFigure(losses: readonly CellLoss[], cellNumber: number): ExplorerFigure {
  if (losses.length === 0) throw new Error('no losses to plot');
  const shown = losses.slice(0, MAX_LOSSES);
  const names = shown.map((l) => l.loss.title);
  return {
    version: FIGURE_VERSION,
    kind: 'explorer',
    title: `${names.join(', ')} (cell ${cellNumber})`,
    losses: shown.map((l) => (Object.keys(l.options).length > 0 ? { id: l.loss.id, options: { ...l.options } } : { id: l.loss.id })),
  };
}

/** The text/plain twin of the figure, for front ends without the Loss Lab renderer. */
export function cellFigureSummary(losses: readonly CellLoss[]): string {
  const described = losses.slice(0, MAX_LOSSES).map((l) => {
    const opts = Object.entries(l.options).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    return opts.length > 0 ? `${l.loss.id}(${opts.join(', ')})` : l.loss.id;
  });
  return `Loss Lab explorer: ${described.join('; ')} (drawn by the Loss Lab extension in VS Code)`;
}
