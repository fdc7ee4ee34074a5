// `npm start`: builds Loss Lab, starts VS Code (code-server, installed on first use) on 127.0.0.1
// with the examples/ workspace and this checkout loaded as the extension under development (and
// linked as installed, for the Extensions view), prints the URL and runs until Ctrl+C. Run
// `npm run watch` alongside and reload the window after edits.
// Usage: node scripts/start.mjs [--port N] [--folder DIR]
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { REPO, startCodeServer, workbenchUrl } from './vscode.mjs';

function option(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const folder = resolve(option('folder') ?? join(REPO, 'examples'));
const port = option('port') ?? process.env.LOSSLAB_PORT;

const build = spawnSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
if (build.status !== 0) {
  console.error('The build failed; fix the errors above and run npm start again.');
  process.exit(1);
}

let server;
try {
  // Also listed as installed, so the Extensions view shows Loss Lab (the development copy is what runs).
  server = await startCodeServer({ folder, installExtension: REPO, ...(port ? { port: Number(port) } : {}) });
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
const url = workbenchUrl(server, { folder, extensionDevelopmentPath: REPO });
console.log(`\nLoss Lab is running in VS Code (code-server) with ${folder}.\nOpen this URL in a browser on this machine:\n\n  ${url}\n\nPress Ctrl+C to stop.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
