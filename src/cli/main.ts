#!/usr/bin/env node
/** The `losslab` command. Each subcommand reads files, calls the engine and prints. */
import { readFileSync } from 'node:fs';
import { evaluateCase } from '../engine/cases';
import { LOSSES } from '../engine/catalog';
import { catalogJson } from '../engine/catalog/json';
import { EXPORT_USAGE, cmdExport } from './export';
import { SWEEP_IMPORT_USAGE, cmdSweepImport } from './sweepImport';
import { CHECK_LOSS_USAGE, CheckLossArgsError, cmdCheckLoss } from './checkLoss';
import { LANDSCAPE_USAGE, LandscapeArgsError, cmdLandscape } from './landscape';
import { LOGS_USAGE, LogsArgsError, cmdLogs } from './logs';
import { SWEEP_USAGE, SweepArgsError, cmdSweep } from './sweep';

const USAGE = `usage: losslab <command> [args]

commands:
  eval FILE          evaluate reference cases (JSON array) and print results as JSON
  list [--json]      list the loss catalog
${LANDSCAPE_USAGE}
${LOGS_USAGE}
${SWEEP_USAGE}
${EXPORT_USAGE}
${SWEEP_IMPORT_USAGE}
${CHECK_LOSS_USAGE}
  help               show this message`;

export class CliError extends Error {}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

function cmdEval(argv: string[]): void {
  const file = argv[0];
  if (!file) throw new CliError('eval needs a FILE');
  const cases = readJson(file);
  if (!Array.isArray(cases)) throw new CliError(`${file}: expected a JSON array of cases`);
  const results = cases.map((c, i) => evaluateCase(c, i));
  process.stdout.write('[\n' + results.map((r) => JSON.stringify(r)).join(',\n') + '\n]\n');
}

function cmdList(argv: string[]): void {
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify(catalogJson(), null, 2) + '\n');
    return;
  }
  const width = Math.max(...LOSSES.map((l) => l.id.length));
  for (const l of LOSSES) process.stdout.write(`${l.id.padEnd(width)}  ${l.family.padEnd(14)}  ${l.summary}\n`);
}

/** An async command: its exit code when it ends; a usage error (`ArgsError`) exits 2, anything else 1. */
function runAsync(command: Promise<number>, ArgsError: abstract new (...args: never[]) => Error): number {
  void command.then((code) => (process.exitCode = code), (e: unknown) => {
    process.stderr.write(`losslab: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof ArgsError ? 2 : 1;
  });
  return 0;
}

export function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'eval': cmdEval(rest); return 0;
      case 'list': cmdList(rest); return 0;
      case 'landscape': return runAsync(cmdLandscape(rest), LandscapeArgsError);
      case 'logs': return runAsync(cmdLogs(rest), LogsArgsError);
      case 'sweep': return runAsync(cmdSweep(rest), SweepArgsError);
      case 'export': return runAsync(cmdExport(rest), SweepArgsError);
      case 'sweep-import': return runAsync(cmdSweepImport(rest), SweepArgsError);
      case 'check-loss': return runAsync(cmdCheckLoss(rest), CheckLossArgsError);
      case undefined: case 'help': case '--help': case '-h':
        process.stdout.write(USAGE + '\n');
        return cmd === undefined ? 2 : 0;
      default:
        throw new CliError(`unknown command "${cmd}"\n\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`losslab: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

// A reader that stops early (`losslab list | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = main(process.argv.slice(2));
