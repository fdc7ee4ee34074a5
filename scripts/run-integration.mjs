// Integration tests through @vscode/test-electron's runTests. By default the "VS Code" it launches
// is scripts/code-server-launcher.mjs (code-server 4.100.3, installed on first use); with
// `--desktop` runTests downloads desktop VS Code instead (needs its update servers).
// Usage: node scripts/run-integration.mjs [--desktop]
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { REPO } from './vscode.mjs';

const desktop = process.argv.includes('--desktop');
try {
  await runTests({
    ...(desktop ? {} : { vscodeExecutablePath: join(REPO, 'scripts', 'code-server-launcher.mjs') }),
    extensionDevelopmentPath: REPO,
    extensionTestsPath: join(REPO, 'out', 'test', 'integration', 'index'),
    launchArgs: [join(REPO, 'examples')],
  });
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
