// The real VS Code used by the tests and `npm start`: code-server (VS Code in the browser) pinned
// below, installed from the npm registry into the git-ignored `.vscode-test/` on first use.
// Why code-server: these machines cannot download desktop VS Code; code-server ships as an npm
// package and runs the same workbench and extension host.
//
// Usage as a library:  ensureCodeServer(), startCodeServer({ folder }), workbenchUrl(server, opts)
// Usage as a script:   node scripts/vscode.mjs install | start [FOLDER]
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = join(REPO, '.vscode-test');
const INSTALL_DIR = join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
const ENTRY = join(INSTALL_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const INSTALLED_MARK = join(INSTALL_DIR, '.installed');

/** Debian packages: ripgrep (replaces the GitHub download of @vscode/ripgrep), chromium (the e2e
 *  browser), libkrb5-dev + build-essential + python3 (code-server's native modules build), and the
 *  Python the tests run real frameworks in (/usr/bin/python3): torch and torchvision (reference
 *  values, the user's losses and models), optuna (exported studies), ipykernel + nbclient (notebooks
 *  in a real kernel), scikit-learn, protobuf + protoc (TensorBoard's own Event messages). */
const PY_MODULES = {
  'python3-torch': 'torch', 'python3-torchvision': 'torchvision', 'python3-optuna': 'optuna',
  'python3-ipykernel': 'ipykernel', 'python3-nbclient': 'nbclient', 'python3-sklearn': 'sklearn',
  'python3-protobuf': 'google/protobuf', 'python3-jsonschema': 'jsonschema',
};
const APT_PACKAGES = ['ripgrep', 'chromium', 'libkrb5-dev', 'build-essential', 'python3', ...Object.keys(PY_MODULES), 'protobuf-compiler'];
const pyModule = (name) => () => existsSync(`/usr/lib/python3/dist-packages/${name}`);
const APT_CHECKS = {
  ...Object.fromEntries(Object.entries(PY_MODULES).map(([pkg, mod]) => [pkg, pyModule(mod)])),
  'protobuf-compiler': () => existsSync('/usr/bin/protoc'),
  ripgrep: () => existsSync('/usr/bin/rg'),
  chromium: () => existsSync('/usr/bin/chromium'),
  'libkrb5-dev': () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h'),
  'build-essential': () => onPath('g++') && onPath('make'),
  python3: () => onPath('python3'),
};

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const say = (msg) => process.stderr.write(`[vscode] ${msg}\n`);

/** Installs missing Debian packages when root; otherwise throws with the exact command to run. */
export function ensureSystemPackages() {
  const missing = APT_PACKAGES.filter((p) => !APT_CHECKS[p]());
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`Loss Lab's tests need Debian packages that are missing: ${missing.join(', ')}.\nRun:  sudo sh -c '${command}'`);
  }
  say(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const r = spawnSync('sh', ['-c', command], { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (r.status !== 0) throw new Error(`apt-get failed (exit ${r.status}): ${command}`);
}

/** @vscode/ripgrep's postinstall downloads ripgrep from GitHub unless an archive sits in its cache
 *  folder under $TMPDIR; an archive of Debian's rg there satisfies it. */
function seedRipgrepCache(tmpDir) {
  const cacheDir = join(tmpDir, 'vscode-ripgrep-cache-1.15.11');
  const archive = join(cacheDir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(archive)) return;
  const stage = join(tmpDir, 'rg-stage');
  mkdirSync(stage, { recursive: true });
  mkdirSync(cacheDir, { recursive: true });
  copyFileSync('/usr/bin/rg', join(stage, 'rg'));
  chmodSync(join(stage, 'rg'), 0o755);
  const r = spawnSync('tar', ['-czf', archive, '-C', stage, 'rg'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not build the ripgrep cache archive');
}

export function isInstalled() {
  return existsSync(INSTALLED_MARK) && existsSync(ENTRY) && readFileSync(INSTALLED_MARK, 'utf8').trim() === CODE_SERVER_VERSION;
}

/** Installs code-server into .vscode-test/ unless already there; returns its entry script. Quick
 *  (a file check) when installed. */
export function ensureCodeServer() {
  ensureSystemPackages();
  if (isInstalled()) return ENTRY;
  const started = Date.now();
  say(`installing code-server ${CODE_SERVER_VERSION} into ${INSTALL_DIR} (first use, about a minute)`);
  rmSync(INSTALL_DIR, { recursive: true, force: true });
  const tmpDir = join(CACHE, 'install-tmp');
  mkdirSync(INSTALL_DIR, { recursive: true });
  mkdirSync(tmpDir, { recursive: true });
  seedRipgrepCache(tmpDir);
  writeFileSync(join(INSTALL_DIR, 'package.json'), JSON.stringify({ name: 'losslab-code-server', private: true }, null, 2));
  const env = {
    ...process.env,
    TMPDIR: tmpDir,
    // Local Node headers for node-gyp (no header download); `yes` lets node-pty's `npx node-gyp`
    // run non-interactively; unsafe_perm lets code-server's postinstall run as root.
    ...(existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {}),
    npm_config_yes: 'true',
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: INSTALL_DIR, env, stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0 || !existsSync(ENTRY)) throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status})`);
  writeFileSync(INSTALLED_MARK, CODE_SERVER_VERSION + '\n');
  say(`code-server installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return ENTRY;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Run folders left by a caller that was killed: their server (pid file) is no longer running.
 *  A folder without a pid file may be one another caller is setting up: kept for ten minutes. */
function removeStaleRuns() {
  const runs = join(CACHE, 'r');
  if (!existsSync(runs)) return;
  for (const name of readdirSync(runs)) {
    const pidFile = join(runs, name, 'pid');
    if (existsSync(pidFile) ? alive(Number(readFileSync(pidFile, 'utf8'))) : Date.now() - statSync(join(runs, name)).mtimeMs < 600_000) continue;
    rmSync(join(runs, name), { recursive: true, force: true });
  }
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** HOME, XDG_* and TMPDIR under `dir`, so code-server and Chromium write nothing outside the project. */
export function isolatedEnv(dir) {
  const env = { ...process.env };
  for (const [name, sub] of [['HOME', 'home'], ['XDG_CONFIG_HOME', 'config'], ['XDG_DATA_HOME', 'data'], ['XDG_CACHE_HOME', 'cache'], ['XDG_RUNTIME_DIR', 'rt'], ['TMPDIR', 'tmp']]) {
    env[name] = join(dir, sub);
    mkdirSync(env[name], { recursive: true, mode: 0o700 });
  }
  // Nothing of the calling VS Code (when run from its terminal) may leak into the server.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return env;
}

async function waitHealthy(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
}

/** Lists the unpacked extension in `folder` (this checkout) as installed in `extensionsDir`, so the
 *  Extensions view shows it: a folder under the name VS Code gives installed extensions, of symlinks
 *  into `folder`, recorded in the folder's extensions.json. Removing the run folder (or uninstalling)
 *  removes the links, never `folder`. */
export function linkExtension(extensionsDir, folder) {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  const name = `${id}-${manifest.version}`;
  const link = join(extensionsDir, name);
  // What the .vsix holds, linked file by file, with the README it ships (images inlined by the build).
  mkdirSync(link);
  for (const entry of ['package.json', 'package.nls.json', 'l10n', 'out', 'media', 'python', 'LICENSE']) {
    if (existsSync(join(folder, entry))) symlinkSync(join(folder, entry), join(link, entry));
  }
  const packagedReadme = join(folder, 'out', 'README.md');
  symlinkSync(existsSync(packagedReadme) ? packagedReadme : join(folder, 'README.md'), join(link, 'README.md'));
  writeFileSync(join(extensionsDir, 'extensions.json'), JSON.stringify([{
    identifier: { id }, version: manifest.version, location: { $mid: 1, path: link, scheme: 'file' }, relativeLocation: name,
    metadata: { installedTimestamp: Date.now(), source: 'vsix', pinned: true },
  }]));
}

/**
 * Starts code-server on a free 127.0.0.1 port, in its own process group, with a fresh run folder
 * (user data, empty extensions dir, HOME/XDG/TMPDIR) under .vscode-test/r/. Resolves when
 * /healthz answers. `stop()` ends the whole process group and removes the run folder unless `keep`.
 */
export async function startCodeServer({ folder = REPO, port: wantedPort, runName, keep = false, log = say, quiet = true, installExtension } = {}) {
  const entry = ensureCodeServer();
  removeStaleRuns();
  const port = wantedPort ?? (await freePort());
  // Short: the IPC socket path under XDG_RUNTIME_DIR must stay below 107 characters.
  const runDir = join(CACHE, 'r', runName ?? String(port));
  rmSync(runDir, { recursive: true, force: true });
  const env = isolatedEnv(runDir);
  const extensionsDir = join(runDir, 'extensions');
  const userDataDir = join(runDir, 'user-data');
  mkdirSync(extensionsDir, { recursive: true });
  if (installExtension) linkExtension(extensionsDir, installExtension);
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'workbench.enableExperiments': false,
    'editor.hover.delay': 150,
  }, null, 2));
  const config = join(runDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    entry, '--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    folder,
  ];
  const logFile = join(runDir, 'code-server.log');
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  writeFileSync(join(runDir, 'pid'), String(child.pid));
  const chunks = [];
  const onData = (d) => {
    chunks.push(d);
    if (!quiet) process.stderr.write(d);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const exited = new Promise((r) => child.once('exit', r));
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killSync);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => killSync(), 5000);
    await exited;
    clearTimeout(timer);
    killSync();
    writeFileSync(logFile, Buffer.concat(chunks));
    if (!keep) rmSync(runDir, { recursive: true, force: true });
  };
  // A Ctrl+C or crash of the caller must not leave the server running.
  function killSync() {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // On Ctrl+C Node skips 'exit' listeners: kill the group here, and exit unless the caller handles it.
  function onSignal(signal) {
    killSync();
    if (process.listenerCount(signal) === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
  }
  process.on('exit', killSync);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await waitHealthy(url, child, 30000);
  } catch (e) {
    writeFileSync(logFile, Buffer.concat(chunks));
    await stop();
    throw new Error(`${e.message}\n${Buffer.concat(chunks).toString().slice(-2000)}`);
  }
  log(`code-server ${CODE_SERVER_VERSION} ready at ${url} (pid ${child.pid})`);
  return { url, port, host: `127.0.0.1:${port}`, runDir, env, pid: child.pid, stop, output: () => Buffer.concat(chunks).toString() };
}

