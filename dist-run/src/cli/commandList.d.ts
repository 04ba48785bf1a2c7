import type { Command } from './output.js';
/** Every subcommand, in the order `mmlog --help` lists them. */
export declare const commands: readonly Command[];
/** Asks for help: alone (`mmlog --help`) or with a command, before any `--`. */
export declare const HELP_FLAGS: readonly string[];
/** Prints the version; only in place of a command (`mmlog --version`). */
export declare const VERSION_FLAGS: readonly string[];
/**
 * Every flag `mmlog <command>` accepts: each option of its parser, long
 * (`--name`) and short (`-x`), and the help flags, which main.ts answers
 * before the command's parser runs.
 */
export declare function flagsOf(command: Command): string[];
