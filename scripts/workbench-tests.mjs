// Runs extension tests (a module exporting `run()`, the @vscode/test-electron convention) inside
// code-server's extension host: starts code-server, opens the workbench in Chromium with the
// extension and its tests given through the URL payload, relays the extension host's console to
// stdout and resolves with the exit code the workbench reports through `codeAutomationExit`.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { CACHE, REPO, launchChromium, startCodeServer, workbenchUrl } from './vscode.mjs';

const TIMEOUT_MS = Number(process.env.LOSSLAB_TEST_TIMEOUT_MS ?? 10 * 60_000);

/** The extension host's console arrives as console.log's arguments (mocha logs '%d passing'). */
function text(args) {
  return format(...(Array.isArray(args) ? args : [args]));
}

export async function runExtensionTests({
  extensionDevelopmentPath = REPO,
  extensionTestsPath = join(REPO, 'out', 'test', 'integration', 'index'),
  folder = join(REPO, 'examples'),
  screenshotDir = join(REPO, 'test-results', 'integration'),
  write = (line) => process.stdout.write(line + '\n'),
} = {}) {
  const server = await startCodeServer({ folder });
  let browser;
  try {
    browser = await launchChromium(join(server.runDir, 'chromium'));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let finish;
    const exited = new Promise((r) => (finish = r));
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      for (const line of text(args).split('\n')) write(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    const url = workbenchUrl(server, {
      folder: resolve(folder),
      extensionDevelopmentPath: resolve(extensionDevelopmentPath),
      extensionTestsPath: resolve(extensionTestsPath),
    });
    // The document, not its 'load' event (every workbench script): on a loaded machine that took
    // longer than playwright's default 30 s. The tests themselves report back through codeAutomationExit.
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 180_000 });
    let timer;
    const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), TIMEOUT_MS)));
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'workbench.png') }).catch(() => {});
    if (code === 'timeout') {
      write(`integration tests did not finish within ${TIMEOUT_MS} ms`);
      return 1;
    }
    return code;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

export { CACHE };
