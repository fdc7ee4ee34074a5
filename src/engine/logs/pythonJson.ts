/** JSON as Python's json module writes it: NaN, Infinity and -Infinity may stand where numbers go
 *  (Optuna's journal, Ray Tune's result.json). Parsed without touching strings that hold them. */
const TOKENS: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const MARK = '\u0000losslab-number:';

export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    let out = '';
    let inString = false;
    let changed = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (inString) {
        out += c;
        if (c === '\\') out += text[++i] ?? '';
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') {
        inString = true;
        out += c;
        continue;
      }
      const token = Object.keys(TOKENS).find((t) => text.startsWith(t, i));
      if (token) {
        out += JSON.stringify(MARK + token);
        i += token.length - 1;
        changed = true;
      } else out += c;
    }
    if (!changed) throw first;
    return JSON.parse(out, (_k, v: unknown) => (typeof v === 'string' && v.startsWith(MARK) ? TOKENS[v.slice(MARK.length)] : v));
  }
}
