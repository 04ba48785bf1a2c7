/**
 * The commands of `mmlog` and every flag its parsers accept, in one place:
 * main.ts dispatches from this list, and test/readmeCli.test.ts holds the
 * README's CLI section to it, so the documentation cannot drift from the code.
 * @module
 */
import { cat } from './commands/cat.js';
import { recoverCommand } from './commands/recover.js';
import { replayCommand } from './commands/replay.js';
import { shipCommand } from './commands/ship.js';
import { statCommand } from './commands/stat.js';
import { tail } from './commands/tail.js';
import { verifyCommand } from './commands/verify.js';
import type { Command } from './output.js';

/** Every subcommand, in the order `mmlog --help` lists them. */
export const commands: readonly Command[] = [
  cat,
  tail,
  statCommand,
  verifyCommand,
  recoverCommand,
  shipCommand,
  replayCommand,
];

/** Asks for help: alone (`mmlog --help`) or with a command, before any `--`. */
export const HELP_FLAGS: readonly string[] = ['-h', '--help'];
/** Prints the version; only in place of a command (`mmlog --version`). */
export const VERSION_FLAGS: readonly string[] = ['-v', '--version'];

/**
 * Every flag `mmlog <command>` accepts: each option of its parser, long
 * (`--name`) and short (`-x`), and the help flags, which main.ts answers
 * before the command's parser runs.
 */
export function flagsOf(command: Command): string[] {
  const flags = [...HELP_FLAGS];
  for (const [name, spec] of Object.entries(command.options)) {
    flags.push(`--${name}`);
    if (spec.short !== undefined) flags.push(`-${spec.short}`);
  }
  return flags;
}
