// One esbuild script for every bundle. Types are checked separately (`npm run typecheck`).
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateSnippets } from './gen-snippets.mjs';
import { writePackagedReadme } from './packaged-readme.mjs';
import { buildWasm } from './wasm.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

/** Node bundles (extension host, worker, CLI) and browser bundles (webview, notebook renderer). */
const entries = [
  // The banner timestamps the start of the bundle's evaluation, for LossLabApi.loadMs.
  { entryPoints: ['src/extension/main.ts'], outfile: 'out/extension.js', platform: 'node', format: 'cjs', external: ['vscode'], target: 'node20', banner: { js: 'var __losslabBundleStart = performance.now();' } },
  { entryPoints: ['src/worker/main.ts'], outfile: 'out/worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  { entryPoints: ['src/worker/landscape.ts'], outfile: 'out/landscape-worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  { entryPoints: ['src/worker/anomalies.ts'], outfile: 'out/anomaly-worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'out/cli.js', platform: 'node', format: 'cjs', target: 'node20' },
  // plotly's dependencies expect Node's `global`.
  { entryPoints: ['src/webview/main.ts'], outfile: 'out/webview.js', platform: 'browser', format: 'iife', target: 'es2022', define: { global: 'globalThis' } },
  { entryPoints: ['src/renderer/main.ts'], outfile: 'out/renderer.js', platform: 'browser', format: 'esm', target: 'es2022', define: { global: 'globalThis' } },
].filter((e) => existsSync(e.entryPoints[0]));

/** Every `*.test.ts` under `dir` (Node 20's fs has no glob). */
function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(dir, f))
    .sort();
}

/** Test bundles (not in --production): integration tests run in VS Code's extension host next to
 *  their mocha `run()` entry, out/test/integration/index.js. (e2e tests run from source with tsx.) */
if (!production) {
  const integration = ['test/integration/index.ts', ...testFiles('test/integration')].filter(existsSync);
  if (integration.length > 0) {
    entries.push({ entryPoints: integration, outdir: 'out/test/integration', outbase: 'test/integration', platform: 'node', format: 'cjs', external: ['vscode', 'mocha'], target: 'node20' });
  }
}

// The engine's WebAssembly kernels (imported as generated modules), the Python grammar the editor
// features load at run time, and the snippets made from the catalog.
try {
  await buildWasm();
} catch (e) {
  console.error(e instanceof Error ? e.message : e); // not binaryen's minified source line
  process.exit(1);
}
mkdirSync('out', { recursive: true });
copyFileSync('node_modules/web-tree-sitter/web-tree-sitter.wasm', 'out/web-tree-sitter.wasm');
copyFileSync('node_modules/tree-sitter-python/tree-sitter-python.wasm', 'out/tree-sitter-python.wasm');
// sql.js finds its wasm beside the bundle that loads it (src/engine/logs/sqlite.ts).
copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'out/sql-wasm.wasm');
await generateSnippets();
writePackagedReadme();

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
