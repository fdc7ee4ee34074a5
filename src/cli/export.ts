/** `losslab export SPEC --to pytorch|optuna|ray [-o FILE]`: writes the script and, beside it, the
 *  engine's initial weights and (for a built-in data set) the data as CSV. Without -o the script
 *  goes beside the spec as <spec>_<target>.py. Prints the files written. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { EXPORT_TARGETS, exportSweep, specStem, type ExportTarget } from '../engine/export';
import { SpecError, specProblemLines } from '../engine/train/spec';
import { SweepArgsError, loadSpecData } from './sweep';

export const EXPORT_USAGE = '  export SPEC --to pytorch|optuna|ray [-o FILE]\n                     write the sweep as a PyTorch, Optuna or Ray Tune script (files beside it)';

interface Args {
  file: string;
  to: ExportTarget;
  out: string | undefined;
}

function parseArgs(argv: string[]): Args {
  let file = '';
  let to: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--to') to = argv[++i];
    else if (a === '-o' || a === '--output') {
      out = argv[++i];
      if (!out) throw new SweepArgsError(`${a} needs a file name`);
    } else if (a.startsWith('-')) throw new SweepArgsError(`unknown option ${a}`);
    else if (!file) file = a;
    else throw new SweepArgsError(`unexpected argument ${a}`);
  }
  if (!file) throw new SweepArgsError('export needs a SPEC file (a *.losslab.json)');
  if (!(EXPORT_TARGETS as readonly string[]).includes(to ?? '')) throw new SweepArgsError(`--to needs one of ${EXPORT_TARGETS.join(', ')}${to ? `, got ${to}` : ''}`);
  return { file, to: to as ExportTarget, out };
}

/** Writes the export; returns the paths written, the script first. */
export async function writeExport(specFile: string, to: ExportTarget, out?: string): Promise<string[]> {
  const { spec, data, csvPath } = await loadSpecData(specFile);
  const script = resolve(out ?? join(dirname(specFile), `${specStem(specFile)}_${to}.py`));
  const folder = dirname(script);
  let exported;
  try {
    const rel = csvPath === undefined ? undefined : relative(folder, csvPath);
    exported = exportSweep(spec, data, {
      target: to,
      scriptName: basename(script),
      specName: basename(specFile),
      ...(csvPath !== undefined ? { csvPath: rel && !isAbsolute(rel) && !rel.startsWith('..') ? rel : csvPath } : {}),
    });
  } catch (e) {
    if (e instanceof SpecError) throw new SweepArgsError(specProblemLines(specFile, e));
    throw e;
  }
  mkdirSync(folder, { recursive: true });
  writeFileSync(script, exported.script);
  const written = [script];
  for (const f of exported.files) {
    const path = join(folder, f.name);
    writeFileSync(path, f.text);
    written.push(path);
  }
  return written;
}

export async function cmdExport(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const args = parseArgs(argv);
  const written = await writeExport(args.file, args.to, args.out);
  out(written.map((p) => `wrote ${p}\n`).join(''));
  return 0;
}
