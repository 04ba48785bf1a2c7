import type { LogRecord } from '../reading/read.js';
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
export declare class UsageError extends Error {
    name: string;
}
/** Thrown by {@link writeOut} once stdout is gone (e.g. `mmlog cat x | head`): the command ends quietly. */
export declare class BrokenPipe extends Error {
    name: string;
}
/**
 * Writes to stdout, waiting for the stream to drain when its buffer is full,
 * so that printing a log larger than memory holds at most one buffer of it.
 * @throws BrokenPipe once stdout was closed by its reader.
 */
export declare function writeOut(chunk: string | Uint8Array): Promise<void>;
/** Waits until everything written to stdout has been handed to the OS (before exiting). */
export declare function flushOut(): Promise<void>;
/** Prints `<prefix>: <message>` on stderr. */
export declare function printError(error: unknown, logPath?: string | undefined, prefix?: string): void;
/** Options in `node:util` parseArgs form. */
export type OptionSpec = Record<string, {
    type: 'string' | 'boolean';
    short?: string;
}>;
/** The values parseArgs returns for `T`. */
type OptionValues<T extends OptionSpec> = {
    [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string;
};
/**
 * Parses `args` strictly with `node:util` parseArgs and returns the values and
 * the single PATH. Its errors become {@link UsageError}s of one short line.
 */
export declare function parseCommand<T extends OptionSpec>(args: string[], options: T, cmd: string): {
    path: string;
    values: OptionValues<T>;
};
/** Parses a non-negative integer option (a position or a count). */
export declare function parseCount(value: string | undefined, name: string, fallback: number): number;
/** `1536` → `1.5 KiB`. */
export declare function formatBytes(n: number): string;
/** One record as a JSON line: `{"pos":N,"data":"<utf8>"}` (invalid UTF-8 becomes U+FFFD). */
export declare function jsonLine(record: LogRecord): string;
/**
 * Cuts the byte ranges of a raw log into lines (each with its '\n' and the
 * position of its first byte), since ranges end wherever the reader stopped.
 */
export declare class LineSplitter {
    private parts;
    private start;
    /** Feeds the range at `pos`; yields the lines it completes. */
    push(pos: number, data: Uint8Array): Generator<LogRecord>;
    /** The incomplete last line, if any (taken out of the splitter). */
    flush(): LogRecord | undefined;
}
/**
 * A progress bar on stderr (`\r` redraws: percentage and MB/s), or undefined
 * when stderr is not a terminal or `total` is too small to be worth it.
 * `started` (ms) is when the work began, for the rate.
 */
export declare function progressBar(total: number, label: string, started?: number): {
    update(done: number): void;
    end(): void;
} | undefined;
export {};
