/**
 * Shared plumbing of the `mmlog` command line: writing to stdout without
 * buffering a whole log in memory, exiting quietly when the reader of a pipe
 * goes away, one-line error messages, argument parsing and the progress bar
 * of `verify`.
 * @module
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MmlogError } from '../errors.js';
import type { LogRecord } from '../reading/read.js';

export { LineSplitter } from '../reading/lines.js';

/** One subcommand of `mmlog`. */
export interface Command {
  name: string;
  /** One sentence, for `mmlog --help`. */
  summary: string;
  /** Its flags, as its parser takes them (the README's CLI section is checked against them). */
  options: OptionSpec;
  /** The full text of `mmlog <name> --help`. */
  help: string;
  /** Runs with the arguments after the command name; resolves to the exit status. */
  run(args: string[]): Promise<number>;
}

/** A mistake in the command line: reported as `mmlog <cmd>: <message>`, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Thrown by {@link writeOut} once stdout is gone (e.g. `mmlog cat x | head`): the command ends quietly. */
export class BrokenPipe extends Error {
  override name = 'BrokenPipe';
}

let stdoutGone = false;
// Without a listener an EPIPE on stdout is an uncaught exception with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  stdoutGone = true;
  if (error.code !== 'EPIPE') process.stderr.write(`mmlog: cannot write to stdout: ${error.message}\n`);
});

/** Bytes written since the last turn of the event loop. */
let sinceYield = 0;
/** Give the event loop a turn this often, so that an EPIPE reported asynchronously is noticed. */
const YIELD_EVERY = 4 * 1024 * 1024;

/**
 * Writes to stdout, waiting for the stream to drain when its buffer is full,
 * so that printing a log larger than memory holds at most one buffer of it.
 * @throws BrokenPipe once stdout was closed by its reader.
 */
export async function writeOut(chunk: string | Uint8Array): Promise<void> {
  const out = process.stdout;
  if (stdoutGone || out.destroyed) throw new BrokenPipe('stdout closed');
  sinceYield += chunk.length;
  if (out.write(chunk)) {
    if (sinceYield < YIELD_EVERY) return;
    sinceYield = 0;
    await new Promise<void>((resolve) => setImmediate(resolve));
  } else {
    sinceYield = 0;
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('error', done);
        out.off('close', done);
        resolve();
      };
      out.on('drain', done);
      out.on('error', done);
      out.on('close', done);
    });
  }
  if (stdoutGone || out.destroyed) throw new BrokenPipe('stdout closed');
}

/** Waits until everything written to stdout has been handed to the OS (before exiting). */
export function flushOut(): Promise<void> {
  if (stdoutGone || process.stdout.destroyed) return Promise.resolve();
  return new Promise((resolve) => process.stdout.write('', () => resolve()));
}

/**
 * The one-line message for an error: MmlogError with its stable code, fs
 * errors with Node's own message (naming the file and the system call).
 * `logPath` lets a missing control file be reported as a missing log.
 */
function describeError(error: unknown, logPath = currentLogPath): string {
  if (error instanceof MmlogError) return oneLine(`${error.message} [${error.code}]`);
  if (error instanceof Error) {
    const errno = error as NodeJS.ErrnoException;
    if (errno.code === 'ENOENT' && logPath !== undefined && errno.path === `${logPath}.ctl`) {
      // Every command opens PATH.ctl first: name the log the user gave, not a file they never typed.
      const what = existsSync(logPath) ? `'${logPath}' is not an mmlog log` : `no such log '${logPath}'`;
      return oneLine(`${what} (${error.message})`);
    }
    return oneLine(error.message);
  }
  return oneLine(String(error));
}

/** The stderr line that tells of records lost at `[start, end)` (a reader's `onLost`). */
export function lostLine(prefix: string, start: number, end: number): string {
  return `${prefix}: records lost at ${start}..${end} (no writer's claim accounts for them; see mmlog verify)\n`;
}

/** Prints `<prefix>: <message>` on stderr. */
export function printError(error: unknown, logPath = currentLogPath, prefix = 'mmlog'): void {
  process.stderr.write(`${prefix}: ${describeError(error, logPath)}\n`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** The PATH of the command being run, for {@link describeError}. */
let currentLogPath: string | undefined;

/** Options in `node:util` parseArgs form. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** The values parseArgs returns for `T`. */
type OptionValues<T extends OptionSpec> = { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };

/**
 * Parses `args` strictly with `node:util` parseArgs and returns the values and
 * the single PATH. Its errors become {@link UsageError}s of one short line.
 */
export function parseCommand<T extends OptionSpec>(
  args: string[],
  options: T,
  cmd: string,
): { path: string; values: OptionValues<T> } {
  let parsed: { values: unknown; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs appends advice about '--' to its first sentence: keep the sentence.
    const message = error instanceof Error ? (error.message.split(/\.\s/)[0] ?? error.message) : String(error);
    const line = message.replace(/\.$/, '').replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
    throw new UsageError(`${line} (see 'mmlog ${cmd} --help')`);
  }
  const { positionals, values } = parsed;
  if (positionals.length === 0) throw new UsageError(`missing PATH (see 'mmlog ${cmd} --help')`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
  currentLogPath = positionals[0];
  return { path: positionals[0], values: values as OptionValues<T> };
}

/** Parses a non-negative integer option (a position or a count). */
export function parseCount(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`${name} must be a non-negative integer, got '${value}'`);
  return n;
}

/** `1536` → `1.5 KiB`. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

const decoder = new TextDecoder();

/** One record as a JSON line: `{"pos":N,"data":"<utf8>"}` (invalid UTF-8 becomes U+FFFD). */
export function jsonLine(record: LogRecord): string {
  return `${JSON.stringify({ pos: record.pos, data: decoder.decode(record.data) })}\n`;
}

/** Logs smaller than this verify in well under a second: no progress bar. */
const PROGRESS_THRESHOLD = 64 * 1024 * 1024;
/** Redraws at most this often; verify reports every few megabytes. */
const REDRAW_MS = 100;

/**
 * A progress bar on stderr (`\r` redraws: percentage and MB/s), or undefined
 * when stderr is not a terminal or `total` is too small to be worth it.
 * `started` (ms) is when the work began, for the rate.
 */
export function progressBar(
  total: number,
  label: string,
  started = Date.now(),
): { update(done: number): void; end(): void } | undefined {
  if (!process.stderr.isTTY || total < PROGRESS_THRESHOLD) return undefined;
  let drawn = 0;
  const width = 30;
  return {
    update(done: number) {
      const now = Date.now();
      if (now - drawn < REDRAW_MS && done < total) return;
      drawn = now;
      const fraction = Math.min(1, total > 0 ? done / total : 1);
      const filled = Math.round(fraction * width);
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rate = done / 1e6 / seconds;
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      process.stderr.write(`\r${label} [${bar}] ${(fraction * 100).toFixed(1)}% ${rate.toFixed(0)} MB/s\x1b[K`);
    },
    end() {
      // Erase the bar so that the summary starts on a clean line.
      process.stderr.write('\r\x1b[K');
    },
  };
}
