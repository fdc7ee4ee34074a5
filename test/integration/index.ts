// Entry of the integration tests in the @vscode/test-electron convention: VS Code's extension host
// loads this module (extensionTestsPath) and awaits `run()`. Every test/integration/**/*.test.ts is
// bundled by scripts/build.mjs next to this file as *.test.js; mocha (tdd UI) runs them all.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    // LOSSLAB_TEST_FILES=sweep,panels runs only the files whose names contain one of the words.
    .filter((f) => !process.env.LOSSLAB_TEST_FILES || process.env.LOSSLAB_TEST_FILES.split(',').some((w) => f.includes(w)))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
