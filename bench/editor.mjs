// Editor latency bench in the real VS Code (code-server, as the integration tests): hover and
// code lenses on a 5,000-line file (p50/p95), activation time. `node bench/editor.mjs`.
// Results: bench/results/editor.json and a LOSSLAB_EDITOR_BENCH line on stdout.
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { REPO } from '../scripts/vscode.mjs';

await esbuild.build({
  entryPoints: [join(REPO, 'bench', 'editor-host.ts')],
  outfile: join(REPO, 'out', 'bench', 'editor-host.js'),
  bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], target: 'node20', logLevel: 'warning',
});
try {
  await runTests({
    vscodeExecutablePath: join(REPO, 'scripts', 'code-server-launcher.mjs'),
    extensionDevelopmentPath: REPO,
    extensionTestsPath: join(REPO, 'out', 'bench', 'editor-host'),
    launchArgs: [join(REPO, 'examples')],
  });
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
