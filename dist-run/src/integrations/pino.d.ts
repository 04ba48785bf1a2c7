/**
 * A pino destination backed by an mmlog log: every process of a cluster
 * can log to the same file at once, each line lands whole, and a line is in
 * the file (the shared page cache) as soon as the log call returns — it
 * survives the process crashing, being killed or calling `process.exit()`
 * right after, with no flushing and no worker thread.
 *
 * ```ts
 * import pino from 'pino';
 * import { destination } from 'mmlog/pino';
 *
 * const logger = pino(destination('/var/log/app.log'));
 * logger.info('hello');
 * ```
 *
 * The module's default export builds the same destination inside a pino
 * transport's worker thread: `pino.transport({ target: 'mmlog/pino',
 * options: { dest } })`. That works, but gives up what mmlog is for: pino
 * then buffers lines in the transport's ring buffer, and a process killed
 * before the worker has written them loses them. Prefer `pino(destination())`.
 *
 * The file is a raw log by default: an ordinary NDJSON file that `jq` and
 * log shippers read as usual. One difference while writers have it open:
 * the file is preallocated a chunk ahead, so it ends in zero bytes after the
 * last line (readers should stop at the first NUL). The last writer to close
 * trims them; after a crash, the next writer to open and close the log does.
 * @module
 */
import { EventEmitter } from 'node:events';
import { type OpenOptions } from '../open.js';
/** Options of {@link destination}: the log's path, a few of `pino.destination`'s options, and any {@link OpenOptions}. */
export interface DestinationOptions extends OpenOptions {
    /** The log file (named `dest` as in `pino.destination`). */
    dest: string;
    /** Create the log's directory (and its parents) if missing, here and on {@link MmlogDestination.reopen}. Default false. */
    mkdir?: boolean;
    /**
     * Accepted for drop-in compatibility with `pino.destination({ sync })`, and
     * ignored: every write is synchronous and crash-safe (the line is in the
     * shared page cache when `write` returns), and costs a memory copy, not a
     * syscall. `sync: false` would buy nothing: there is no I/O to defer.
     */
    sync?: boolean;
    /**
     * `'SIGHUP'`: call {@link MmlogDestination.reopen} when the process receives
     * SIGHUP (what logrotate's `postrotate` sends), until {@link MmlogDestination.end}
     * or {@link MmlogDestination.destroy}. Any number of destinations may ask
     * for it. While a handler is installed SIGHUP no longer terminates the
     * process (Node's rule for any listener). Main thread only: Node delivers
     * no signals to worker threads, where pino transports run.
     */
    reopenOn?: 'SIGHUP';
}
/** What the destination does besides the log's own options. */
interface Behaviour {
    mkdir: boolean;
    reopenOn: 'SIGHUP' | undefined;
    /** Chunks may hold several lines or part of one (a transport's worker): append whole lines only. */
    splitLines: boolean;
}
/**
 * A pino-compatible destination stream (the shape pino expects of
 * `pino.destination()`, i.e. sonic-boom): {@link write}, {@link flush},
 * {@link flushSync}, {@link end}, {@link reopen}, and the events `ready`,
 * `finish`, `close` and `error`.
 *
 * Nothing is buffered: each {@link write} is one {@link Log.append}, so
 * `flush` and `flushSync` have nothing to do. Not a durability barrier: a
 * line reaches the disk with normal write-back (it survives a process
 * crash, not a power cut).
 */
export declare class MmlogDestination extends EventEmitter {
    /** Always true: `pino(stream)` recognises a destination passed as its only argument by this. */
    readonly writable = true;
    /** The current log file; {@link reopen} may change it. */
    file: string;
    /** True once {@link end} or {@link destroy} has closed the log. */
    destroyed: boolean;
    private readonly options;
    private readonly behaviour;
    private log;
    /** The start of a line whose end has not been written yet (only when splitting lines). */
    private partial;
    private readonly onSignal;
    /** @internal Use {@link destination}. */
    constructor(file: string, options: OpenOptions, behaviour: Behaviour);
    /**
     * Appends `chunk` as one record. pino calls this with one complete line,
     * ending in `'\n'`, per log call; the line is in the file when this returns.
     * (Built by the default export, for a transport's worker, which hands over
     * whatever its buffer holds: there each complete line is one record, and
     * the start of an unfinished line waits for its end.)
     *
     * @returns true (there is never backpressure), or false after emitting
     *   `'error'` when the append failed (a line over `maxRecordSize`, a full
     *   disk). Like sonic-boom, a failure is an `'error'` event, which throws
     *   if nothing listens.
     * @throws Error when the destination has been ended.
     */
    write(chunk: string | Uint8Array): boolean;
    /** Calls `cb` on the next tick: every line written so far is already in the file. */
    flush(cb?: (error?: Error) => void): void;
    /** Does nothing: nothing is ever buffered. Safe to call after {@link end}. */
    flushSync(): void;
    /**
     * Starts appending to `file` (default: the current file), for log rotation:
     * after moving the log away, call `reopen()` to continue in a fresh file,
     * or `reopen(newPath)` to switch to a new name. The new log is opened before
     * the old one is closed, so a failure leaves the destination writing where
     * it was and is reported as an `'error'` event.
     *
     * A log's control file (`<file>.ctl`) goes with its data file: move both,
     * or rotate by switching to a new name.
     */
    reopen(file?: string): void;
    /**
     * Closes the log (the last writer to close trims the file to its exact
     * length), then emits `'finish'` and `'close'` on the next tick, like
     * sonic-boom. Calling it again does nothing.
     */
    end(): void;
    /** Closes the log at once and emits `'close'` (no `'finish'`), like sonic-boom. */
    destroy(): void;
    private openLog;
    private closeLog;
    /** Appends each complete line of `chunk` (with what came before it) as one record; keeps the rest. */
    private appendLines;
}
/**
 * Opens (or creates) the mmlog log at a path and returns a pino destination
 * writing to it. Any number of processes may open the same path.
 *
 * @param pathOrOptions The log file, or `{ dest, mkdir?, sync?, reopenOn?,
 *   ...openOptions }`. The format defaults to `'raw'` (a plain NDJSON file);
 *   `'framed'` adds a checksummed header to each line.
 * @throws TypeError / RangeError for malformed or unknown options (including
 *   `pino.destination` options that mean nothing here, such as `minLength`);
 *   what {@link open} throws (a missing directory without `mkdir`, a file
 *   that is not a log).
 */
export declare function destination(pathOrOptions: string | DestinationOptions): MmlogDestination;
/**
 * The pino transport entry point: `pino.transport({ target: 'mmlog/pino',
 * options: { dest, ... } })` calls it in the transport's worker thread with
 * `options` (the same as {@link destination}'s, less `reopenOn` and
 * `onRecovery`, which cannot work or cross into a worker). The worker hands
 * over chunks of its buffer, not lines: each complete line becomes one record.
 */
export default function transport(options: DestinationOptions): MmlogDestination;
export {};
