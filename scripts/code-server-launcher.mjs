#!/usr/bin/env node
// A stand-in for the VS Code executable that @vscode/test-electron's `runTests` launches:
// `runTests({ vscodeExecutablePath: 'scripts/code-server-launcher.mjs', ... })` runs the same
// tests in code-server here that it runs in a downloaded desktop VS Code elsewhere.
// Reads --extensionDevelopmentPath=, --extensionTestsPath= and the first plain argument (the
// folder to open); ignores Electron-only flags.
import { runExtensionTests } from './workbench-tests.mjs';

const flag = (name) => process.argv.slice(2).find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const folder = process.argv.slice(2).find((a) => !a.startsWith('-'));

const code = await runExtensionTests({
  extensionDevelopmentPath: flag('extensionDevelopmentPath'),
  extensionTestsPath: flag('extensionTestsPath'),
  ...(folder ? { folder } : {}),
});
process.exit(code);
