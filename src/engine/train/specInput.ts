/** The one way from a sweep spec to its data, for the CLI and the extension alike: the spec checked,
 *  its CSV (named absolute, or relative to the spec's folder) read through the caller's file access
 *  with a size limit, the data set built. The caller supplies the I/O (Node's fs, the workspace fs). */
import { CsvError } from '../data/csv';
import type { Dataset } from '../data/dataset';
import { SpecError, parseSpec, type SweepSpec } from './spec';
import { specDataset } from './sweep';

/** The most bytes read of a spec and of its CSV: a spec at /dev/zero must end in an error, not read forever. */
export const INPUT_LIMITS = { specBytes: 1 << 20, csvBytes: 64 << 20 } as const;

export interface SpecFileAccess<Ref> {
  /** Where the CSV named `csv` is (absolute, or relative to the spec's folder); undefined when a
   *  relative name has no folder to resolve against. */
  locate(csv: string): Ref | undefined;
  /** The text of a regular file of at most `maxBytes`; throws with a short reason otherwise. */
  read(ref: Ref, maxBytes: number): Promise<string>;
  /** How messages name the file. */
  describe(ref: Ref): string;
  /** Whether messages may quote the file's content (not for a file outside the user's workspace). */
  mayQuote(ref: Ref): boolean;
}

export interface SpecInput<Ref> {
  spec: SweepSpec;
  data: Dataset;
  /** The CSV, when the spec names one: where it was and its text (the landscape workers parse it again). */
  csv?: { ref: Ref; text: string };
}

/** The spec's JSON text parsed; a SpecError at `spec` when it is not JSON. */
export function parseSpecText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SpecError('spec', `not valid JSON: ${(e as Error).message}`);
  }
}

/** SpecError for the spec and for a CSV that cannot be read; SpecCsvError (its problems without the
 *  file's content when it may not be quoted) for a CSV that does not make a data set. */
export async function loadSpecInput<Ref>(json: unknown, files: SpecFileAccess<Ref>): Promise<SpecInput<Ref>> {
  const spec = parseSpec(json);
  if (!('csv' in spec.dataset)) return { spec, data: specDataset(spec) };
  const ref = files.locate(spec.dataset.csv);
  if (ref === undefined) throw new SpecError('dataset.csv', `the relative path ${spec.dataset.csv} needs a saved spec file or an open folder`);
  let text: string;
  try {
    text = await files.read(ref, INPUT_LIMITS.csvBytes);
  } catch (e) {
    throw new SpecError('dataset.csv', `cannot read ${files.describe(ref)}: ${(e as Error).message}`);
  }
  try {
    return { spec, data: specDataset(spec, text), csv: { ref, text } };
  } catch (e) {
    if (e instanceof CsvError) throw new SpecCsvError(files.describe(ref), files.mayQuote(ref) ? e.problems : e.problems.map(withoutContent));
    throw e;
  }
}

/** A CSV that does not make a data set; the message names the file. */
export class SpecCsvError extends CsvError {
  constructor(file: string, problems: readonly string[]) {
    super(problems);
    this.message = `${file}: ${this.message}`;
  }
}

/** A CSV problem reduced to where it is: "line 3, column "x": "abc" is not a number" → "line 3: …". */
function withoutContent(problem: string): string {
  const where = /^line \d+/.exec(problem)?.[0] ?? 'the file';
  return `${where}: a problem (not shown: the file is outside the workspace)`;
}
