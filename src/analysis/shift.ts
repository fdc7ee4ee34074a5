/** Moving an analysis past an edit of its text, so that a hover or a code lens asked for right
 *  after a keystroke can be answered from the previous version's analysis while the new one is
 *  computed. Only when the edit touches none of the analysis's results: then every result keeps its
 *  meaning and the ones after the edit move by the change in length. */
import type { Analysis, ArgInfo, Span } from './model';

/** The single span that differs between two texts: [start, oldEnd) of the old text became
 *  [start, newEnd) of the new one (common prefix and suffix excluded). */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export function textChange(before: string, after: string): TextChange {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < shorter - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

/** Longer edits (a paste) are analysed afresh. */
const MAX_MOVED_EDIT = 2000;

/** `analysis` of `before` moved to `after` with the change, when the edit is small, touches no
 *  result and no import line (an import changes what every name means; `import x as y` leaves
 *  nothing in the results to notice it by). */
export function moveAnalysis(analysis: Analysis, before: string, after: string): { analysis: Analysis; change: TextChange } | undefined {
  const change = textChange(before, after);
  if (change.oldEnd - change.start > MAX_MOVED_EDIT || change.newEnd - change.start > MAX_MOVED_EDIT) return undefined;
  if (/\bimport\b/.test(linesAround(before, change.start, change.oldEnd)) || /\bimport\b/.test(linesAround(after, change.start, change.newEnd))) return undefined;
  const moved = shiftAnalysis(analysis, change);
  return moved && { analysis: moved, change };
}

/** The whole lines of `text` that [start, end) lies on, newlines excluded. */
export function lineSpan(text: string, start: number, end: number): Span {
  const to = text.indexOf('\n', end);
  return { start: text.lastIndexOf('\n', start - 1) + 1, end: to === -1 ? text.length : to };
}

function linesAround(text: string, start: number, end: number): string {
  const lines = lineSpan(text, start, end);
  return text.slice(lines.start, lines.end);
}

/** The analysis in the coordinates of the edited text, or undefined when the edit touches a
 *  result (a loss site, a call of one, a user loss's definition, a finding or an import), which
 *  only a new analysis can answer for. */
export function shiftAnalysis(analysis: Analysis, change: TextChange): Analysis | undefined {
  const delta = change.newEnd - change.oldEnd;
  // Touching counts: typing right after `CrossEntropyLoss` changes the name.
  const touched = (s: Span | undefined): boolean => s !== undefined && change.start <= s.end && change.oldEnd >= s.start;
  const move = (s: Span): Span => (s.start >= change.oldEnd ? { start: s.start + delta, end: s.end + delta } : s);
  const argsTouched = (args: readonly ArgInfo[]): boolean => args.some((a) => touched(a.span));
  const moveArgs = (args: readonly ArgInfo[]): ArgInfo[] => args.map((a) => ({ ...a, span: move(a.span), valueSpan: move(a.valueSpan) }));

  if (
    analysis.sites.some((s) => touched(s.callSpan) || touched(s.argsSpan)) ||
    analysis.invocations.some((i) => touched(i.callSpan) || argsTouched(i.args)) ||
    analysis.userLosses.some((u) => touched(u.definitionSpan)) ||
    analysis.findings.some((f) => touched(f.span) || f.fixes.some((fix) => fix.edits.some((e) => touched(e.span)))) ||
    analysis.imports.some((b) => touched(b.fromStatement))
  ) {
    return undefined;
  }
  return {
    imports: analysis.imports.map((b) => (b.fromStatement ? { ...b, fromStatement: move(b.fromStatement) } : b)),
    sites: analysis.sites.map((s) => ({
      ...s,
      calleeSpan: move(s.calleeSpan),
      callSpan: move(s.callSpan),
      ...(s.argsSpan ? { argsSpan: move(s.argsSpan) } : {}),
      args: moveArgs(s.args),
    })),
    invocations: analysis.invocations.map((i) => ({ ...i, callSpan: move(i.callSpan), calleeSpan: move(i.calleeSpan), args: moveArgs(i.args) })),
    userLosses: analysis.userLosses.map((u) => ({ ...u, nameSpan: move(u.nameSpan), definitionSpan: move(u.definitionSpan) })),
    findings: analysis.findings.map((f) => ({
      ...f,
      span: move(f.span),
      fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, span: move(e.span) })) })),
    })),
    partial: analysis.partial,
  };
}
