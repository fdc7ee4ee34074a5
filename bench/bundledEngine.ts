/** The engine as users run it: bundled by esbuild, as the extension, its workers and the CLI are.
 *  Imported from the sources instead, tsx's CommonJS transform turns every call across modules
 *  into a call through an export getter, which V8 does not always inline in a hot loop, so the
 *  benches measured a slower engine than the one shipped. `--from-source` measures that one. */
import * as esbuild from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hasFlag } from './args';

export type Engine = typeof import('./engineEntry');

const here = dirname(fileURLToPath(import.meta.url));

export async function loadEngine(): Promise<{ engine: Engine; how: string }> {
  if (hasFlag('--from-source')) return { engine: await import('./engineEntry'), how: 'engine imported from its sources through tsx (--from-source)' };
  const outfile = join(mkdtempSync(join(tmpdir(), 'losslab-engine-')), 'engine.mjs');
  await esbuild.build({ entryPoints: [join(here, 'engineEntry.ts')], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile, logLevel: 'error' });
  return { engine: (await import(pathToFileURL(outfile).href)) as Engine, how: 'engine bundled by esbuild as shipped (--from-source for the sources through tsx)' };
}