/** Chromium flags for a headless workbench on these machines (never `playwright install`). */
export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];
export const CHROMIUM_PATH = process.env.LOSSLAB_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium driven by playwright-core, writing only under `dir`. Close it on every path. */
export async function launchChromium(dir) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    env: isolatedEnv(dir),
  });
}

/** The workbench URL opening `folder` with the extension under development (and its tests) loaded,
 *  through the `payload` query the workbench reads. Paths are absolute paths on this machine. */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath, file } = {}) {
  const remote = (p) => `vscode-remote://${server.host}${p}`;
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (file) payload.push(['openFile', remote(file)]);
  const q = new URLSearchParams();
  if (folder) q.set('folder', folder);
  q.set('payload', JSON.stringify(payload));
  return `${server.url}/?${q.toString()}`;
}

async function main() {
  const [cmd = 'install', folder] = process.argv.slice(2);
  if (cmd === 'install') {
    const started = Date.now();
    ensureCodeServer();
    say(`ready: ${ENTRY} (${Date.now() - started} ms)`);
  } else if (cmd === 'start') {
    const server = await startCodeServer({ folder: resolve(folder ?? REPO), quiet: false });
    say(`open ${server.url}/?folder=${resolve(folder ?? REPO)}  (Ctrl+C to stop)`);
    const stop = () => server.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } else {
    say('usage: node scripts/vscode.mjs install | start [FOLDER]');
    process.exit(2);
  }
}

// No top-level await: the TypeScript e2e tests load this module through tsx's require.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    say(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
