#!/usr/bin/env node
/**
 * The `mmlog` command line: `mmlog <command> PATH [options]`. Dispatches to
 * the subcommands in ./commands/, turns every failure into one line on stderr
 * and a non-zero exit status (2 for a bad command line, 1 otherwise).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, MmlogError } from '../errors.js';
import { BrokenPipe, flushOut, printError, UsageError } from './output.js';

/**
 * The subcommands load the native addon, so their list is imported here
 * rather than statically: without a usable addon (e.g. installed with
 * `--ignore-scripts` on a Node.js with no prebuilt binary), `mmlog` prints
 * the one line of advice of `ERR_MMLOG_NATIVE_ADDON` instead of a stack trace.
 */
async function loadCommandList(): Promise<typeof import('./commandList.js')> {
  try {
    return await import('./commandList.js');
  } catch (error) {
    if (!(error instanceof MmlogError && error.code === ErrorCode.NATIVE_ADDON)) throw error;
    printError(error);
    process.exit(1);
  }
}

const { commands, HELP_FLAGS, VERSION_FLAGS } = await loadCommandList();

const usage = `Usage: mmlog <command> PATH [options]

Reads and maintains mmlog logs (PATH is the data file; PATH.ctl is its control file).

Commands:
${commands.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join('\n')}

Options:
  -h, --help      show this help, or a command's: mmlog <command> --help
  -v, --version   print the version

Example:
  mmlog tail -f /var/log/app.log
`;

/**
 * The version in mmlog's package.json, found by walking up from this file:
 * it runs from src/cli/ (tsx) and from dist/src/cli/ (built), at different depths.
 */
function version(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mmlog' && pkg.version !== undefined) return pkg.version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

/** Whether `args` ask for help before any `--` (after which everything is a PATH). */
function wantsHelp(args: string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (HELP_FLAGS.includes(arg)) return true;
  }
  return false;
}

/** Runs `mmlog` with `argv` (without node and the script) and resolves to the exit status. */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    process.stderr.write(usage);
    return 2;
  }
  if (HELP_FLAGS.includes(name)) {
    process.stdout.write(usage);
    return 0;
  }
  if (VERSION_FLAGS.includes(name)) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (name === 'help') {
    const topic = commands.find((c) => c.name === args[0]);
    if (topic === undefined && args[0] !== undefined) {
      process.stderr.write(`mmlog: unknown command '${args[0]}' (see 'mmlog --help')\n`);
      return 2;
    }
    process.stdout.write(topic?.help ?? usage);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    const what = name.startsWith('-') ? 'unknown option' : 'unknown command';
    process.stderr.write(`mmlog: ${what} '${name}' (see 'mmlog --help')\n`);
    return 2;
  }
  if (wantsHelp(args)) {
    process.stdout.write(command.help);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof BrokenPipe) return 0;
    if (error instanceof UsageError) {
      process.stderr.write(`mmlog ${command.name}: ${error.message}\n`);
      return 2;
    }
    printError(error);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
await flushOut();
