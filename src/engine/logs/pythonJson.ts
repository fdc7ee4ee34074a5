/** Python's JSON dialect: `json.dumps` writes NaN, Infinity and -Infinity as bare tokens (a loss
 *  that went NaN is logged that way), which JSON.parse rejects. They are read as numbers here. */

const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };
// A private-use character: JSON strings may hold it raw, real logs never do.
const MARK = '\uE000losslab-nonfinite:';
// Strings are matched first so that a "NaN" inside a string stays text.
const TOKENS = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;

export function parsePythonJson(text: string): unknown {
  if (!/NaN|Infinity/.test(text)) return JSON.parse(text);
  const quoted = text.replace(TOKENS, (t) => (t.startsWith('"') ? t : `"${MARK}${t}"`));
  return JSON.parse(quoted, (_key, v: unknown) => (typeof v === 'string' && v.startsWith(MARK) ? NON_FINITE[v.slice(MARK.length)] : v));
}
