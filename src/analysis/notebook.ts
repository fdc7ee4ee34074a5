import type { Span } from './syntax';

/** A notebook's code cells read as one Python program, so imports and names made in one cell are
 *  known in the next. Cell texts are joined by newlines; IPython magics and shell lines are blanked
 *  (same length, so offsets stay put). */
export interface JoinedCells {
  text: string;
  /** Start offset of each cell in `text`, in cell order. */
  starts: number[];
}

export function joinCells(cells: readonly string[]): JoinedCells {
  const starts: number[] = [];
  let text = '';
  for (const cell of cells) {
    if (starts.length > 0) text += '\n';
    starts.push(text.length);
    text += cell.replace(/^[ \t]*[%!].*$/gm, (line) => ' '.repeat(line.length));
  }
  return { text, starts };
}

/** The cell holding `offset` of the joined text and the offset inside that cell. */
export function cellOf(joined: JoinedCells, offset: number): { cell: number; offset: number } {
  let cell = 0;
  for (let i = 0; i < joined.starts.length; i++) if ((joined.starts[i] ?? 0) <= offset) cell = i;
  return { cell, offset: offset - (joined.starts[cell] ?? 0) };
}

/** A span of the joined text inside one cell, or undefined when it straddles cells. */
export function spanInCell(joined: JoinedCells, span: Span): { cell: number; span: Span } | undefined {
  const start = cellOf(joined, span.start);
  const end = cellOf(joined, span.end);
  if (start.cell !== end.cell) return undefined;
  return { cell: start.cell, span: { start: start.offset, end: end.offset } };
}
